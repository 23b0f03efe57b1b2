/**
 * The numbers behind the security properties, in one place: the README's "Accounts,
 * organizations and staff access" section quotes them, and the tests read them from here.
 */

/**
 * How long the web app trusts the signed session cookie before asking the database again. A ban,
 * a revoked session or a sign-out elsewhere takes effect in the web app within this many seconds
 * (the admin console never uses the cache, so there it is immediate).
 */
export const SESSION_COOKIE_CACHE_SECONDS = 60;
/** A session lasts a week, and is extended (at most once a day) while it is used. */
export const SESSION_EXPIRES_IN_SECONDS = 7 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

export const EMAIL_VERIFICATION_EXPIRES_IN_SECONDS = 60 * 60;
export const PASSWORD_RESET_EXPIRES_IN_SECONDS = 60 * 60;
export const INVITATION_EXPIRES_IN_SECONDS = 7 * 24 * 60 * 60;
/** An impersonation session ends on its own after this long (defined with the cleanup that records those ends). */
export { IMPERSONATION_SESSION_SECONDS } from "@saas/db";
/** The console's link that starts an impersonation in the web app works once, for this long. */
export const IMPERSONATION_HANDOFF_SECONDS = 2 * 60;

/**
 * Requests allowed per client IP and endpoint within `window` seconds, counted in PostgreSQL so
 * they hold across instances and restarts. The next request answers 429 with Retry-After.
 */
export const RATE_LIMIT_RULES = {
  "/sign-in/email": { window: 60, max: 5 },
  "/sign-up/email": { window: 60, max: 5 },
  "/request-password-reset": { window: 300, max: 3 },
  "/reset-password": { window: 60, max: 5 },
  "/send-verification-email": { window: 300, max: 3 },
  "/change-password": { window: 60, max: 5 },
  "/change-email": { window: 300, max: 3 },
  "/two-factor/*": { window: 60, max: 5 },
  // Each invitation sends an email to an address the inviter chooses: without a tight limit, an
  // account with an organization is a free spam relay.
  "/organization/invite-member": { window: 600, max: 10 },
} as const;
/** Every other endpoint: a generous ceiling against floods. */
export const RATE_LIMIT_DEFAULT = { window: 60, max: 100 } as const;

/** How long the previous address can undo a change of the account's email address. */
export const EMAIL_CHANGE_UNDO_DAYS = 7;
/**
 * Someone without a password (signed up with GitHub or Google) changes the address only within
 * this long of signing in, in place of typing a password: a stolen, older session cannot.
 */
export const EMAIL_CHANGE_FRESH_SIGN_IN_SECONDS = 10 * 60;
/**
 * Answers to "send a reset link / a verification link to this address" leave no sooner than this
 * after the request: the same for an address with an account and one without (see create-auth).
 */
export const ADDRESS_ANSWER_FLOOR_MS = 250;
/** A staff enrolment link (the only way to set up a staff member's two-factor authentication) works once, for this long. */
export const STAFF_ENROLMENT_EXPIRES_IN_SECONDS = 30 * 60;
