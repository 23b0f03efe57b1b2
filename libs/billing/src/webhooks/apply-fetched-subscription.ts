import type { ApplyContext } from "./apply-context";
import { upsertSubscription } from "./upsert-subscription";

/**
 * Reads the subscription from the API and writes it. For events that only point at a
 * subscription (an invoice, a checkout) — the API's answer is the newest state there is, so it is
 * applied even when a newer event than this one has been applied already.
 */
export async function applyFetchedSubscription(ctx: ApplyContext, subscriptionId: string): Promise<void> {
  const subscription = await ctx.stripe.subscriptions.retrieve(subscriptionId);
  const { notes } = await upsertSubscription(ctx.sql, ctx.catalog, ctx.organization.id, subscription, {
    kind: "fetched",
    created: ctx.event.created,
  });
  ctx.notes.push(...notes);
}
