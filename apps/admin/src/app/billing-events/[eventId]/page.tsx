import { Card, TextField } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "../../../components/action-form";
import { AuditEntries } from "../../../components/audit-entries";
import { ConsoleFrame } from "../../../components/console-frame";
import { Fact } from "../../../components/fact";
import { formatDateTime, isNotFound } from "../../../components/format";
import { JsonView } from "../../../components/json-view";
import { api } from "../../../server/api";
import { EventStatusBadge } from "../status-badge";
import { attachAction, replayAction } from "./actions";

export const metadata: Metadata = { title: "Billing event" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function BillingEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  if (!UUID.test(eventId)) notFound();
  return (
    <ConsoleFrame path={`/billing-events/${eventId}`} title="Billing event" description={<Link href="/billing-events" className="underline underline-offset-2">All billing events</Link>}>
      <EventDetail eventId={eventId} />
    </ConsoleFrame>
  );
}

async function EventDetail({ eventId }: { eventId: string }) {
  const { event, audit, replayable } = await api.staff.billingEvents.get({ eventId }).catch((error: unknown) => {
    if (isNotFound(error)) notFound();
    throw error;
  });
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <Card title={event.type} description={<span className="break-all font-mono text-xs">{event.stripeEventId}</span>}>
          <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
            <Fact label="Status">
              <EventStatusBadge status={event.status} />
            </Fact>
            <Fact label="Organization">{event.organizationName ?? "None matched"}</Fact>
            <Fact label="Created by Stripe">{formatDateTime(new Date(event.stripeCreated * 1000))} UTC</Fact>
            <Fact label="Recorded">{formatDateTime(event.createdAt)} UTC</Fact>
            <Fact label="Attempts">{event.attempts}</Fact>
            <Fact label="Processed">{event.processedAt ? `${formatDateTime(event.processedAt)} UTC` : "Not yet"}</Fact>
            {event.nextAttemptAt ? <Fact label="Next automatic attempt">{formatDateTime(event.nextAttemptAt)} UTC</Fact> : null}
            <Fact label="Mode">{event.livemode ? "Live" : "Test"}</Fact>
          </dl>
          {event.lastError ? (
            <div className="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200">
              <p className="font-semibold">Last error</p>
              <p className="mt-1 break-words font-mono text-xs">{event.lastError}</p>
            </div>
          ) : null}
        </Card>
        <Card title="Payload" description="The event as Stripe sent it.">
          <JsonView value={event.payload} />
        </Card>
        <Card title="Staff actions">
          <AuditEntries entries={audit} emptyText="Nobody has replayed this event." />
        </Card>
      </div>
      <div className="order-first space-y-6 lg:order-last">
        {event.status === "unmatched" ? (
          <Card title="Attach to organization" description="When you know whose Stripe customer this is: links it to the organization, and the retry job applies its unmatched events.">
            <ActionForm action={attachAction} hidden={{ eventId: event.id }} label="Attach" name="Attach to organization">
              <TextField id="attach-slug" name="organizationSlug" label="Organization slug" required hint="As in the organization's address, e.g. acme-robotics." />
              <TextField id="attach-reason" name="reason" label="Reason" required minLength={3} maxLength={500} />
            </ActionForm>
          </Card>
        ) : null}
        <Card title="Replay" description={replayable ? "Applies the event again, reading the subscription from Stripe first." : `A ${event.status} event is not replayed: only failed, dead or unmatched ones are.`}>
          {replayable ? (
            <ActionForm action={replayAction} hidden={{ eventId: event.id }} label="Replay" variant="primary" name="Replay">
              <TextField id="replay-reason" name="reason" label="Reason" required minLength={3} maxLength={500} hint="Why now, e.g. the subscription exists in Stripe now." />
            </ActionForm>
          ) : null}
        </Card>
      </div>
    </div>
  );
}
