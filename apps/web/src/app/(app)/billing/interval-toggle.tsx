"use client";

import type { BillingInterval } from "./billing-types";

const OPTIONS: { value: BillingInterval; label: string }[] = [
  { value: "month", label: "Monthly" },
  { value: "year", label: "Yearly" },
];

/** Monthly or yearly prices: a pair of radio buttons drawn as a segmented control. */
export function IntervalToggle({ value, onChange, yearlySavingPercent }: { value: BillingInterval; onChange: (value: BillingInterval) => void; yearlySavingPercent: number }) {
  return (
    <fieldset>
      <legend className="sr-only">Billing interval</legend>
      <div className="inline-flex rounded-lg border border-zinc-300 bg-zinc-50 p-1 dark:border-zinc-700 dark:bg-zinc-950">
        {OPTIONS.map((option) => {
          const checked = option.value === value;
          return (
            <label
              key={option.value}
              className={`cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-zinc-900 dark:has-focus-visible:outline-zinc-100 ${
                checked ? "bg-zinc-900 text-white shadow-sm dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-700 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-zinc-100"
              }`}
            >
              <input type="radio" name="billing-interval" value={option.value} checked={checked} onChange={() => onChange(option.value)} className="sr-only" />
              {option.label}
              {option.value === "year" && yearlySavingPercent > 0 ? (
                <span className={`ml-1.5 rounded-full px-1.5 py-0.5 text-xs ${checked ? "bg-emerald-400 text-emerald-950" : "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"}`}>
                  save {yearlySavingPercent}%
                </span>
              ) : null}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
