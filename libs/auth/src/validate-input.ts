import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import type { z } from "zod";
import {
  backupCodeSchema,
  changeEmailSchema,
  changePasswordSchema,
  createOrganizationSchema,
  fieldErrorsOf,
  inviteMemberSchema,
  requestPasswordResetSchema,
  resetPasswordSchema,
  sendVerificationEmailSchema,
  signInSchema,
  signUpSchema,
  totpCodeSchema,
  twoFactorPasswordSchema,
  updateMemberRoleSchema,
  updateOrganizationSchema,
  updateProfileSchema,
} from "./schemas";
import { refuseInput, type MiddlewareContext } from "./account-password";
import { loadPasswordEstimator, personalPasswordWeakness } from "./password-strength";

/**
 * The request bodies the server checks with the very schemas the forms use, by endpoint path.
 * Better Auth validates types on its own; these add the product's rules (password length, slug
 * format, known roles, which profile fields a user may change) and answer with field errors.
 */
export const INPUT_SCHEMAS: Record<string, z.ZodObject> = {
  "/sign-up/email": signUpSchema,
  "/sign-in/email": signInSchema,
  "/request-password-reset": requestPasswordResetSchema,
  "/reset-password": resetPasswordSchema,
  "/send-verification-email": sendVerificationEmailSchema,
  "/change-password": changePasswordSchema,
  "/change-email": changeEmailSchema,
  "/update-user": updateProfileSchema.partial(),
  "/two-factor/enable": twoFactorPasswordSchema,
  "/two-factor/disable": twoFactorPasswordSchema,
  "/two-factor/verify-totp": totpCodeSchema,
  "/two-factor/verify-backup-code": backupCodeSchema,
  "/organization/create": createOrganizationSchema,
  "/organization/update": updateOrganizationSchema,
  "/organization/invite-member": inviteMemberSchema,
  "/organization/update-member-role": updateMemberRoleSchema,
  // The console's admin endpoints that set a password follow the same rule as everyone's.
  "/admin/create-user": signUpSchema,
  "/admin/set-user-password": resetPasswordSchema,
};


/**
 * Whose password a reset or change sets: the signed-in person, or the owner of the reset token.
 * Sign-up has the details in its own body (checked by its schema).
 */
async function personSettingPassword(ctx: MiddlewareContext) {
  if (ctx.path === "/change-password") return (await getSessionFromCtx(ctx))?.user ?? null;
  const token = (ctx.body as { token?: unknown } | undefined)?.token ?? ctx.query?.token;
  if (typeof token !== "string") return null;
  const verification = await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`);
  return verification ? await ctx.context.internalAdapter.findUserById(verification.value) : null;
}

export const validateInput = () =>
  ({
    id: "saas-validate-input",
    hooks: {
      before: [
        {
          matcher: (context) => context.path !== undefined && context.path in INPUT_SCHEMAS,
          handler: createAuthMiddleware(async (ctx) => {
            const schema = INPUT_SCHEMAS[ctx.path];
            if (!schema) return;
            // The new-password rule needs its dictionaries (loaded once, on first use).
            await loadPasswordEstimator();
            const body: unknown = ctx.body ?? {};
            const result = schema.safeParse(body);
            if (!result.success) refuseInput(fieldErrorsOf(result.error));
            // Continue with the normalized values (trimmed names, lower-cased emails); fields the
            // schema does not describe (callbackURL, organizationId, …) pass through unchanged.
            return { context: { body: { ...(body as object), ...result.data } } };
          }),
        },
        {
          // A new password must not hold the person's own name or address — the browser cannot
          // check this on a reset or change, where the form does not know them.
          matcher: (context) => context.path === "/change-password" || context.path === "/reset-password",
          handler: createAuthMiddleware(async (ctx) => {
            const newPassword = (ctx.body as { newPassword?: unknown } | undefined)?.newPassword;
            const person = typeof newPassword === "string" ? await personSettingPassword(ctx) : null;
            const weakness = person && typeof newPassword === "string" ? personalPasswordWeakness(newPassword, person) : null;
            if (weakness) refuseInput({ newPassword: weakness });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
