import type { FieldErrors } from "./schemas";

/** The error a Better Auth endpoint answers, as far as the forms need it. */
export interface AuthClientError {
  status: number;
  code?: string;
  message?: string;
  fieldErrors?: FieldErrors;
}

const MESSAGES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "That email and password do not match an account.",
  EMAIL_NOT_VERIFIED: "Confirm your email address first: we have just sent you a new link.",
  USER_ALREADY_EXISTS: "An account with this email already exists. Sign in instead.",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "An account with this email already exists. Sign in instead.",
  INVALID_TOKEN: "This link is not valid any more. Ask for a new one.",
  TOKEN_EXPIRED: "This link has expired. Ask for a new one.",
  INVALID_PASSWORD: "That password is not right.",
  INVALID_CODE: "That code is not right. Check your authenticator app and try again.",
  INVALID_BACKUP_CODE: "That backup code is not valid, or it was already used.",
  INVALID_TWO_FACTOR_COOKIE: "This sign-in has timed out. Sign in again with your email and password.",
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: "Too many wrong codes. Sign in again with your email and password.",
  ACCOUNT_TEMPORARILY_LOCKED: "Too many wrong codes: two-factor sign-in is locked for a while. Try again later.",
  TOTP_ALREADY_ENABLED: "Two-factor authentication is already on.",
  BANNED_USER: "This account has been suspended. Contact support if you think this is a mistake.",
  ORGANIZATION_ALREADY_EXISTS: "That URL name is taken. Choose another one.",
  ORGANIZATION_SLUG_ALREADY_TAKEN: "That URL name is taken. Choose another one.",
  USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION: "This person is already a member.",
  YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER: "An organization needs an owner. Make someone else an owner first.",
  YOU_CANNOT_LEAVE_THE_ORGANIZATION_WITHOUT_AN_OWNER: "An organization needs an owner. Make someone else an owner first.",
  INVALID_ORIGIN: "This request came from a site that is not allowed.",
  STAFF_ONLY: "This console is for staff only. Customers sign in to the Acme CRM app.",
  STAFF_IMPERSONATED: "An impersonation session cannot use the staff console.",
  SESSION_EXPIRED: "For your security, sign in again to do this.",
  SESSION_NOT_FRESH: "For your security, sign in again to do this.",
};

/** A sentence for the person in front of the form, and the field errors to show beside inputs. */
export function describeAuthError(error: AuthClientError | null | undefined): { message: string; fieldErrors: FieldErrors } {
  if (!error) return { message: "", fieldErrors: {} };
  if (error.status === 429) {
    return { message: "Too many attempts. Wait a minute, then try again.", fieldErrors: {} };
  }
  const message = (error.code && MESSAGES[error.code]) || error.message || "Something went wrong. Try again.";
  return { message, fieldErrors: error.fieldErrors ?? {} };
}
