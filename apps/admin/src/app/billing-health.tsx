import type { AppRouter } from "@saas/api";
import { Card, EmptyState, StatCard } from "@saas/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { formatDateTime } from "../components/format";

type BillingHealth = inferRouterOutputs<AppRouter>["staff"]["billingHealth"];


/**
 * What needs a person in billing: webhook events the inbox could not apply (retried by the
 * `retry-billing-events` job, `dead` once it gives up) and seat syncs Stripe keeps refusing (the
 * `sync-seats` job retries them with backoff and never gives up).
 */
export function BillingHealthSection({ health }: { health: BillingHealth }) {
  const { events, seatSyncs } = health;
  return (
    <section aria-labelledby="billing-health" className="mt-10">
      <h2 id="billing-health" className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">
        Billing health
      </h2>
      <dl className="mt-4 grid grid-cols-2 gap-4 lg:grid-cols-5" aria-label="Billing events and seat syncs that need attention">
        <StatCard label="Events failed" value={events.failed} />
        <StatCard label="Events dead" value={events.dead} />
        <StatCard label="Events unmatched" value={events.unmatched} />
        <StatCard label="Events pending" value={events.pending} />
        <StatCard label="Seat syncs waiting" value={seatSyncs.waiting} />
      </dl>
      <Card title="Seat syncs failing" description="Stripe refused these; the sync-seats job retries each with a growing delay." className="mt-6">
        {seatSyncs.failing.length === 0 ? (
          <EmptyState title="None failing">Every membership change has reached Stripe or is about to.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Organization</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Attempts</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Next attempt (UTC)</th>
                  <th scope="col" className="py-2 font-medium">Last error</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {seatSyncs.failing.map((row) => (
                  <tr key={row.organizationId}>
                    <td className="py-2 pr-4 text-zinc-900 dark:text-zinc-100">{row.organizationName}</td>
                    <td className="py-2 pr-4 tabular-nums">{row.attempts}</td>
                    <td className="whitespace-nowrap py-2 pr-4">{formatDateTime(row.nextAttemptAt)}</td>
                    <td className="py-2 break-words text-zinc-600 dark:text-zinc-400">{row.lastError ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </section>
  );
}
