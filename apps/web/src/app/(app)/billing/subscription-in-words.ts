import { formatDate } from "../../../components/format";
import { formatMoney } from "./format-money";
import type { BillingState, Entitlements, Subscription } from "./billing-types";

export type StatusTone = "success" | "warning" | "neutral";

/**
 * The subscription's status as a person reads it, with the date that matters for it. Payment
 * trouble comes first: it is what the reader has to act on, whatever else is true.
 */
export function subscriptionStatus(subscription: Subscription | null, overdue: Entitlements["overdue"], writable: boolean): { text: string; tone: StatusTone } {
  if (!subscription) return { text: "No paid subscription", tone: "neutral" };
  const { status } = subscription;
  if (status === "past_due" || status === "unpaid") {
    const since = overdue?.since ?? subscription.pastDueSince;
    const sinceText = since ? ` since ${formatDate(since)}` : "";
    if (!writable) return { text: `Past due${sinceText} — changes are paused until it is paid`, tone: "warning" };
    return { text: `Past due${sinceText}${overdue ? ` — writes pause on ${formatDate(overdue.graceEndsAt)}` : ""}`, tone: "warning" };
  }
  if (status === "paused") return { text: "Paused", tone: "warning" };
  if (status === "canceled") return { text: "Canceled", tone: "neutral" };
  if (status === "incomplete") return { text: "Waiting for the first payment", tone: "warning" };
  if (status === "incomplete_expired") return { text: "Checkout was not completed", tone: "neutral" };
  if (subscription.cancelAtPeriodEnd && subscription.currentPeriodEnd) {
    return { text: `Cancels at period end on ${formatDate(subscription.currentPeriodEnd)}`, tone: "warning" };
  }
  if (subscription.cancelAt) return { text: `Cancels on ${formatDate(subscription.cancelAt)}`, tone: "warning" };
  if (status === "trialing") return { text: subscription.trialEnd ? `Trialing until ${formatDate(subscription.trialEnd)}` : "Trialing", tone: "success" };
  return { text: "Active", tone: "success" };
}

/** The period line: when it renews, or until when access lasts once it will not. */
export function periodInWords(subscription: Subscription | null): string | null {
  if (!subscription?.currentPeriodEnd || !subscription.entitled) return null;
  const date = formatDate(subscription.currentPeriodEnd);
  if (subscription.cancelAtPeriodEnd || subscription.cancelAt) return `Access until ${date}`;
  return `Renews on ${date}${subscription.interval ? `, billed ${subscription.interval === "year" ? "yearly" : "monthly"}` : ""}`;
}

/** "$36.00 on Jan 1, 2027, before tax": an estimate from today's seats (Stripe's invoice is final). */
export function nextChargeInWords(nextCharge: BillingState["nextCharge"]): string | null {
  return nextCharge ? `${formatMoney(nextCharge.amount, nextCharge.currency)} on ${formatDate(nextCharge.on)}, before tax` : null;
}

/** Seats paid for against members now; they differ for a moment after someone joins or leaves. */
export function seatsInWords(seats: BillingState["seats"]): { text: string; syncing: boolean } {
  const members = `${seats.members.toLocaleString("en-US")} ${seats.members === 1 ? "member" : "members"}`;
  if (seats.billed === null) return { text: members, syncing: false };
  const billed = `${seats.billed.toLocaleString("en-US")} ${seats.billed === 1 ? "seat" : "seats"} billed`;
  if (seats.billed === seats.members) return { text: `${billed} · ${members}`, syncing: false };
  return { text: `${billed} · ${members} now`, syncing: true };
}


/** Statuses after which a new subscription can be bought; any other subscription is changed in the portal. */
export const hasEnded = (subscription: Subscription | null) => !subscription || subscription.status === "canceled" || subscription.status === "incomplete_expired";

/**
 * For a subscription that gives no access now (paused, unpaid, ended…): which plan applies
 * meanwhile, so "Free" next to a Pro subscription makes sense. Null while it gives access.
 */
export function inactiveSubscriptionNote(subscription: Subscription | null, subscribedPlan: string, currentPlan: string): string | null {
  if (!subscription || subscription.entitled) return null;
  switch (subscription.status) {
    case "paused":
      return `Your ${subscribedPlan} subscription is paused: the ${currentPlan} plan applies until it resumes.`;
    case "unpaid":
      return `Your ${subscribedPlan} subscription is unpaid: the ${currentPlan} plan applies until the overdue invoice is paid.`;
    case "incomplete":
      return `Your ${subscribedPlan} subscription starts once its first payment goes through.`;
    default:
      return `Your ${subscribedPlan} subscription has ended: the ${currentPlan} plan applies.`;
  }
}
