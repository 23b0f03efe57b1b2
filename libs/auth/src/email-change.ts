import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { signJWT, verifyJWT } from "better-auth/crypto";
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
});
type UndoClaims = z.infer<typeof undoClaims>;

export function createUndoToken(secret: string, change: Omit<UndoClaims, "purpose">): Promise<string> {
  return signJWT({ purpose: "undo-email-change", ...change } satisfies UndoClaims, secret, EMAIL_CHANGE_UNDO_DAYS * 24 * 60 * 60);
}

export const WRONG_PASSWORD = "That password is not right.";

export const emailChangeGuard = () =>
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
        await ctx.context.internalAdapter.updateUser(userId, { email: previousEmail, emailVerified: true });
        await ctx.context.internalAdapter.deleteUserSessions(userId);
        return ctx.json({ status: true, email: previousEmail });
      }),
    },
  }) satisfies BetterAuthPlugin;
