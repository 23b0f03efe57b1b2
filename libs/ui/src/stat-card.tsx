interface StatCardProps {
  label: string;
  /** A count (grouped for reading) or an already formatted figure. */
  value: number | string;
  hint?: string;
}

/** One figure with its label, e.g. "Organizations · 2". */
export function StatCard({ label, value, hint }: StatCardProps) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <dt className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="mt-2 text-3xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
        {typeof value === "number" ? value.toLocaleString("en-US") : value}
      </dd>
      {hint ? <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
    </div>
  );
}
