import type Stripe from "stripe";
import { PlanId, type Catalog } from "../catalog";
import { fromEpoch, idOf } from "../stripe-ids";
import { mapSubscriptionStatus } from "../subscription-status";
import { timestamp, type Sql, type SqlFragment } from "./sql";

/**
 * Where a subscription object comes from decides whether it may overwrite what we hold:
 * - `event`: the object inside a webhook event, as it was at the event's `created`. Applied only
 *   when the row's watermark (the `created` of the last event applied) is older. Stripe's
 *   `created` is in whole seconds, so an event of the same second as the watermark cannot be
 *   ordered against it: it is not applied, and the caller is told (`sameSecond`) so it can read
 *   the subscription from the API instead.
 * - `fetched`: read from the API after our row was at `readVersion` (its `xmin`; null when there
 *   was no row), so newer than anything the row held then: applied only if the row is still at
 *   that version. `created` raises the watermark (never lowers it); reconcile passes 0.
 * `eventId` is the Stripe event that caused the write, recorded in the subscription's history; a
 * fetched write without one is the reconcile job's.
 */
export type SubscriptionSource =
  | { kind: "event"; created: number; eventId?: string }
  | { kind: "fetched"; created: number; readVersion: string | null; eventId?: string };

/**
 * Months per billing interval unit, to bring a price to a month: a year is 12 months, a week
 * 12/52 of one, a day 12/365.
 */
const MONTHS_PER: Record<string, number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };

/**
 * What a subscription's items amount to per month, in the currency's minor units: the sum of
 * unit amount × quantity, each brought to a month (÷ the interval's months × its count), rounded
 * once at the end. Metered prices (charged for reported usage) and prices without a unit amount
 * (tiered) count 0: they have no fixed recurring amount. Discounts and taxes are not applied.
 */
export function monthlyRecurringAmount(items: readonly Stripe.SubscriptionItem[]): number {
  let total = 0;
  for (const { price, quantity } of items) {
    const recurring = price.recurring;
    if (!recurring || recurring.usage_type === "metered" || price.unit_amount === null) continue;
    const months = (MONTHS_PER[recurring.interval] ?? 1) * (recurring.interval_count || 1);
    total += (price.unit_amount * (quantity ?? 0)) / months;
  }
  return Math.round(total);
}

/**
 * The rows we keep for a Stripe subscription, but for the organization (used to write them, and
 * to compare in reconcile).
 */
export function subscriptionRows(catalog: Catalog, subscription: Stripe.Subscription) {
  const notes: string[] = [];
  const items = subscription.items.data;
  // The seat item is the one whose price is a plan of ours; it carries the seats and the period.
  const seatItem = items.find((item) => catalog.planForPrice(item.price.id)) ?? items[0];
  const planFromPrice = seatItem ? catalog.planForPrice(seatItem.price.id)?.plan.id : undefined;
  // Enterprise deals are made in the dashboard with custom prices and metadata.planId.
  const planFromMetadata = Object.values(PlanId).find((id) => id === subscription.metadata["planId"]);
  const planId = planFromPrice ?? planFromMetadata ?? null;
  if (!planId) {
    notes.push(`subscription ${subscription.id}: no price of it is in the catalog (${items.map((i) => i.price.id).join(", ")})`);
  }
  const values = {
    stripeCustomerId: idOf(subscription.customer),
    status: mapSubscriptionStatus(subscription.status),
    planId,
    quantity: seatItem?.quantity ?? 0,
    currentPeriodStart: fromEpoch(seatItem?.current_period_start),
    currentPeriodEnd: fromEpoch(seatItem?.current_period_end),
    trialStart: fromEpoch(subscription.trial_start),
    trialEnd: fromEpoch(subscription.trial_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: fromEpoch(subscription.cancel_at),
    canceledAt: fromEpoch(subscription.canceled_at),
    endedAt: fromEpoch(subscription.ended_at),
    metadata: subscription.metadata,
  };
  const itemRows = items.map((item) => ({
    id: item.id,
    subscriptionId: subscription.id,
    stripePriceId: item.price.id,
    stripeProductId: idOf(item.price.product),
    quantity: item.quantity ?? 0,
    currentPeriodStart: fromEpoch(item.current_period_start),
    currentPeriodEnd: fromEpoch(item.current_period_end),
    unitAmount: item.price.unit_amount ?? null,
    currency: item.price.currency ?? null,
    recurringInterval: item.price.recurring?.interval ?? null,
    recurringIntervalCount: item.price.recurring?.interval_count ?? null,
    recurringUsageType: item.price.recurring?.usage_type ?? null,
  }));
  // Kept apart from `values` (the subscription row's columns, which reconcile compares).
  const history = {
    mrrAmount: monthlyRecurringAmount(items),
    currency: (subscription.currency ?? seatItem?.price.currency)?.toLowerCase() ?? null,
    interval: seatItem?.price.recurring?.interval ?? null,
    intervalCount: seatItem?.price.recurring?.interval_count ?? null,
  };
  return { values, items: itemRows, history, completeItemList: !subscription.items.has_more, notes };
}

/**
 * Writes a Stripe subscription and its items (replaced as a whole) in the caller's transaction
 * (`subscriptionWrite`). Returns `applied: false` when nothing was written (see
 * `SubscriptionSource`), and for an event, `sameSecond: true` when that was because the row's
 * last event has the same `created`: the caller reads the API instead.
 */
export async function upsertSubscription(
  sql: Sql,
  catalog: Catalog,
  organizationId: string,
  subscription: Stripe.Subscription,
  source: SubscriptionSource,
): Promise<{ applied: boolean; sameSecond: boolean; notes: string[] }> {
  const rows = subscriptionRows(catalog, subscription);
  const write = subscriptionWrite(sql, subscription.id, rows, source, { organizationId: sql`${organizationId}::uuid`, when: sql`true` });
  const [result] = await sql<{ applied: boolean }[]>`with ${write.ctes} select ${write.applied} as applied`;
  if (result?.applied || source.kind === "fetched") return { applied: result?.applied ?? false, sameSecond: false, notes: rows.notes };
  // Not written: the upsert holds the row's lock (ON CONFLICT locks it even when its WHERE skips
  // the update), so the watermark read now is the one it was compared with.
  const [held] = await sql<{ created: string }[]>`select last_event_created::text as created from subscription where id = ${subscription.id}`;
  return { applied: false, sameSecond: held !== undefined && Number(held.created) === source.created, notes: rows.notes };
}

type Rows = ReturnType<typeof subscriptionRows>;

/** Whose rows a write makes (an SQL expression of the organization id), and the SQL condition it needs. */
export interface WriteTarget {
  organizationId: SqlFragment;
  when: SqlFragment;
}

/**
 * The subscription and its items written as common table expressions of ONE statement, so the
 * webhook inbox can record an event and apply it in a single round trip (see
 * `ingestStripeEvent`), and every other caller writes the same way:
 *
 * - `subscription_written`: the upsert for `organizationId` (an SQL expression: the inbox's
 *   statement resolves the organization itself), only when `when` holds and the source may overwrite the
 *   row (see `SubscriptionSource`). ON CONFLICT DO UPDATE takes the row's lock even when its
 *   WHERE skips the update, so writes to one subscription happen one after the other;
 * - the items, replaced as a whole, only when the upsert wrote (its RETURNING gates them: the
 *   row it wrote is not visible to the rest of the statement otherwise);
 * - `applied`: whether it wrote; `maybeSameSecond`: an event that did not write while the row,
 *   as the statement's snapshot shows it, has an event of the same second or older (older means
 *   a concurrent writer got there first, and the snapshot cannot say whose second that was).
 *   The inbox's single statement then leaves the event `pending` for the transactional path,
 *   which looks again under the row's lock (`upsertSubscription`);
 * - `subscription_history_written`: a history row whenever the upsert wrote, at the event's
 *   `created` (or now, for a read from the API). The history's insert trigger (migration 0020)
 *   compares it with the subscription's latest row under the row lock this statement holds —
 *   not with this statement's snapshot, which misses a concurrent write that was waited for —
 *   and drops it when nothing the revenue report follows (status, plan, seats, monthly amount,
 *   currency, interval) changed; it never lets its time go before the latest row's, so the
 *   history's order is the order the writes were applied in.
 */
export function subscriptionWrite(sql: Sql, id: string, rows: Rows, source: SubscriptionSource, { organizationId, when }: WriteTarget) {
  const { values: v, items, history: h, completeItemList } = rows;
  const fetched = source.kind === "fetched";
  const readVersion = source.kind === "fetched" ? source.readVersion : null;
  const incoming = items.map((item) => ({
    id: item.id,
    price: item.stripePriceId,
    product: item.stripeProductId,
    quantity: item.quantity,
    period_start: timestamp(item.currentPeriodStart),
    period_end: timestamp(item.currentPeriodEnd),
    unit_amount: item.unitAmount,
    currency: item.currency,
    recurring_interval: item.recurringInterval,
    recurring_interval_count: item.recurringIntervalCount,
    recurring_usage_type: item.recurringUsageType,
  }));
  const historySource = source.kind === "event" ? "event" : source.eventId ? "fetched" : "reconcile";
  const changedAt = source.kind === "event" ? sql`to_timestamp(${source.created}::bigint)` : sql`now()`;
  const ctes = sql`
    subscription_written as (
      insert into subscription (id, organization_id, stripe_customer_id, status, plan_id, quantity,
        current_period_start, current_period_end, trial_start, trial_end, cancel_at_period_end,
        cancel_at, canceled_at, ended_at, metadata, last_event_created)
      select ${id}, ${organizationId}, ${v.stripeCustomerId}, ${v.status}, ${v.planId}, ${v.quantity}::int,
        ${timestamp(v.currentPeriodStart)}::timestamptz, ${timestamp(v.currentPeriodEnd)}::timestamptz,
        ${timestamp(v.trialStart)}::timestamptz, ${timestamp(v.trialEnd)}::timestamptz, ${v.cancelAtPeriodEnd}::boolean,
        ${timestamp(v.cancelAt)}::timestamptz, ${timestamp(v.canceledAt)}::timestamptz, ${timestamp(v.endedAt)}::timestamptz,
        ${JSON.stringify(v.metadata)}::jsonb, ${source.created}::bigint
      where ${when}
      on conflict (id) do update set
        organization_id = excluded.organization_id, stripe_customer_id = excluded.stripe_customer_id,
        status = excluded.status, plan_id = excluded.plan_id, quantity = excluded.quantity,
        current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end,
        trial_start = excluded.trial_start, trial_end = excluded.trial_end,
        cancel_at_period_end = excluded.cancel_at_period_end, cancel_at = excluded.cancel_at,
        canceled_at = excluded.canceled_at, ended_at = excluded.ended_at, metadata = excluded.metadata,
        last_event_created = greatest(subscription.last_event_created, excluded.last_event_created),
        updated_at = now()
      where case when ${fetched}
        then subscription.xmin::text = ${readVersion}::text
        else subscription.last_event_created < excluded.last_event_created end
      returning organization_id
    ), subscription_items_incoming as (
      select i.*, w.organization_id
      from jsonb_to_recordset(${JSON.stringify(incoming)}::jsonb)
        as i(id text, price text, product text, quantity integer, period_start timestamptz, period_end timestamptz,
          unit_amount integer, currency text, recurring_interval text, recurring_interval_count integer, recurring_usage_type text)
      cross join subscription_written w
    ), subscription_items_gone as (
      -- A page of items that is not the whole list cannot say which items are gone.
      delete from subscription_item
      where subscription_id = ${id} and ${completeItemList}::boolean and exists (select 1 from subscription_written)
        and id not in (select id from subscription_items_incoming)
    ), subscription_items_written as (
      insert into subscription_item (id, subscription_id, organization_id, stripe_price_id, stripe_product_id,
        quantity, current_period_start, current_period_end, unit_amount, currency, recurring_interval,
        recurring_interval_count, recurring_usage_type)
      select i.id, ${id}, i.organization_id, i.price, i.product, i.quantity, i.period_start, i.period_end,
        i.unit_amount, i.currency, i.recurring_interval, i.recurring_interval_count, i.recurring_usage_type
      from subscription_items_incoming i
      on conflict (id) do update set
        subscription_id = excluded.subscription_id, organization_id = excluded.organization_id,
        stripe_price_id = excluded.stripe_price_id, stripe_product_id = excluded.stripe_product_id,
        quantity = excluded.quantity, current_period_start = excluded.current_period_start,
        current_period_end = excluded.current_period_end, unit_amount = excluded.unit_amount,
        currency = excluded.currency, recurring_interval = excluded.recurring_interval,
        recurring_interval_count = excluded.recurring_interval_count,
        recurring_usage_type = excluded.recurring_usage_type, updated_at = now()
    ), subscription_history_written as (
      insert into subscription_history (organization_id, subscription_id, status, plan_id, quantity, mrr_amount,
        currency, interval, interval_count, stripe_event_id, source, occurred_at)
      select w.organization_id, ${id}, ${v.status}::text, ${v.planId}::text, ${v.quantity}::int, ${h.mrrAmount}::bigint,
        ${h.currency}::text, ${h.interval}::text, ${h.intervalCount}::int, ${source.eventId ?? null}::text, ${historySource}, ${changedAt}
      from subscription_written w
    )`;
  const applied = sql`exists (select 1 from subscription_written)`;
  const maybeSameSecond = sql`(not exists (select 1 from subscription_written) and coalesce(
    (select last_event_created <= ${source.created}::bigint from subscription where id = ${id}), true))`;
  return { ctes, applied, maybeSameSecond };
}

/**
 * Remembers the organization's Stripe customer the first time an event shows it (a checkout, or
 * a subscription made in the dashboard for a known organization). Never replaces one already set.
 *
 * Events recorded as `unmatched` because they named this customer before anyone knew whose it
 * was become `pending` and due for the retry job, which now resolves them to this organization.
 */
export async function linkStripeCustomer(
  sql: Sql,
  organization: { id: string; stripeCustomerId: string | null },
  customerId: string | null,
): Promise<void> {
  if (!customerId || organization.stripeCustomerId) return;
  await sql`
    with linked as (
      update organization set stripe_customer_id = ${customerId}, updated_at = now()
      where id = ${organization.id} and stripe_customer_id is null
      returning id
    )
    update billing_event set status = 'pending', next_attempt_at = now(), updated_at = now(),
      last_error = 'unmatched until its customer was linked to organization ' || ${organization.id}
    where status = 'unmatched' and exists (select 1 from linked)
      and payload #>> '{data,object,customer}' = ${customerId}`;
  organization.stripeCustomerId = customerId;
}
