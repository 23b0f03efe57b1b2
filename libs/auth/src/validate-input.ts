import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
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
};

/** The error body of a refused input: a message, and one message per field for the form. */
interface ValidationErrorBody {
  code: "VALIDATION_ERROR";
  message: string;
  fieldErrors: Record<string, string>;
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
            const body: unknown = ctx.body ?? {};
            const result = schema.safeParse(body);
            if (!result.success) {
              const fieldErrors = fieldErrorsOf(result.error);
              const body: ValidationErrorBody = {
                code: "VALIDATION_ERROR",
                message: Object.values(fieldErrors)[0] ?? "Check the highlighted fields",
                fieldErrors,
              };
              throw new APIError("BAD_REQUEST", body);
            }
            // Continue with the normalized values (trimmed names, lower-cased emails); fields the
            // schema does not describe (callbackURL, organizationId, …) pass through unchanged.
            return { context: { body: { ...(body as object), ...result.data } } };
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
