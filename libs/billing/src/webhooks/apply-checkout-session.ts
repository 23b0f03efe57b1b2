import { randomUUID } from "node:crypto";
import { OrderStatus } from "@saas/db";
import type Stripe from "stripe";
import type { Catalog, ProductDefinition } from "../catalog";
import { grantPurchasedCredits } from "../credits";
import { fromEpoch, idOf } from "../stripe-ids";
import type { ApplyContext } from "./apply-context";
import { writeFreshSubscription } from "./apply-fetched-subscription";
import { timestamp } from "./sql";
import { linkStripeCustomer } from "./upsert-subscription";

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
 * The order of a payment-mode session. Every statement is idempotent. On the common path (the
 * session is new) they go in one round trip: the order (unique per session) with its item, and
 * its credits once paid (unique per order). An order known already moves forward, then the same
 * grant applies.
 */
async function applyOrder(ctx: ApplyContext, session: Stripe.Checkout.Session) {
  const { sql, event, organization } = ctx;
  const status = orderStatusFor(event.type, session);
  const purchase = purchasedProduct(ctx.catalog, session.metadata);
  if (!purchase) {
    ctx.notes.push(`checkout session ${session.id}: no product of the catalog in its metadata, no credits granted`);
  }
  const paymentIntentId = idOf(session.payment_intent);
  const paidAt = status === OrderStatus.paid ? timestamp(fromEpoch(event.created)) : null;
  const amountTotal = session.amount_total ?? 0;
  // The id the order gets if this event creates it; its item is written only then.
  const newOrderId = randomUUID();
  const grant = () =>
    purchase
      ? grantPurchasedCredits(sql, session.id, {
          credits: purchase.product.credits * purchase.quantity,
          description: `${purchase.quantity} × ${purchase.product.name}`,
        })
      : [];

  const [inserted] = await Promise.all([
    sql`
      insert into "order" (id, organization_id, stripe_checkout_session_id, stripe_payment_intent_id,
        stripe_customer_id, status, amount_total, currency, paid_at)
      values (${newOrderId}, ${organization.id}, ${session.id}, ${paymentIntentId}, ${idOf(session.customer)},
        ${status}, ${amountTotal}, ${session.currency ?? "usd"}, ${paidAt})
      on conflict do nothing
      returning id`,
    purchase
      ? sql`
          insert into order_item (order_id, organization_id, stripe_price_id, description, quantity, unit_amount, amount_total)
          select ${newOrderId}, ${organization.id}, ${purchase.product.priceId ?? "unknown"}, ${purchase.product.name},
            ${purchase.quantity}, ${Math.floor((session.amount_subtotal ?? amountTotal) / purchase.quantity)}, ${amountTotal}
          where exists (select 1 from "order" where id = ${newOrderId})`
      : [],
    grant(),
  ]);
  if (inserted.length > 0) return;

  // Known already (an earlier event of this session): forward only — pending → paid or failed,
  // failed → paid — never back.
  const from = ADVANCES_FROM[status];
  const [known] = await sql<{ id: string }[]>`
    update "order" set
      status = case when status = any(${from}::text[]) then ${status} else status end,
      paid_at = case when status = any(${from}::text[]) then ${paidAt}::timestamptz else paid_at end,
      stripe_payment_intent_id = coalesce(stripe_payment_intent_id, ${paymentIntentId}),
      updated_at = now()
    where stripe_checkout_session_id = ${session.id}
    returning id`;
  if (!known) throw new Error(`Checkout session ${session.id}: its payment intent already belongs to another order`);
  await grant();
}
