import { organizationTable, subscriptionItemTable, subscriptionTable, type Transaction } from "@saas/db";
import { and, eq, isNull, notInArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { PlanId, type Catalog } from "../catalog";
import { fromEpoch, idOf } from "../stripe-ids";
import { mapSubscriptionStatus } from "../subscription-status";

/**
 * Where a subscription object comes from decides whether it may overwrite what we hold:
 * - `event`: the object inside a webhook event, as it was at the event's `created`. Applied only
 *   when no newer event has been applied to the row (events arrive in any order).
 * - `fetched`: just read from the API, so newer than any event we have seen: always applied.
 *   `created` is the time of the event (or run) that asked for it, so the row's watermark
 *   never moves backwards.
 */
export type SubscriptionSource = { kind: "event" | "fetched"; created: number };

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/** The rows we keep for a Stripe subscription (used to write them, and to compare in reconcile). */
export function subscriptionRows(catalog: Catalog, organizationId: string, subscription: Stripe.Subscription) {
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
    organizationId,
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
    organizationId,
    stripePriceId: item.price.id,
    stripeProductId: idOf(item.price.product),
    quantity: item.quantity ?? 0,
    currentPeriodStart: fromEpoch(item.current_period_start),
    currentPeriodEnd: fromEpoch(item.current_period_end),
  }));
  return { values, items: itemRows, completeItemList: !subscription.items.has_more, notes };
}

/**
 * Writes a Stripe subscription and its items (replaced as a whole, in the caller's transaction).
 * Returns `applied: false` when the object was older than the row and nothing was written.
 *
 * Concurrency: the upsert takes the subscription row's lock (ON CONFLICT DO UPDATE locks the row
 * even when its WHERE skips the update), so two events for one subscription are applied one after
 * the other, and the item replacement below runs under that lock.
 */
export async function upsertSubscription(
  tx: Transaction,
  catalog: Catalog,
  organizationId: string,
  subscription: Stripe.Subscription,
  source: SubscriptionSource,
): Promise<{ applied: boolean; notes: string[] }> {
  const { values, items, completeItemList, notes } = subscriptionRows(catalog, organizationId, subscription);
  const stale = sql`${subscriptionTable.lastEventCreated} <= ${source.created}`;
  const [written] = await tx
    .insert(subscriptionTable)
    .values({ id: subscription.id, ...values, lastEventCreated: source.created })
    .onConflictDoUpdate({
      target: subscriptionTable.id,
      set: {
        ...values,
        lastEventCreated: sql`greatest(${subscriptionTable.lastEventCreated}, ${source.created})`,
        updatedAt: new Date(),
      },
      ...(source.kind === "event" ? { setWhere: stale } : {}),
    })
    .returning({ id: subscriptionTable.id });
  if (!written) return { applied: false, notes };

  const itemIds = items.map((item) => item.id);
  // A page of items that is not the whole list cannot say which items are gone.
  if (completeItemList) {
    await tx
      .delete(subscriptionItemTable)
      .where(
        and(
          eq(subscriptionItemTable.subscriptionId, subscription.id),
          itemIds.length > 0 ? notInArray(subscriptionItemTable.id, itemIds) : undefined,
        ),
      );
  }
  if (items.length > 0) {
    await tx
      .insert(subscriptionItemTable)
      .values(items)
      .onConflictDoUpdate({
        target: subscriptionItemTable.id,
        set: {
          subscriptionId: excluded("subscription_id"),
          organizationId: excluded("organization_id"),
          stripePriceId: excluded("stripe_price_id"),
          stripeProductId: excluded("stripe_product_id"),
          quantity: excluded("quantity"),
          currentPeriodStart: excluded("current_period_start"),
          currentPeriodEnd: excluded("current_period_end"),
          updatedAt: new Date(),
        },
      });
  }
  return { applied: true, notes };
}

/**
 * Remembers the organization's Stripe customer the first time an event shows it (a checkout, or
 * a subscription made in the dashboard for a known organization). Never replaces one already set.
 */
export async function linkStripeCustomer(
  tx: Transaction,
  organization: { id: string; stripeCustomerId: string | null },
  customerId: string | null,
): Promise<void> {
  if (!customerId || organization.stripeCustomerId) return;
  await tx
    .update(organizationTable)
    .set({ stripeCustomerId: customerId })
    .where(and(eq(organizationTable.id, organization.id), isNull(organizationTable.stripeCustomerId)));
  organization.stripeCustomerId = customerId;
}
