import { BILLING_NOT_CONFIGURED_REASON, type BillingDeps } from "@saas/billing";
import { AppError } from "@saas/errors";

/** Billing's dependencies, or the refusal a procedure that needs Stripe gives without them. */
export function requireBilling(billing: BillingDeps | null): BillingDeps {
  if (!billing) throw new AppError("PRECONDITION_FAILED", BILLING_NOT_CONFIGURED_REASON, { reason: "BILLING_NOT_CONFIGURED" });
  return billing;
}

/** This app's URL, for the pages Stripe sends the customer back to. */
export function requireAppUrl(appUrl: string | undefined): string {
  if (!appUrl) throw new Error("The API context has no appUrl: pass the web app's URL to createContext to use checkout and the portal");
  return appUrl.replace(/\/+$/, "");
}

/**
 * A Stripe failure (outage, timeout) as the person reads it; the detail goes to the log. `doing`:
 * what could not be done, for a read ("Invoices cannot be shown"); a purchase says nothing was charged.
 */
export function stripeUnavailable(cause: unknown, doing = "Nothing was charged"): AppError {
  return new AppError("SERVICE_UNAVAILABLE", `Stripe, our payment provider, did not answer. ${doing}; try again in a minute.`, {
    reason: "STRIPE_UNAVAILABLE",
    cause,
  });
}
