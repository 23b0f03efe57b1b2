import { Card } from "@saas/ui";
import { useId } from "react";
import type { BillingOverview } from "./billing-types";
import { formatCredits } from "./format-money";

/** What the plan allows against what the organization uses now. */
export function UsageCard({ overview }: { overview: BillingOverview }) {
  const { entitlements, usage } = overview;
  const { limits, features } = entitlements;
  return (
    <Card title="Usage" description={entitlements.basis === "unlimited" ? "Nothing is limited while billing is not configured." : `What the ${entitlements.plan.name} plan includes.`} className="h-full">
      <div className="space-y-5">
        <UsageMeter label="Members" used={usage.members} limit={limits.members} unit={["member", "members"]} />
        <UsageMeter label="Leads" used={usage.leads} limit={limits.leads} unit={["lead", "leads"]} />
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <span className="font-medium text-zinc-900 dark:text-zinc-100">AI credits per month</span>
          <span className="text-right text-zinc-600 dark:text-zinc-400">
            {!features.aiAssistant || limits.aiCreditsPerMonth === 0
              ? "Not included"
              : limits.aiCreditsPerMonth === null
                ? "Unlimited"
                : `${formatCredits(limits.aiCreditsPerMonth)} included`}
          </span>
        </div>
      </div>
    </Card>
  );
}

interface UsageMeterProps {
  label: string;
  used: number;
  /** Null: no limit. */
  limit: number | null;
  unit: [singular: string, plural: string];
}

/** "3 of 3" with a bar (amber once it is nearly full), or "Unlimited". */
function UsageMeter({ label, used, limit, unit }: UsageMeterProps) {
  const id = useId();
  const count = (n: number) => n.toLocaleString("en-US");
  if (limit === null) {
    return (
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{label}</span>
        <span className="text-right text-zinc-600 dark:text-zinc-400">
          {count(used)} · Unlimited
        </span>
      </div>
    );
  }
  const share = limit === 0 ? 1 : Math.min(1, used / limit);
  const full = used >= limit;
  const nearly = share >= 0.8;
  return (
    <div className="text-sm">
      <div className="flex items-baseline justify-between gap-3">
        <span id={id} className="font-medium text-zinc-900 dark:text-zinc-100">
          {label}
        </span>
        <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
          {count(used)} of {count(limit)}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={`${count(used)} of ${count(limit)} ${limit === 1 ? unit[0] : unit[1]}`}
        className="mt-2 h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        <div className={`h-full rounded-full ${nearly ? "bg-amber-500 dark:bg-amber-400" : "bg-zinc-900 dark:bg-zinc-100"}`} style={{ width: `${share * 100}%` }} />
      </div>
      {full ? <p className="mt-1.5 text-xs text-amber-800 dark:text-amber-300">Limit reached: no more {unit[1]} can be added on this plan.</p> : null}
    </div>
  );
}
