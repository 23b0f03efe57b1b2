"use client";

import { Badge, Button, buttonClassName, Card } from "@saas/ui";
import { useState, type ReactNode } from "react";
import { AskAManager } from "./ask-a-manager";
import type { BillingInterval, BillingOverview, PlanOffer } from "./billing-types";
import { CheckoutProblem } from "./checkout-problem";
import { formatMoney } from "./format-money";
import { IntervalToggle } from "./interval-toggle";
import { hasEnded } from "./subscription-in-words";
import { useCheckout } from "./use-checkout";

/**
 * The pricing table. Owners and admins on Free upgrade from here (Stripe Checkout, at the
 * interval chosen); members read who can; without billing configured it is for reference only.
 */
export function PlansCard({ overview }: { overview: BillingOverview }) {
  const { pricing, configured, canManage, managers, state } = overview;
  const [interval, setBillingInterval] = useState<BillingInterval>(state.subscription?.interval ?? "month");
  const checkout = useCheckout();
  const perSeat = pricing.plans.flatMap((plan) => (plan.price.kind === "per_seat" ? [plan.price] : []))[0];
  // Without billing nobody is really on a plan: marking Free as current would mislead.
  const currentPlanId = configured ? state.plan.id : null;
  // A subscription that still exists (paused, unpaid…) is resumed or changed in the portal: a
  // second one would bill twice (the API refuses it too).
  const canUpgrade = configured && canManage && currentPlanId === "free" && hasEnded(state.subscription);
  const resumeInPortal = configured && canManage && !hasEnded(state.subscription) && state.subscription?.entitled === false;

  return (
    <Card
      title="Plans"
      description={configured ? "Prices per member, before tax." : "For reference: checkout opens once billing is configured."}
      footer={configured && !canManage ? <AskAManager action="change the plan" managers={managers} /> : undefined}
    >
      {perSeat ? <IntervalToggle value={interval} onChange={setBillingInterval} yearlySavingPercent={perSeat.yearlySavingPercent} /> : null}
      {checkout.problem ? (
        <div className="mt-4">
          <CheckoutProblem problem={checkout.problem} />
        </div>
      ) : null}
      <div className="mt-5 grid gap-4 md:grid-cols-3">
        {pricing.plans.map((plan) => (
          <PlanColumn key={plan.id} plan={plan} interval={interval} currency={perSeat?.currency ?? "usd"} current={plan.id === currentPlanId}>
            {plan.price.kind === "contact" ? (
              <a href={`mailto:${plan.price.contactEmail}?subject=${encodeURIComponent(`${plan.name} plan`)}`} className={buttonClassName("secondary", "w-full")}>
                Contact us<span className="sr-only"> about {plan.name}</span>
              </a>
            ) : plan.price.kind === "per_seat" && canUpgrade ? (
              <Button className="w-full" pending={checkout.pending} pendingLabel="Opening checkout…" onClick={() => checkout.start({ kind: "plan", interval })}>
                {`Upgrade to ${plan.name}`}
              </Button>
            ) : plan.id === state.subscription?.planId && resumeInPortal ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Your {plan.name} subscription still exists: resume or change it in Manage billing.</p>
            ) : plan.id === currentPlanId && plan.price.kind === "per_seat" && canManage ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Change seats or the billing interval, or cancel, in Manage billing.</p>
            ) : null}
          </PlanColumn>
        ))}
      </div>
    </Card>
  );
}

interface PlanColumnProps {
  plan: PlanOffer;
  interval: BillingInterval;
  /** For Free's "$0", which has no currency of its own. */
  currency: string;
  current: boolean;
  children: ReactNode;
}

function PlanColumn({ plan, interval, currency, current, children }: PlanColumnProps) {
  const headingId = `plan-${plan.id}`;
  return (
    <article
      aria-labelledby={headingId}
      className={`flex flex-col rounded-xl border p-5 ${
        current ? "border-zinc-900 ring-1 ring-zinc-900 dark:border-zinc-100 dark:ring-zinc-100" : "border-zinc-200 dark:border-zinc-800"
      }`}
    >
      <div className="flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
          {plan.name}
        </h3>
        {current ? <Badge tone="strong">Current plan</Badge> : null}
      </div>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{plan.description}</p>
      <PlanPrice price={plan.price} interval={interval} currency={currency} />
      <ul className="mt-4 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
        {plan.highlights.map((highlight) => (
          <li key={highlight} className="flex gap-2">
            <CheckIcon />
            {highlight}
          </li>
        ))}
      </ul>
      {children ? <div className="mt-auto pt-5">{children}</div> : null}
    </article>
  );
}

function PlanPrice({ price, interval, currency }: { price: PlanOffer["price"]; interval: BillingInterval; currency: string }) {
  const figure = "text-3xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50";
  if (price.kind === "free") {
    return (
      <p className="mt-4">
        <span className={figure}>{formatMoney(0, currency, { trimZeroCents: true })}</span> <span className="text-sm text-zinc-600 dark:text-zinc-400">forever</span>
      </p>
    );
  }
  if (price.kind === "contact") {
    return (
      <p className="mt-4">
        <span className={figure}>Custom</span> <span className="text-sm text-zinc-600 dark:text-zinc-400">pricing</span>
      </p>
    );
  }
  const amount = price.perSeat[interval];
  return (
    <div className="mt-4">
      <p>
        <span className={figure}>{formatMoney(amount, price.currency, { trimZeroCents: true })}</span>{" "}
        <span className="text-sm text-zinc-600 dark:text-zinc-400">per member / {interval}</span>
      </p>
      {interval === "year" ? (
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {formatMoney(Math.round(amount / 12), price.currency)} a month, billed yearly
        </p>
      ) : null}
    </div>
  );
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400">
      <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4l3.3 3.3 7.3-7.3a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
    </svg>
  );
}
