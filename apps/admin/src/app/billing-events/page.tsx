import { Alert, buttonClassName, Card, EmptyState } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { ConsoleFrame } from "../../components/console-frame";
import { errorMessageOf, formatDateTime, queryString } from "../../components/format";
import { FilterField, FilterSelect } from "../../components/filters";
import { BILLING_EVENT_STATUSES, billingEventSearchOf, type Params } from "../../components/search-params";
import { api } from "../../server/api";
import { EventStatusBadge } from "./status-badge";

export const metadata: Metadata = { title: "Billing events" };



export default async function BillingEventsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return (
    <ConsoleFrame path="/billing-events" title="Billing events" description="Every Stripe event the webhook inbox recorded (times in UTC). Failed, dead and unmatched ones can be replayed.">
      <form role="search" aria-label="Filter billing events" method="get" className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <FilterSelect name="status" label="Status" value={params["status"]} options={[{ value: "", label: "Any" }, ...BILLING_EVENT_STATUSES.map((status) => ({ value: status, label: status }))]} />
        <FilterField name="type" label="Type" value={params["type"]} placeholder="invoice.paid" />
        <FilterField name="event" label="Stripe event id" value={params["event"]} placeholder="evt_…" />
        <FilterField name="from" label="From" type="date" value={params["from"]} />
        <FilterField name="to" label="To" type="date" value={params["to"]} />
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-5">
          <button type="submit" className={buttonClassName("primary")}>
            Filter
          </button>
          <Link href="/billing-events" className={buttonClassName("secondary")}>
            Clear
          </Link>
        </div>
      </form>
      <Events params={params} />
    </ConsoleFrame>
  );
}

async function Events({ params }: { params: Params }) {
  let page: Awaited<ReturnType<typeof api.staff.billingEvents.list>>;
  try {
    page = await api.staff.billingEvents.list(billingEventSearchOf(params));
  } catch (error) {
    return <Alert tone="error" title="The list cannot be shown">{errorMessageOf(error)}</Alert>;
  }
  if (page.items.length === 0) {
    return (
      <Card>
        <EmptyState title="No event matches">Stripe events appear here as the webhook inbox records them.</EmptyState>
      </Card>
    );
  }
  const { cursor: _cursor, ...rest } = params;
  return (
    <Card>
      <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        {page.items.map((event) => (
          <li key={event.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
            <div className="min-w-0">
              <Link href={`/billing-events/${event.id}`} className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
                {event.type}
              </Link>
              <p className="break-all font-mono text-xs text-zinc-500 dark:text-zinc-400">{event.stripeEventId}</p>
              <p className="text-zinc-600 dark:text-zinc-400">
                {event.organizationName ?? "No organization"} · {event.attempts} attempt{event.attempts === 1 ? "" : "s"}
                {event.livemode ? "" : " · test mode"}
              </p>
              {event.lastError ? <p className="mt-1 break-words text-red-700 dark:text-red-300">{event.lastError}</p> : null}
            </div>
            <div className="flex flex-col items-end gap-1">
              <EventStatusBadge status={event.status} />
              <time dateTime={event.createdAt.toISOString()} className="whitespace-nowrap text-zinc-500 dark:text-zinc-400">
                {formatDateTime(event.createdAt)}
              </time>
            </div>
          </li>
        ))}
      </ul>
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link href={`/billing-events${queryString({ ...rest, cursor: page.nextCursor })}`} className={buttonClassName("secondary")}>
            Older events
          </Link>
        </div>
      ) : null}
    </Card>
  );
}

