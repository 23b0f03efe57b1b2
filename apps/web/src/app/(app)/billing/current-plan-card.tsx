import { Card } from "@saas/ui";
import type { ReactNode } from "react";
import type { BillingOverview } from "./billing-types";
import { formatCredits } from "./format-money";
import { PortalButton } from "./portal-button";
import { hasEnded, inactiveSubscriptionNote, nextChargeInWords, periodInWords, seatsInWords, subscriptionStatus, type StatusTone } from "./subscription-in-words";

// A status can be a sentence ("Past due since … — writes pause on …"): a dot and text, not a pill.
const STATUS_TONES: Record<StatusTone, { text: string; dot: string }> = {
  success: { text: "text-emerald-700 dark:text-emerald-300", dot: "bg-emerald-500" },
  warning: { text: "text-amber-800 dark:text-amber-300", dot: "bg-amber-500" },
  neutral: { text: "text-zinc-600 dark:text-zinc-400", dot: "bg-zinc-400 dark:bg-zinc-500" },
};

/**
 * The plan the organization is on, in words: status, seats, renewal, the next charge, credits;
 * and, for owners and admins of a Stripe customer, the way to the portal.
 */
export function CurrentPlanCard({ overview }: { overview: BillingOverview }) {
  const { state, entitlements, configured, canManage } = overview;
  const { subscription } = state;
  const unlimited = entitlements.basis === "unlimited";
  const status = unlimited ? { text: "Everything is available, without limits", tone: "neutral" as const } : subscriptionStatus(subscription, entitlements.overdue, entitlements.writable);
  const seats = seatsInWords(state.seats);
  const period = periodInWords(subscription);
  const nextCharge = nextChargeInWords(state.nextCharge);
  const subscribedPlan = overview.pricing.plans.find((plan) => plan.id === subscription?.planId)?.name ?? "paid";
  const inactiveNote = unlimited ? null : inactiveSubscriptionNote(subscription, subscribedPlan, state.plan.name);
  // Only an organization that is a Stripe customer (it bought, or started a checkout) has a portal.
  const hasPortal = configured && overview.isCustomer;

  return (
    <div id="current-plan" className="scroll-mt-6">
      <Card
        title="Current plan"
        className="h-full"
        footer={
          hasPortal ? (
            canManage ? (
              <div className="flex flex-wrap items-center justify-between gap-3">
                <p className="text-zinc-600 dark:text-zinc-400">
                  {entitlements.overdue
                    ? "Update the payment method in Manage billing; Stripe then retries the overdue invoice."
                    : hasEnded(subscription)
                      ? "Update the payment method, download invoices and receipts."
                      : "Change plan or seats, update the payment method, cancel, download invoices."}
                </p>
                <PortalButton variant={entitlements.overdue ? "primary" : "secondary"} />
              </div>
            ) : (
              <p className="text-zinc-600 dark:text-zinc-400">Owners and admins manage the payment method and the subscription.</p>
            )
          ) : undefined
        }
      >
        <p className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{unlimited ? entitlements.plan.name : state.plan.name}</p>
        <p className={`mt-2 flex items-start gap-2 text-sm font-medium ${STATUS_TONES[status.tone].text}`}>
          <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${STATUS_TONES[status.tone].dot}`} />
          {status.text}
        </p>
        {inactiveNote ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{inactiveNote}</p> : null}
        <dl className="mt-5 space-y-3 text-sm">
          <Detail term="Seats">
            {seats.text}
            {seats.syncing ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">The seats update within a minute of a member joining or leaving.</span> : null}
          </Detail>
          {period ? <Detail term="Billing period">{period}</Detail> : null}
          {subscription && !unlimited ? <Detail term="Next charge (estimate)">{nextCharge ?? "Nothing scheduled"}</Detail> : null}
          <Detail term="AI credits">{formatCredits(state.credits.balance)} available</Detail>
        </dl>
      </Card>
    </div>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    // A pair per row from the small breakpoint; stacked tightly on a phone, so each value stays with its term.
    <div className="sm:grid sm:grid-cols-[9rem_1fr] sm:gap-x-4">
      <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
      <dd className="text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}
