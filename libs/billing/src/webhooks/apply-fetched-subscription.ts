import type Stripe from "stripe";
import type { ApplyContext } from "./apply-context";
import { upsertSubscription } from "./upsert-subscription";

/**
 * Reads a subscription from the API, for events that only point at one (an invoice, a checkout).
 * Called before the recording transaction opens: a slow API must not hold a database connection
 * and row locks.
 */
export function fetchSubscription(stripe: Stripe, subscriptionId: string | null): Promise<Stripe.Subscription | null> {
  return subscriptionId ? stripe.subscriptions.retrieve(subscriptionId) : Promise.resolve(null);
}

/**
 * Writes the subscription the handler fetched. The API's answer is the newest state there is, so
 * it is applied even when a newer event than this one has been applied already.
 */
export async function writeFetchedSubscription(ctx: ApplyContext, subscription: Stripe.Subscription): Promise<void> {
  const { notes } = await upsertSubscription(ctx.sql, ctx.catalog, ctx.organization.id, subscription, {
    kind: "fetched",
    created: ctx.event.created,
  });
  ctx.notes.push(...notes);
}
