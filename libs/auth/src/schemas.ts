import { MemberRoles } from "@saas/db/enums";
import { z } from "zod";
import { passwordWeakness, personalPasswordWeakness } from "./password-strength";

/**
 * The shapes of what people type into the auth and organization forms. The web and admin forms
 * validate with these before sending; the server validates the same request bodies with the same
 * schemas (see `validate-input.ts`), so the two cannot disagree. Field names are those of the
 * Better Auth endpoints they are sent to.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "That email address is too long")
  .pipe(z.email("Enter a valid email address, like name@example.com"));

export const newPasswordField = z
  .string({ error: "Choose a password" })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`)
  .superRefine((password, ctx) => {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) return;
    const weakness = passwordWeakness(password);
    if (weakness) ctx.addIssue({ code: "custom", message: weakness });
  });


const currentPasswordField = z
  .string({ error: "Enter your password" })
  .min(1, "Enter your password")
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`);

export const personNameField = z
  .string({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(100, "Use at most 100 characters");

export const signUpSchema = z
  .object({ name: personNameField, email: emailField, password: newPasswordField })
  .superRefine((values, ctx) => {
    const weakness = typeof values.password === "string" ? personalPasswordWeakness(values.password, values) : null;
    if (weakness) ctx.addIssue({ code: "custom", message: weakness, path: ["password"] });
  });
export const signInSchema = z.object({ email: emailField, password: currentPasswordField });
export const requestPasswordResetSchema = z.object({ email: emailField });
export const sendVerificationEmailSchema = z.object({ email: emailField });
export const resetPasswordSchema = z.object({ newPassword: newPasswordField });
export const changePasswordSchema = z.object({ currentPassword: currentPasswordField, newPassword: newPasswordField });
/** The password is required of accounts that have one (checked on the server, see email-change.ts). */
export const changeEmailSchema = z.object({ newEmail: emailField, password: currentPasswordField.optional() });
/** Only these fields of the user may be changed by the user; the rest belongs to the server. */
export const updateProfileSchema = z
  .object({ name: personNameField, image: z.url("Enter a valid image URL").max(2048).nullable().optional() })
  .strict();

export const twoFactorPasswordSchema = z.object({ password: currentPasswordField });
export const totpCodeSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code" })
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});
export const backupCodeSchema = z.object({
  code: z
    .string({ error: "Enter a backup code" })
    .trim()
    .regex(/^[A-Za-z0-9-]{10,11}$/, "Enter one of your backup codes, like Ab3De-Fg7Hi"),
});

/** Lower-case words joined by single hyphens: the database refuses anything else too. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const organizationNameField = z
  .string({ error: "Enter a name" })
  .trim()
  .min(2, "Use at least 2 characters")
  .max(80, "Use at most 80 characters");

export const organizationSlugField = z
  .string({ error: "Enter a URL name" })
  .trim()
  .min(3, "Use at least 3 characters")
  .max(48, "Use at most 48 characters")
  .regex(SLUG_PATTERN, "Use lower-case letters, digits and single hyphens, like acme-robotics");

export const createOrganizationSchema = z.object({ name: organizationNameField, slug: organizationSlugField });
export const updateOrganizationSchema = z.object({
  data: z.object({ name: organizationNameField, slug: organizationSlugField }).partial().strict(),
});

export const memberRoleField = z.enum(MemberRoles, { error: "Choose owner, admin or member" });

export const inviteMemberSchema = z.object({ email: emailField, role: memberRoleField });
export const updateMemberRoleSchema = z.object({ memberId: z.uuid("Unknown member"), role: memberRoleField });

/** A URL name from an organization name: "Acme Robotics, Inc." → "acme-robotics-inc". */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

/** Field path → first message: the one shape the forms display and the server answers with. */
export { fieldErrorsOf, type FieldErrors } from "@saas/errors";
