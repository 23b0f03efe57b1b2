/**
 * A refusal a caller can act on, with a stable code (the web app maps it to an HTTP status or a
 * message). Anything else thrown from billing is a bug or an outage.
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

export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BillingError";
  }
}
