import { SubscriptionStatus } from "@saas/db";
import type Stripe from "stripe";

/**
 * Every Stripe subscription status, mapped explicitly (keyed by the SDK's own list of statuses, so
 * a status the pinned SDK knows and this table does not fails to compile). A status Stripe adds later is not
 * guessed at: applying the event fails with a message naming it, so the event is retried (and
 * visible as failed) until this table learns it — instead of silently granting or revoking access.
 */
const STRIPE_SUBSCRIPTION_STATUS: Record<Stripe.Subscription.Status, SubscriptionStatus> = {
  incomplete: SubscriptionStatus.incomplete,
  incomplete_expired: SubscriptionStatus.incomplete_expired,
  trialing: SubscriptionStatus.trialing,
  active: SubscriptionStatus.active,
  past_due: SubscriptionStatus.past_due,
  canceled: SubscriptionStatus.canceled,
  unpaid: SubscriptionStatus.unpaid,
  paused: SubscriptionStatus.paused,
};

export function mapSubscriptionStatus(status: Stripe.Subscription.Status): SubscriptionStatus {
  const mapped = Object.hasOwn(STRIPE_SUBSCRIPTION_STATUS, status) ? STRIPE_SUBSCRIPTION_STATUS[status] : undefined;
  if (!mapped) throw new Error(`Unknown Stripe subscription status "${status}": add it to subscription-status.ts`);
  return mapped;
}

/** Statuses that give the organization its plan: paying, trying, or in the dunning grace period. */
export const ENTITLED_STATUSES: readonly SubscriptionStatus[] = [
  SubscriptionStatus.active,
  SubscriptionStatus.trialing,
  SubscriptionStatus.past_due,
];

/**
 * Statuses of a subscription that still exists in Stripe and may bill again. An organization with
 * two of these is probably paying twice (reconcile-billing reports it).
 */
export const LIVE_STATUSES: readonly SubscriptionStatus[] = [
  ...ENTITLED_STATUSES,
  SubscriptionStatus.unpaid,
  SubscriptionStatus.paused,
  SubscriptionStatus.incomplete,
];
