import { OrderStatus } from "@saas/db";
import type Stripe from "stripe";
import type { Catalog, ProductDefinition } from "../catalog";
import { purchaseCreditsGranted } from "../credits";
import { fromEpoch, idOf } from "../stripe-ids";
import type { ApplyContext, StatementContext } from "./apply-context";
import { writeFreshSubscription } from "./apply-fetched-subscription";
import { timestamp } from "./sql";
import { linkStripeCustomer, type WriteTarget } from "./upsert-subscription";

/**
 * checkout.session.completed, .async_payment_succeeded, .async_payment_failed.
 *
 * Subscription mode: the customer is linked to the organization, and if no subscription event
 * has arrived yet the subscription (fetched from the API) is written, so a paying customer is
 * upgraded even when the subscription events are late. Payment mode: the order (unique per checkout session) and, once
 * paid, its credits (unique per order).
 */
export async function applyCheckoutSession(ctx: ApplyContext): Promise<void> {
  const session = ctx.event.data.object as Stripe.Checkout.Session;
  await linkStripeCustomer(ctx.sql, ctx.organization, idOf(session.customer));
  if (session.mode === "subscription") {
    await ensureSubscription(ctx);
  } else if (session.mode === "payment") {
    await applyOrder(ctx, session);
  } else {
    ctx.notes.push(`checkout session ${session.id} is in ${session.mode} mode: nothing to apply`);
  }
}

/** Writes the subscription unless we hold it already (then its own events keep it true). */
async function ensureSubscription(ctx: ApplyContext) {
  if (!ctx.fresh) {
    ctx.notes.push(`checkout session ${(ctx.event.data.object as Stripe.Checkout.Session).id}: no subscription to write`);
    return;
  }
  // Refused only when a row appeared since the read: an event wrote it, which is all we wanted.
  await writeFreshSubscription(ctx, ctx.fresh);
}

/** The product and quantity our checkout wrote into the session's metadata, if any. */
export function purchasedProduct(
  catalog: Catalog,
  metadata: Stripe.Metadata | null,
): { product: ProductDefinition; quantity: number } | null {
  const product = catalog.products.find((candidate) => candidate.id === metadata?.["productId"]);
  const quantity = Number.parseInt(metadata?.["quantity"] ?? "1", 10);
  if (!product || !Number.isSafeInteger(quantity) || quantity < 1) return null;
  return { product, quantity };
}

function orderStatusFor(eventType: string, session: Stripe.Checkout.Session): OrderStatus {
  if (eventType === "checkout.session.async_payment_failed") return OrderStatus.failed;
  if (eventType === "checkout.session.async_payment_succeeded") return OrderStatus.paid;
  // Delayed payment methods (bank debits) complete the session unpaid; the async events follow.
  return session.payment_status === "unpaid" ? OrderStatus.pending : OrderStatus.paid;
}

/** Where an order may come from to reach a status: forward only, never back. */
const ADVANCES_FROM: Record<OrderStatus, OrderStatus[]> = {
  [OrderStatus.paid]: [OrderStatus.pending, OrderStatus.failed],
  [OrderStatus.failed]: [OrderStatus.pending],
  [OrderStatus.pending]: [],
  [OrderStatus.canceled]: [],
  [OrderStatus.partially_refunded]: [],
  [OrderStatus.refunded]: [],
};

/**
 * The order of a payment-mode session, as common table expressions of ONE statement (so the
 * inbox can record the event and apply it in a single round trip, see `ingestStripeEvent`):
 *
 * - `order_written`: the order, unique per checkout session — created, or, when an earlier
 *   event of the session created it, moved forward only (pending → paid or failed, failed →
 *   paid), never back. ON CONFLICT DO UPDATE waits for a concurrent writer of the same session
 *   and then sees its row;
 * - its item, only when this statement created the order;
 * - its credits once paid, unique per order (see credits.ts), so they are granted once whatever
 *   Stripe redelivers.
 *
 * A payment intent another order holds already fails the statement (`explainOrderConflict`).
 */
export function orderWrite(ctx: StatementContext, session: Stripe.Checkout.Session, { organizationId, when }: WriteTarget) {
  const { sql, event } = ctx;
  const status = orderStatusFor(event.type, session);
  const purchase = purchasedProduct(ctx.catalog, session.metadata);
  if (!purchase) {
    ctx.notes.push(`checkout session ${session.id}: no product of the catalog in its metadata, no credits granted`);
  }
  const from = ADVANCES_FROM[status];
  const paidAt = status === OrderStatus.paid ? timestamp(fromEpoch(event.created)) : null;
  const amountTotal = session.amount_total ?? 0;
  const bought = purchase !== null;
  const quantity = purchase?.quantity ?? 1;
  return sql`
    order_written as (
      insert into "order" (organization_id, stripe_checkout_session_id, stripe_payment_intent_id,
        stripe_customer_id, status, amount_total, currency, paid_at)
      select ${organizationId}, ${session.id}, ${idOf(session.payment_intent)}, ${idOf(session.customer)},
        ${status}, ${amountTotal}::int, ${session.currency ?? "usd"}, ${paidAt}::timestamptz
      where ${when}
      on conflict (stripe_checkout_session_id) do update set
        status = case when "order".status = any(${from}::text[]) then excluded.status else "order".status end,
        paid_at = case when "order".status = any(${from}::text[]) then excluded.paid_at else "order".paid_at end,
        stripe_payment_intent_id = coalesce("order".stripe_payment_intent_id, excluded.stripe_payment_intent_id),
        updated_at = now()
      returning id, organization_id, status, xmax = 0 as created
    ), order_item_written as (
      insert into order_item (order_id, organization_id, stripe_price_id, description, quantity, unit_amount, amount_total)
      select id, organization_id, ${purchase?.product.priceId ?? "unknown"}, ${purchase?.product.name ?? ""},
        ${quantity}::int, ${Math.floor((session.amount_subtotal ?? amountTotal) / quantity)}::int, ${amountTotal}::int
      from order_written where created and ${bought}::boolean
    ), ${purchaseCreditsGranted(sql, "order_written", {
      credits: bought ? purchase.product.credits * purchase.quantity : 0,
      description: bought ? `${purchase.quantity} × ${purchase.product.name}` : "",
    })}`;
}

/** The message for an order whose payment intent another order holds (a unique violation). */
export function explainOrderConflict(error: unknown, session: Stripe.Checkout.Session): unknown {
  const constraint = (error as { constraint_name?: string } | null)?.constraint_name;
  return constraint === "order_stripe_payment_intent_id_unique"
    ? new Error(`Checkout session ${session.id}: its payment intent already belongs to another order`)
    : error;
}

async function applyOrder(ctx: ApplyContext, session: Stripe.Checkout.Session) {
  const target = { organizationId: ctx.sql`${ctx.organization.id}::uuid`, when: ctx.sql`true` };
  await ctx.sql`with ${orderWrite(ctx, session, target)} select 1`.catch((error: unknown) => {
    throw explainOrderConflict(error, session);
  });
}
