import { and, inArray, isNotNull, lt, or, type SQL } from "drizzle-orm";
import type { Database } from "./client";
import { sessionTable, userTable } from "./schema/tables";
import { recordStaffAction, type StaffAction } from "./staff-audit";
import type { Transaction } from "./tenant";

/**
 * An impersonation session ends on its own this long after it began, whatever its `expires_at`
 * says (Better Auth extends a session's expiry as it is used). libs/auth's policy re-exports it;
 * it is defined here because the worker's cleanup, which records those ends, needs it too.
 */
export const IMPERSONATION_SESSION_SECONDS = 30 * 60;

/**
 * Ends the impersonation sessions `where` picks and records `user.impersonate.stop` for each, in
 * the caller's transaction, on behalf of the staff member who started it: however an impersonation
 * ends — stopped, expired, its staff member banned or demoted, its user's sessions revoked — the
 * audit log has its stop beside its start. `endedBy` says how (`stopped`, `expired`, …).
 */
export async function endImpersonations(
  tx: Transaction,
  where: SQL | undefined,
  how: { endedBy: string; request?: StaffAction["request"] },
): Promise<number> {
  const ended = await tx
    .delete(sessionTable)
    .where(and(isNotNull(sessionTable.impersonatedBy), where))
    .returning({ id: sessionTable.id, userId: sessionTable.userId, staffId: sessionTable.impersonatedBy, startedAt: sessionTable.createdAt, expiresAt: sessionTable.expiresAt });
  if (ended.length === 0) return 0;
  const staffIds = [...new Set(ended.flatMap((session) => (session.staffId ? [session.staffId] : [])))];
  const emails = new Map((await tx.select({ id: userTable.id, email: userTable.email }).from(userTable).where(inArray(userTable.id, staffIds))).map((staff) => [staff.id, staff.email]));
  const now = Date.now();
  for (const session of ended) {
    if (!session.staffId) continue;
    // When it ended: now, or earlier for one that expired before the cleanup came by.
    const endedAt = new Date(Math.min(now, session.expiresAt.getTime(), session.startedAt.getTime() + IMPERSONATION_SESSION_SECONDS * 1000));
    await recordStaffAction(tx, {
      actor: { id: session.staffId, email: emails.get(session.staffId) ?? "(deleted staff member)" },
      action: "user.impersonate.stop",
      target: { type: "user", id: session.userId },
      before: { sessionId: session.id, startedAt: session.startedAt },
      after: { endedBy: how.endedBy, endedAt },
      request: how.request,
    });
  }
  return ended.length;
}

/** The impersonations past their end (see IMPERSONATION_SESSION_SECONDS), ended and recorded as `expired`. */
export function endExpiredImpersonations(db: Database, now: Date): Promise<number> {
  const startedBefore = new Date(now.getTime() - IMPERSONATION_SESSION_SECONDS * 1000);
  return db.transaction((tx) =>
    endImpersonations(tx, or(lt(sessionTable.expiresAt, now), lt(sessionTable.createdAt, startedBefore)), { endedBy: "expired" }),
  );
}
