import { AppError, type AppErrorCode } from "@saas/errors";

/**
 * Billing's refusals: an AppError (so every surface answers them with the right status and the
 * message as written), with the billing code as its `reason` for a client to branch on. Anything
 * else thrown from billing is a bug or an outage.
 */
export const BillingErrorCode = {
  /** STRIPE_* variables are absent; the feature is off. */
  notConfigured: "BILLING_NOT_CONFIGURED",
  /** The input names something the catalog does not sell (or cannot be bought this way). */
  invalidInput: "BILLING_INVALID_INPUT",
  /** The organization already has a live subscription; changes go through the portal. */
  alreadySubscribed: "BILLING_ALREADY_SUBSCRIBED",
  /** The organization has never been a Stripe customer, so there is no portal to open. */
  noCustomer: "BILLING_NO_CUSTOMER",
  notFound: "BILLING_NOT_FOUND",
} as const;
export type BillingErrorCode = (typeof BillingErrorCode)[keyof typeof BillingErrorCode];

const APP_CODE: Record<BillingErrorCode, AppErrorCode> = {
  BILLING_NOT_CONFIGURED: "PRECONDITION_FAILED",
  BILLING_INVALID_INPUT: "BAD_REQUEST",
  BILLING_ALREADY_SUBSCRIBED: "CONFLICT",
  BILLING_NO_CUSTOMER: "PRECONDITION_FAILED",
  BILLING_NOT_FOUND: "NOT_FOUND",
};

export class BillingError extends AppError {
  constructor(
    readonly billingCode: BillingErrorCode,
    message: string,
  ) {
    super(APP_CODE[billingCode], message, { reason: billingCode });
    this.name = "BillingError";
  }
}
