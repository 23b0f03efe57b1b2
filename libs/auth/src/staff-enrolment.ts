import { createHash, randomBytes } from "node:crypto";
import { UserRole, userTable, verificationTable, type Database } from "@saas/db";
import type { SessionAudience } from "@saas/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { and, eq, gt, like } from "drizzle-orm";
import { checkAccountPassword, refuseInput } from "./account-password";
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

/** The two-factor endpoints that would let a password-holder put their own device on a staff account. */
const ENROLMENT_PATHS = ["/two-factor/enable", "/two-factor/get-totp-uri", "/two-factor/disable"];

export const staffEnrolmentGuard = (db: Database, audience: SessionAudience) =>
  ({
    id: "saas-staff-enrolment",
    hooks: {
      before: [
        {
          matcher: (context) => context.path !== undefined && ENROLMENT_PATHS.includes(context.path),
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            if (!session || (session.user as { role?: string | null }).role !== UserRole.admin) return;
            if (audience === "customer" || ctx.path !== "/two-factor/enable") {
              // The web app never manages a staff member's second factor, and the console only
              // enrols: the secret is shown once, and turning it off is done by hand.
              throw new APIError("FORBIDDEN", {
                code: "STAFF_TWO_FACTOR_BY_LINK",
                message: "A staff member's two-factor authentication is set up only from an enrolment link. Ask another staff member for one.",
              });
            }
            const body = (ctx.body ?? {}) as { password?: unknown; enrolmentToken?: unknown };
            // The password first, so a wrong one does not use up the link.
            const password = await checkAccountPassword(ctx, session.user.id, body.password);
            if (password === "wrong" || password === "missing") refuseInput({ password: WRONG_PASSWORD }, "INVALID_PASSWORD");
            const token = typeof body.enrolmentToken === "string" ? body.enrolmentToken : "";
            if (!token || !(await consumeStaffEnrolment(db, token, session.user.id))) {
              throw new APIError("FORBIDDEN", {
                code: "ENROLMENT_LINK_INVALID",
                message: "This enrolment link is not valid: it expired, was used already, or is someone else's. Ask another staff member for a new one.",
              });
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
