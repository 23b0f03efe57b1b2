import { createHash, randomBytes } from "node:crypto";
import { twoFactorTable, UserRole, userTable, verificationTable, type Database } from "@saas/db";
import type { SessionAudience } from "@saas/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { and, eq, gt, like } from "drizzle-orm";
import { checkAccountPassword, refuseInput, type MiddlewareContext } from "./account-password";
import { WRONG_PASSWORD } from "./email-change";
import { STAFF_ENROLMENT_EXPIRES_IN_SECONDS } from "./policy";

/**
 * A staff member's two-factor authentication is set up only from a one-time enrolment link —
 * never with the password alone. Otherwise whoever first learns a new staff member's password
 * (a shared onboarding note, a reused password) enrols their own device and owns a staff account.
 *
 * The link is issued by someone trusted (`npm run staff:enrol -- <email>` prints one; `npm run
 * dev` prints one for the demo staff member), carries a random token stored only as its SHA-256,
 * and is consumed by the first enrolment that presents it with the right password.
 */

const IDENTIFIER_PREFIX = "staff-enrolment:";
const identifierOf = (token: string) => `${IDENTIFIER_PREFIX}${createHash("sha256").update(token).digest("hex")}`;

export class StaffEnrolmentError extends Error {}

/**
 * Issues an enrolment link for the staff member with this address; any earlier unused link of
 * theirs stops working. Refused for anyone who is not staff, or whose two-factor authentication
 * is already on (it is reset by removing their `two_factor` row first, on purpose by hand).
 */
export async function issueStaffEnrolment(db: Database, { email, adminUrl }: { email: string; adminUrl: string }) {
  const [user] = await db
    .select({ id: userTable.id, role: userTable.role, twoFactorEnabled: userTable.twoFactorEnabled })
    .from(userTable)
    .where(eq(userTable.email, email.trim().toLowerCase()));
  if (!user) throw new StaffEnrolmentError(`No account has the address ${email}.`);
  if (user.role !== UserRole.admin) throw new StaffEnrolmentError(`${email} is not staff: set user.role to 'admin' first.`);
  if (user.twoFactorEnabled) throw new StaffEnrolmentError(`${email} has two-factor authentication on already.`);

  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + STAFF_ENROLMENT_EXPIRES_IN_SECONDS * 1000);
  await db.transaction(async (tx) => {
    await tx.delete(verificationTable).where(and(like(verificationTable.identifier, `${IDENTIFIER_PREFIX}%`), eq(verificationTable.value, user.id)));
    await tx.insert(verificationTable).values({ identifier: identifierOf(token), value: user.id, expiresAt });
  });
  return { url: `${adminUrl.replace(/\/+$/, "")}/enrol-two-factor?token=${token}`, expiresAt, userId: user.id };
}

/** Uses up the link if it is this user's and still valid; whether it was. One statement, so two uses cannot both win. */
async function consumeStaffEnrolment(db: Database, token: string, userId: string): Promise<boolean> {
  const used = await db
    .delete(verificationTable)
    .where(and(eq(verificationTable.identifier, identifierOf(token)), eq(verificationTable.value, userId), gt(verificationTable.expiresAt, new Date())))
    .returning({ id: verificationTable.id });
  return used.length === 1;
}

/** Marks that this user just used a link: only then may a code switch their second factor on. */
const ENROLLING_PREFIX = "staff-enrolling:";

/**
 * The two-factor endpoints through which a password-holder could put their own device on a staff
 * account: setting a secret up, reading it, confirming it with a first code, turning it off, or
 * minting backup codes (a second factor of their own) from a customer-app session.
 */
const GUARDED_PATHS = ["/two-factor/enable", "/two-factor/get-totp-uri", "/two-factor/verify-totp", "/two-factor/disable", "/two-factor/generate-backup-codes"];

const byLinkOnly = () =>
  new APIError("FORBIDDEN", {
    code: "STAFF_TWO_FACTOR_BY_LINK",
    message: "A staff member's two-factor authentication is set up only from an enrolment link. Ask another staff member for one.",
  });

export const staffEnrolmentGuard = (db: Database, audience: SessionAudience) =>
  ({
    id: "saas-staff-enrolment",
    hooks: {
      before: [
        {
          matcher: (context) => context.path !== undefined && GUARDED_PATHS.includes(context.path),
          handler: createAuthMiddleware(async (ctx) => {
            // No session: the code of a sign-in challenge (verify-totp), not an enrolment.
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            const user = session?.user as { id: string; role?: string | null; twoFactorEnabled?: boolean | null } | undefined;
            if (!user || user.role !== UserRole.admin) return;
            const confirmingFirstCode = ctx.path === "/two-factor/verify-totp" && !user.twoFactorEnabled;

            if (audience === "customer") {
              // The web app never manages a staff member's second factor (signing in with it is fine).
              if (ctx.path === "/two-factor/verify-totp" && !confirmingFirstCode) return;
              throw byLinkOnly();
            }
            switch (ctx.path) {
              case "/two-factor/enable":
                return enrolWithLink(ctx, db, user.id);
              case "/two-factor/verify-totp":
                // The first code switches the factor on: only for a secret set up from a link just
                // now, never for one left from before (set up as a customer, say, before promotion).
                if (confirmingFirstCode && !(await enrolling(db, user.id))) throw byLinkOnly();
                return;
              case "/two-factor/generate-backup-codes":
                return; // a console session has passed its second factor already
              default:
                // The secret is shown once, at enrolment; turning it off is done by hand.
                throw byLinkOnly();
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;

async function enrolWithLink(ctx: MiddlewareContext, db: Database, userId: string) {
  const body = (ctx.body ?? {}) as { password?: unknown; enrolmentToken?: unknown };
  // The password first, so a wrong one does not use up the link.
  const password = await checkAccountPassword(ctx, userId, body.password);
  if (password === "wrong" || password === "missing") refuseInput({ password: WRONG_PASSWORD }, "INVALID_PASSWORD");
  const token = typeof body.enrolmentToken === "string" ? body.enrolmentToken : "";
  if (!token || !(await consumeStaffEnrolment(db, token, userId))) {
    throw new APIError("FORBIDDEN", {
      code: "ENROLMENT_LINK_INVALID",
      message: "This enrolment link is not valid: it expired, was used already, or is someone else's. Ask another staff member for a new one.",
    });
  }
  // Whatever secret was pending goes: Better Auth sets up a new one, seen only by this request.
  await db.transaction(async (tx) => {
    await tx.delete(twoFactorTable).where(eq(twoFactorTable.userId, userId));
    await tx.delete(verificationTable).where(eq(verificationTable.identifier, `${ENROLLING_PREFIX}${userId}`));
    const expiresAt = new Date(Date.now() + STAFF_ENROLMENT_EXPIRES_IN_SECONDS * 1000);
    await tx.insert(verificationTable).values({ identifier: `${ENROLLING_PREFIX}${userId}`, value: userId, expiresAt });
  });
}

/** Whether this user used a link within STAFF_ENROLMENT_EXPIRES_IN_SECONDS. */
async function enrolling(db: Database, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: verificationTable.id })
    .from(verificationTable)
    .where(and(eq(verificationTable.identifier, `${ENROLLING_PREFIX}${userId}`), gt(verificationTable.expiresAt, new Date())));
  return row !== undefined;
}
