import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { signJWT, verifyJWT } from "better-auth/crypto";
import { accountTable, twoFactorTable, userTable, verificationTable, type Database } from "@saas/db";
import { and, eq, gt, gte, ne } from "drizzle-orm";
import { z } from "zod";
import { checkAccountPassword, refuseInput } from "./account-password";
import { EMAIL_CHANGE_FRESH_SIGN_IN_SECONDS, EMAIL_CHANGE_UNDO_DAYS } from "./policy";

/**
 * Moving an account to another email address is how a stolen session becomes a stolen account
 * (the new address can then reset the password). So, besides Better Auth's flow — a confirmation
 * link to the current address first, then a verification link to the new one — the request must
 * carry the account's password (or come from a sign-in minutes old, for accounts without one),
 * and the previous address can undo the change for EMAIL_CHANGE_UNDO_DAYS days.
 */

/** What an undo link carries, signed with the auth secret. */
const undoClaims = z.object({
  purpose: z.literal("undo-email-change"),
  userId: z.string(),
  previousEmail: z.email(),
  changedTo: z.email(),
  iat: z.number(),
});
type UndoClaims = z.infer<typeof undoClaims>;

const CHANGED_PREFIX = "email-changed:";

/**
 * Records a completed change and returns the link that undoes it. While the link works, the
 * address cannot change again (a second change would move the undo link to the taker's mailbox).
 */
export async function recordEmailChange(db: Database, secret: string, change: Omit<UndoClaims, "purpose" | "iat">): Promise<string> {
  const expiresAt = new Date(Date.now() + EMAIL_CHANGE_UNDO_DAYS * 24 * 60 * 60 * 1000);
  await db.transaction(async (tx) => {
    await tx.delete(verificationTable).where(eq(verificationTable.identifier, `${CHANGED_PREFIX}${change.userId}`));
    await tx.insert(verificationTable).values({ identifier: `${CHANGED_PREFIX}${change.userId}`, value: change.previousEmail, expiresAt });
  });
  return signJWT({ purpose: "undo-email-change", ...change }, secret, EMAIL_CHANGE_UNDO_DAYS * 24 * 60 * 60);
}

async function recentEmailChange(db: Database, userId: string) {
  const [row] = await db
    .select({ expiresAt: verificationTable.expiresAt })
    .from(verificationTable)
    .where(and(eq(verificationTable.identifier, `${CHANGED_PREFIX}${userId}`), gt(verificationTable.expiresAt, new Date())));
  return row ?? null;
}

export const WRONG_PASSWORD = "That password is not right.";

export const emailChangeGuard = (db: Database) =>
  ({
    id: "saas-email-change",
    hooks: {
      before: [
        {
          matcher: (context) => context.path === "/change-email",
          handler: createAuthMiddleware(async (ctx) => {
            // Read from the database, not the cookie cache: when it signed in is the point here.
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            if (!session) return; // Better Auth answers 401 itself.
            const recent = await recentEmailChange(db, session.user.id);
            if (recent) {
              throw new APIError("FORBIDDEN", {
                code: "EMAIL_CHANGED_RECENTLY",
                message: `Your email address was changed less than ${EMAIL_CHANGE_UNDO_DAYS} days ago, and the previous address can still undo it. You can change it again after ${recent.expiresAt.toUTCString()}.`,
              });
            }
            const password = await checkAccountPassword(ctx, session.user.id, (ctx.body as { password?: unknown } | undefined)?.password);
            if (password === "missing") refuseInput({ password: "Enter your password to change your email address" });
            if (password === "wrong") refuseInput({ password: WRONG_PASSWORD }, "INVALID_PASSWORD");
            if (password === "ok") return;
            const signedInSeconds = (Date.now() - new Date(session.session.createdAt).getTime()) / 1000;
            if (signedInSeconds > EMAIL_CHANGE_FRESH_SIGN_IN_SECONDS) {
              throw new APIError("FORBIDDEN", {
                code: "SIGN_IN_AGAIN",
                message: `For your security, sign out and in again, then change your address within ${EMAIL_CHANGE_FRESH_SIGN_IN_SECONDS / 60} minutes.`,
              });
            }
          }),
        },
      ],
    },
    endpoints: {
      /**
       * The previous address's undo link: the account goes back to it (verified — its owner just
       * proved it by opening this email), and every session of the account ends, the taker's too.
       * Works while the account still has the address it was changed to; after that it does nothing.
       */
      undoEmailChange: createAuthEndpoint("/undo-email-change", { method: "POST", body: z.object({ token: z.string().min(1).max(4096) }) }, async (ctx) => {
        const claims = undoClaims.safeParse(await verifyJWT(ctx.body.token, ctx.context.secret));
        const invalid = () => {
          throw new APIError("BAD_REQUEST", {
            code: "UNDO_LINK_INVALID",
            message: `This link no longer works: it was used already, it is over ${EMAIL_CHANGE_UNDO_DAYS} days old, or the address changed again. If someone else controls your account, contact support.`,
          });
        };
        if (!claims.success) return invalid();
        const { userId, previousEmail, changedTo } = claims.data;
        const user = await ctx.context.internalAdapter.findUserById(userId);
        if (!user || user.email.toLowerCase() !== changedTo.toLowerCase()) return invalid();
        const taken = await ctx.context.internalAdapter.findUserByEmail(previousEmail);
        if (taken && taken.user.id !== userId) {
          throw new APIError("CONFLICT", { code: "EMAIL_TAKEN", message: `${previousEmail} now belongs to another account. Contact support.` });
        }
        // Whoever made the change knew the password and held the account meanwhile: the account
        // goes back without what they could have added — the password (reset it from the
        // restored address), sign-in methods and a second factor set up since, every session.
        const changedAt = new Date(claims.data.iat * 1000);
        await ctx.context.internalAdapter.updateUser(userId, { email: previousEmail, emailVerified: true });
        await db.transaction(async (tx) => {
          await tx.update(accountTable).set({ password: null }).where(and(eq(accountTable.userId, userId), eq(accountTable.providerId, "credential")));
          await tx.delete(accountTable).where(and(eq(accountTable.userId, userId), ne(accountTable.providerId, "credential"), gte(accountTable.createdAt, changedAt)));
          const newFactor = await tx.delete(twoFactorTable).where(and(eq(twoFactorTable.userId, userId), gte(twoFactorTable.updatedAt, changedAt))).returning({ id: twoFactorTable.id });
          if (newFactor.length > 0) await tx.update(userTable).set({ twoFactorEnabled: false }).where(eq(userTable.id, userId));
          await tx.delete(verificationTable).where(eq(verificationTable.identifier, `${CHANGED_PREFIX}${userId}`));
        });
        await ctx.context.internalAdapter.deleteUserSessions(userId);
        return ctx.json({ status: true, email: previousEmail });
      }),
    },
  }) satisfies BetterAuthPlugin;
