import type Stripe from "stripe";
import { idOf } from "../stripe-ids";
import type { ApplyContext } from "./apply-context";
import { requireFreshSubscriptionWritten, StaleSubscriptionRead } from "./apply-fetched-subscription";
import { linkStripeCustomer, upsertSubscription } from "./upsert-subscription";

/**
 * customer.subscription.created | updated | deleted | paused | resumed | trial_will_end | …:
 * every one carries the whole subscription, so each is applied the same way — unless a newer
 * event has already been applied to it (an older `created` never overwrites newer state). An
 * event of the same second as the last one applied cannot be ordered against it: then the
 * subscription is read from the API and that state is written.
 */
export async function applySubscriptionEvent(ctx: ApplyContext): Promise<void> {
  const subscription = ctx.event.data.object as Stripe.Subscription;
  await linkStripeCustomer(ctx.sql, ctx.organization, idOf(subscription.customer));
  if (ctx.fresh?.subscription.id === subscription.id) {
    await requireFreshSubscriptionWritten(ctx, ctx.fresh);
    return;
  }
  const { applied, sameSecond, notes } = await upsertSubscription(ctx.sql, ctx.catalog, ctx.organization.id, subscription, {
    kind: "event",
    created: ctx.event.created,
    eventId: ctx.event.id,
  });
  ctx.notes.push(...notes);
  if (sameSecond) throw new StaleSubscriptionRead(subscription.id, "an event of the same second was applied already");
  if (!applied) ctx.notes.push(`subscription ${subscription.id}: a newer event was applied already; this one is stale`);
}
