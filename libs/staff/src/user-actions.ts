import { issueImpersonationHandoff } from "@saas/auth";
import { endImpersonations, recordStaffAction, sessionTable, userTable, type Database, type StaffAction, type Transaction } from "@saas/db";
import { UserRole, UserRoles } from "@saas/db/enums";
import { AppError, notFound } from "@saas/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";

/**
 * What staff do to a user. Each runs in the staff action's transaction and records its one audit
 * entry there (`audit`): the entry exists if and only if the change committed. The user's row is
 * locked first, so two staff acting on one person at once take turns and each sees the other's
 * result. A ban ends the person's sessions at once, as Better Auth's own does.
 */

export type RecordAudit = (entry: Omit<StaffAction, "actor" | "request">) => Promise<void>;

export interface StaffActionScope {
  tx: Transaction;
  audit: RecordAudit;
  /** The staff member acting. */
  actorId: string;
}

const reason = z.string().trim().min(3, "Reason: say why, in a few words").max(500, "Reason: at most 500 characters");

export const banUserInput = z.object({
  userId: z.uuid("Unknown user"),
  reason,
  /** Null or absent: until lifted. */
  expiresAt: z.coerce.date({ error: "Ban until: not a date" }).nullish(),
});
export const unbanUserInput = z.object({ userId: z.uuid("Unknown user"), reason: reason.optional() });
export const revokeSessionsInput = z.object({
  userId: z.uuid("Unknown user"),
  /** One session; absent: all of them. */
  sessionId: z.uuid("Unknown session").optional(),
  reason: reason.optional(),
});
export const setPlatformRoleInput = z.object({ userId: z.uuid("Unknown user"), role: z.enum(UserRoles), reason });
export const impersonateUserInput = z.object({ userId: z.uuid("Unknown user"), reason });
export const resendVerificationInput = z.object({ userId: z.uuid("Unknown user") });

async function lockUser(tx: Transaction, userId: string) {
  const [user] = await tx
    .select({ id: userTable.id, email: userTable.email, name: userTable.name, emailVerified: userTable.emailVerified, role: userTable.role, banned: userTable.banned, banReason: userTable.banReason, banExpires: userTable.banExpires })
    .from(userTable)
    .where(eq(userTable.id, userId))
    .for("update");
  if (!user) throw notFound("User");
  return user;
}

const notYourself = (scope: StaffActionScope, userId: string, what: string) => {
  if (userId === scope.actorId) throw new AppError("BAD_REQUEST", `You cannot ${what} yourself: ask another staff member.`, { reason: "SELF_ACTION" });
};

const isBanned = (user: { banned: boolean; banExpires: Date | null }, now = new Date()) => user.banned && (!user.banExpires || user.banExpires > now);

/** Ends a user's sessions (or one); an impersonation among them is recorded as stopped, `endedBy` saying why. */
async function endSessions(tx: Transaction, userId: string, endedBy: string, sessionId?: string) {
  const mine = and(eq(sessionTable.userId, userId), sessionId ? eq(sessionTable.id, sessionId) : undefined);
  const impersonations = await endImpersonations(tx, mine, { endedBy });
  const ended = await tx.delete(sessionTable).where(mine).returning({ id: sessionTable.id });
  return impersonations + ended.length;
}

/** The impersonations a staff member has open end when they lose the right to start one. */
function endImpersonationsBy(tx: Transaction, staffId: string, endedBy: string) {
  return endImpersonations(tx, eq(sessionTable.impersonatedBy, staffId), { endedBy });
}

export async function banUser(scope: StaffActionScope, raw: z.input<typeof banUserInput>) {
  const input = banUserInput.parse(raw);
  if (input.expiresAt && input.expiresAt <= new Date()) {
    throw new AppError("BAD_REQUEST", "Ban until: the date has passed.", { reason: "VALIDATION_ERROR", fieldErrors: { expiresAt: "in the past" } });
  }
  notYourself(scope, input.userId, "ban");
  const user = await lockUser(scope.tx, input.userId);
  if (isBanned(user)) throw new AppError("CONFLICT", `${user.email} is already banned.`, { reason: "ALREADY_BANNED" });
  await scope.tx
    .update(userTable)
    .set({ banned: true, banReason: input.reason, banExpires: input.expiresAt ?? null })
    .where(eq(userTable.id, user.id));
  const sessionsEnded = (await endSessions(scope.tx, user.id, "user banned")) + (await endImpersonationsBy(scope.tx, user.id, "staff member banned"));
  await scope.audit({
    action: "user.ban",
    target: { type: "user", id: user.id },
    reason: input.reason,
    before: { banned: user.banned, banReason: user.banReason, banExpires: user.banExpires },
    after: { banned: true, banReason: input.reason, banExpires: input.expiresAt ?? null, sessionsEnded },
  });
  return { sessionsEnded };
}

export async function unbanUser(scope: StaffActionScope, raw: z.input<typeof unbanUserInput>) {
  const input = unbanUserInput.parse(raw);
  const user = await lockUser(scope.tx, input.userId);
  if (!user.banned) throw new AppError("CONFLICT", `${user.email} is not banned.`, { reason: "NOT_BANNED" });
  await scope.tx.update(userTable).set({ banned: false, banReason: null, banExpires: null }).where(eq(userTable.id, user.id));
  await scope.audit({
    action: "user.unban",
    target: { type: "user", id: user.id },
    reason: input.reason ?? null,
    before: { banned: true, banReason: user.banReason, banExpires: user.banExpires },
    after: { banned: false },
  });
}

export async function revokeSessions(scope: StaffActionScope, raw: z.input<typeof revokeSessionsInput>) {
  const input = revokeSessionsInput.parse(raw);
  const user = await lockUser(scope.tx, input.userId);
  const sessionsEnded = await endSessions(scope.tx, user.id, "sessions revoked", input.sessionId);
  if (input.sessionId && sessionsEnded === 0) throw notFound("Session");
  await scope.audit({
    action: input.sessionId ? "user.session.revoke" : "user.sessions.revoke_all",
    target: { type: "user", id: user.id },
    reason: input.reason ?? null,
    after: { sessionsEnded, ...(input.sessionId ? { sessionId: input.sessionId } : {}) },
  });
  return { sessionsEnded };
}

export async function setPlatformRole(scope: StaffActionScope, raw: z.input<typeof setPlatformRoleInput>) {
  const input = setPlatformRoleInput.parse(raw);
  notYourself(scope, input.userId, "change the platform role of");
  const user = await lockUser(scope.tx, input.userId);
  if (user.role === input.role) throw new AppError("CONFLICT", `${user.email} already has the role ${input.role}.`, { reason: "ROLE_UNCHANGED" });
  // Staff access re-reads the role on every request: a demotion takes effect at the next one.
  await scope.tx.update(userTable).set({ role: input.role }).where(eq(userTable.id, user.id));
  const impersonationsEnded = input.role === UserRole.admin ? 0 : await endImpersonationsBy(scope.tx, user.id, "staff member demoted");
  await scope.audit({
    action: "user.role.set",
    target: { type: "user", id: user.id },
    reason: input.reason,
    before: { role: user.role },
    after: { role: input.role, ...(impersonationsEnded > 0 ? { impersonationsEnded } : {}) },
  });
}

/**
 * Starts an impersonation: audited with its reason, and a one-time link for the customer app
 * (sessions are per app, see @saas/auth impersonation.ts) that signs the browser opening it in
 * as this person for IMPERSONATION_SESSION_SECONDS. Never a platform admin, never a banned person.
 */
export async function impersonateUser(scope: StaffActionScope, raw: z.input<typeof impersonateUserInput>) {
  const input = impersonateUserInput.parse(raw);
  notYourself(scope, input.userId, "impersonate");
  const user = await lockUser(scope.tx, input.userId);
  if (user.role === UserRole.admin) throw new AppError("FORBIDDEN", "Platform admins cannot be impersonated.", { reason: "IMPERSONATE_ADMIN" });
  if (isBanned(user)) throw new AppError("CONFLICT", `${user.email} is banned: lift the ban first to see the account as they would.`, { reason: "IMPERSONATE_BANNED" });
  const handoff = await issueImpersonationHandoff(scope.tx, { userId: user.id, staffId: scope.actorId });
  await scope.audit({
    action: "user.impersonate.start",
    target: { type: "user", id: user.id },
    reason: input.reason,
    after: { linkExpiresAt: handoff.expiresAt },
  });
  return handoff;
}

/**
 * Sends an unverified person a fresh verification link. The email goes out first, outside any
 * transaction (no network call may hold one open); the audit entry is written once it has.
 */
export async function resendVerification(
  { db, staffActor, send }: { db: Database; staffActor: Pick<StaffAction, "actor" | "request">; send: (user: { id: string; email: string; name: string }) => Promise<void> },
  raw: z.input<typeof resendVerificationInput>,
) {
  const input = resendVerificationInput.parse(raw);
  const [user] = await db.select({ id: userTable.id, email: userTable.email, name: userTable.name, emailVerified: userTable.emailVerified }).from(userTable).where(eq(userTable.id, input.userId));
  if (!user) throw notFound("User");
  if (user.emailVerified) throw new AppError("CONFLICT", `${user.email} is verified already.`, { reason: "ALREADY_VERIFIED" });
  await send(user);
  await db.transaction((tx) =>
    recordStaffAction(tx, { ...staffActor, action: "user.verification.resend", target: { type: "user", id: user.id }, after: { sentTo: user.email } }),
  );
}
