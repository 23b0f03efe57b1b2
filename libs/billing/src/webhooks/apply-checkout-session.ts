import { orderItemTable, OrderStatus, orderTable, subscriptionTable } from "@saas/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Catalog, ProductDefinition } from "../catalog";
import { grantPurchasedCredits } from "../credits";
import { fromEpoch, idOf } from "../stripe-ids";
import type { ApplyContext } from "./apply-context";
import { applyFetchedSubscription } from "./apply-fetched-subscription";
import { linkStripeCustomer } from "./upsert-subscription";

/**
 * checkout.session.completed, .async_payment_succeeded, .async_payment_failed.
 *
 * Subscription mode: the customer is linked to the organization, and if no subscription event
 * has arrived yet the subscription is fetched, so a paying customer is upgraded even when the
 * subscription events are late. Payment mode: the order (unique per checkout session) and, once
 * paid, its credits (unique per order).
 */
export async function applyCheckoutSession(ctx: ApplyContext): Promise<void> {
  const session = ctx.event.data.object as Stripe.Checkout.Session;
  await linkStripeCustomer(ctx.tx, ctx.organization, idOf(session.customer));
  if (session.mode === "subscription") {
    await ensureSubscription(ctx, idOf(session.subscription));
  } else if (session.mode === "payment") {
    await applyOrder(ctx, session);
  } else {
    ctx.notes.push(`checkout session ${session.id} is in ${session.mode} mode: nothing to apply`);
  }
}

async function ensureSubscription(ctx: ApplyContext, subscriptionId: string | null) {
  if (!subscriptionId) {
    ctx.notes.push("subscription checkout without a subscription id");
    return;
  }
  const [known] = await ctx.tx
    .select({ id: subscriptionTable.id })
    .from(subscriptionTable)
    .where(eq(subscriptionTable.id, subscriptionId));
  if (!known) await applyFetchedSubscription(ctx, subscriptionId);
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

type OrderRow = { id: string; status: OrderStatus; organizationId: string };
const orderColumns = { id: orderTable.id, status: orderTable.status, organizationId: orderTable.organizationId };

async function applyOrder(ctx: ApplyContext, session: Stripe.Checkout.Session) {
  const status = orderStatusFor(ctx.event.type, session);
  const purchase = purchasedProduct(ctx.catalog, session.metadata);
  if (!purchase) {
    ctx.notes.push(`checkout session ${session.id}: no product of the catalog in its metadata, no credits granted`);
  }
  const order = (await insertOrder(ctx, session, status, purchase)) ?? (await advanceOrder(ctx, session, status));
  if (order.status === OrderStatus.paid && purchase) {
    await grantPurchasedCredits(ctx.tx, order, {
      credits: purchase.product.credits * purchase.quantity,
      description: `${purchase.quantity} × ${purchase.product.name}`,
    });
  }
}

/** The order and its item, the first time the session is seen; undefined when it is known. */
async function insertOrder(
  { tx, event, organization }: ApplyContext,
  session: Stripe.Checkout.Session,
  status: OrderStatus,
  purchase: ReturnType<typeof purchasedProduct>,
): Promise<OrderRow | undefined> {
  const [inserted] = await tx
    .insert(orderTable)
    .values({
      organizationId: organization.id,
      stripeCheckoutSessionId: session.id,
      stripePaymentIntentId: idOf(session.payment_intent),
      stripeCustomerId: idOf(session.customer),
      status,
      amountTotal: session.amount_total ?? 0,
      currency: session.currency ?? "usd",
      paidAt: status === OrderStatus.paid ? fromEpoch(event.created) : null,
    })
    .onConflictDoNothing()
    .returning(orderColumns);
  if (inserted && purchase) {
    const subtotal = session.amount_subtotal ?? session.amount_total ?? 0;
    await tx.insert(orderItemTable).values({
      orderId: inserted.id,
      organizationId: organization.id,
      stripePriceId: purchase.product.priceId ?? "unknown",
      description: purchase.product.name,
      quantity: purchase.quantity,
      unitAmount: Math.floor(subtotal / purchase.quantity),
      amountTotal: session.amount_total ?? 0,
    });
  }
  return inserted;
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

async function advanceOrder(
  { tx, event }: ApplyContext,
  session: Stripe.Checkout.Session,
  status: OrderStatus,
): Promise<OrderRow> {
  const from = ADVANCES_FROM[status];
  if (from.length > 0) {
    const [moved] = await tx
      .update(orderTable)
      .set({
        status,
        paidAt: status === OrderStatus.paid ? fromEpoch(event.created) : null,
        stripePaymentIntentId: sql`coalesce(${orderTable.stripePaymentIntentId}, ${idOf(session.payment_intent)})`,
      })
      .where(and(eq(orderTable.stripeCheckoutSessionId, session.id), inArray(orderTable.status, from)))
      .returning(orderColumns);
    if (moved) return moved;
  }
  const [current] = await tx.select(orderColumns).from(orderTable).where(eq(orderTable.stripeCheckoutSessionId, session.id));
  if (!current) {
    throw new Error(`Checkout session ${session.id}: its payment intent already belongs to another order`);
  }
  return current;
}
