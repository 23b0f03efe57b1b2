import { OrderStatus, orderTable } from "@saas/db";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { revokeRefundedCredits } from "../credits";
import { fromEpoch, idOf } from "../stripe-ids";
import type { ApplyContext } from "./apply-context";

/**
 * charge.refunded: the order paid by this charge is refunded, fully or in part, and the refunded
 * share of its credits is taken back. `amount_refunded` is Stripe's running total, so applying it
 * is the same whatever order refund events arrive in (the total only ever grows).
 */
export async function applyChargeRefunded(ctx: ApplyContext): Promise<void> {
  const charge = ctx.event.data.object as Stripe.Charge;
  const paymentIntentId = idOf(charge.payment_intent);
  if (charge.amount_refunded <= 0) {
    ctx.notes.push(`charge ${charge.id}: nothing refunded`);
    return;
  }
  const refunded = sql<number>`greatest(${orderTable.amountRefunded}, ${charge.amount_refunded})`;
  const [order] = paymentIntentId
    ? await ctx.tx
        .update(orderTable)
        .set({
          amountRefunded: refunded,
          status: sql`case when ${refunded} >= ${orderTable.amountTotal} then ${OrderStatus.refunded} else ${OrderStatus.partially_refunded} end`,
          refundedAt: fromEpoch(ctx.event.created),
        })
        .where(eq(orderTable.stripePaymentIntentId, paymentIntentId))
        .returning({
          id: orderTable.id,
          organizationId: orderTable.organizationId,
          amountTotal: orderTable.amountTotal,
          amountRefunded: orderTable.amountRefunded,
        })
    : [];
  if (!order) {
    // A refund of a subscription invoice: Stripe handles the money, there is no order to update.
    ctx.notes.push(`charge ${charge.id}: no order for payment intent ${paymentIntentId ?? "(none)"}`);
    return;
  }
  await revokeRefundedCredits(ctx.tx, order, order.amountRefunded);
}
