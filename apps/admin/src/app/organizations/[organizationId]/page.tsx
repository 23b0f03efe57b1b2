import { formatMoney } from "@saas/config";
import { Badge, Card, EmptyState, TextField } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ActionForm } from "../../../components/action-form";
import { AuditEntries } from "../../../components/audit-entries";
import { ConsoleFrame } from "../../../components/console-frame";
import { Fact } from "../../../components/fact";
import { formatDate, formatDateTime, isNotFound } from "../../../components/format";
import { api } from "../../../server/api";
import { EventStatusBadge } from "../../billing-events/status-badge";
import { adjustCreditsAction } from "./actions";

export const metadata: Metadata = { title: "Organization" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


export default async function OrganizationPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  if (!UUID.test(organizationId)) notFound();
  return (
    <ConsoleFrame path={`/organizations/${organizationId}`} title="Organization" description={<Link href="/organizations" className="underline underline-offset-2">All organizations</Link>}>
      <OrganizationDetail organizationId={organizationId} />
    </ConsoleFrame>
  );
}

function List({ empty, children }: { empty: string | null; children: ReactNode }) {
  return empty ? <EmptyState title={empty} /> : <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">{children}</ul>;
}

async function OrganizationDetail({ organizationId }: { organizationId: string }) {
  const detail = await api.staff.organizations.get({ organizationId }).catch((error: unknown) => {
    if (isNotFound(error)) notFound();
    throw error;
  });
  const { organization, members, invitations, subscriptions, orders, credits, billingEvents, aiUsageThisMonth, audit } = detail;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <Card title={organization.name} description={`/${organization.slug}`}>
          <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
            <Fact label="Created">{formatDateTime(organization.createdAt)} UTC</Fact>
            <Fact label="Stripe customer">{organization.stripeCustomerId ?? "None yet"}</Fact>
            <Fact label="Credits">{credits.balance.toLocaleString("en-US")}</Fact>
            <Fact label="AI this month">
              {aiUsageThisMonth.answers} answers · {aiUsageThisMonth.tokens.toLocaleString("en-US")} tokens · {aiUsageThisMonth.credits} credits
            </Fact>
          </dl>
        </Card>

        <Card title="Members and invitations">
          <List empty={members.length + invitations.length === 0 ? "Nobody yet" : null}>
            {members.map((member) => (
              <li key={member.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/users/${member.userId}`} className="min-w-0 underline-offset-2 hover:underline">
                  <span className="font-medium">{member.name}</span> <span className="break-all text-zinc-500 dark:text-zinc-400">{member.email}</span>
                </Link>
                <Badge>{member.role}</Badge>
              </li>
            ))}
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="break-all text-zinc-600 dark:text-zinc-400">{invitation.email} (invited, until {formatDate(invitation.expiresAt)})</span>
                <Badge tone="warning">{invitation.role}</Badge>
              </li>
            ))}
          </List>
        </Card>

        <Card title="Subscriptions" description="Newest first, as the webhook inbox recorded them.">
          <List empty={subscriptions.length === 0 ? "No subscription: the Free plan" : null}>
            {subscriptions.map((subscription) => (
              <li key={subscription.id} className="py-2">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{subscription.planId ?? "unknown plan"}</span>
                  <Badge tone={subscription.status === "active" || subscription.status === "trialing" ? "success" : "warning"}>{subscription.status}</Badge>
                  <span className="text-zinc-500 dark:text-zinc-400">
                    {subscription.quantity} seat{subscription.quantity === 1 ? "" : "s"}
                    {subscription.currentPeriodEnd ? ` · ${subscription.cancelAtPeriodEnd ? "ends" : "renews"} ${formatDate(subscription.currentPeriodEnd)}` : ""}
                    {subscription.trialEnd ? ` · trial until ${formatDate(subscription.trialEnd)}` : ""}
                    {subscription.pastDueSince ? ` · past due since ${formatDate(subscription.pastDueSince)}` : ""}
                  </span>
                </p>
                <p className="break-all font-mono text-xs text-zinc-500 dark:text-zinc-400">
                  {subscription.id} · {subscription.items.map((item) => `${item.priceId} × ${item.quantity}`).join(", ") || "no items"}
                </p>
              </li>
            ))}
          </List>
        </Card>

        <Card title="Orders and refunds">
          <List empty={orders.length === 0 ? "No order" : null}>
            {orders.map((order) => (
              <li key={order.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {formatMoney(order.amountTotal, order.currency)}
                  {order.amountRefunded > 0 ? <span className="text-red-700 dark:text-red-300"> · refunded {formatMoney(order.amountRefunded, order.currency)}</span> : null}
                </span>
                <span className="flex items-center gap-2">
                  <Badge>{order.status}</Badge>
                  <span className="text-zinc-500 dark:text-zinc-400">{formatDate(order.paidAt ?? order.createdAt)}</span>
                </span>
              </li>
            ))}
          </List>
        </Card>

        <Card title="Credits ledger" description="The latest 20 rows; the balance is their sum over all time.">
          <List empty={credits.ledger.length === 0 ? "No credit movement" : null}>
            {credits.ledger.map((row) => (
              <li key={row.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="min-w-0">
                  <span className={`font-medium tabular-nums ${row.amount < 0 ? "text-red-700 dark:text-red-300" : ""}`}>{row.amount > 0 ? `+${row.amount}` : row.amount}</span>{" "}
                  <span className="text-zinc-600 dark:text-zinc-400">{row.description}</span>
                </span>
                <span className="text-zinc-500 dark:text-zinc-400">{formatDate(row.createdAt)}</span>
              </li>
            ))}
          </List>
        </Card>

        <Card title="Recent billing events">
          <List empty={billingEvents.length === 0 ? "No billing event" : null}>
            {billingEvents.map((event) => (
              <li key={event.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/billing-events/${event.id}`} className="underline-offset-2 hover:underline">
                  {event.type}
                </Link>
                <span className="flex items-center gap-2">
                  <EventStatusBadge status={event.status} />
                  <span className="text-zinc-500 dark:text-zinc-400">{formatDateTime(event.createdAt)}</span>
                </span>
              </li>
            ))}
          </List>
        </Card>

        <Card title="Staff actions">
          <AuditEntries entries={audit} emptyText="No staff action on this organization yet." />
        </Card>
      </div>

      <div className="order-first space-y-6 lg:order-last">
        <Card title="Adjust credits" description="A positive amount grants credits, a negative one takes them back. Recorded in the ledger and the audit log.">
          <ActionForm action={adjustCreditsAction} hidden={{ organizationId: organization.id, idempotencyKey: crypto.randomUUID() }} label="Adjust" variant="primary" name="Adjust credits">
            <TextField id="credits-amount" name="amount" type="number" step={1} label="Credits" required />
            <TextField id="credits-reason" name="reason" label="Reason" required minLength={3} maxLength={500} />
          </ActionForm>
        </Card>
      </div>
    </div>
  );
}
