import type Stripe from "stripe";
import { idOf } from "../stripe-ids";
import type { ApplyContext } from "./apply-context";
import { linkStripeCustomer, upsertSubscription } from "./upsert-subscription";

/**
 * customer.subscription.created | updated | deleted | paused | resumed | trial_will_end | …:
 * every one carries the whole subscription, so each is applied the same way — unless a newer
 * event has already been applied to it (an older `created` never overwrites newer state).
 */
export async function applySubscriptionEvent(ctx: ApplyContext): Promise<void> {
  const subscription = ctx.event.data.object as Stripe.Subscription;
  await linkStripeCustomer(ctx.sql, ctx.organization, idOf(subscription.customer));
  const { applied, notes } = await upsertSubscription(ctx.sql, ctx.catalog, ctx.organization.id, subscription, {
    kind: "event",
    created: ctx.event.created,
  });
  ctx.notes.push(...notes);
  if (!applied) ctx.notes.push(`subscription ${subscription.id}: a newer event was applied already; this one is stale`);
}
