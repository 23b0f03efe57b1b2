import type Stripe from "stripe";
import { revokeRefundedCredits } from "../credits";
import { fromEpoch, idOf } from "../stripe-ids";
import type { ApplyContext } from "./apply-context";
import { timestamp } from "./sql";

/**
 * charge.refunded: the order paid by this charge is refunded, fully or in part, and the refunded
 * share of its credits is taken back. `amount_refunded` is Stripe's running total, so applying it
 * is the same whatever order refund events arrive in (the total only ever grows).
 */
export async function applyChargeRefunded(ctx: ApplyContext): Promise<void> {
  const { sql } = ctx;
  const charge = ctx.event.data.object as Stripe.Charge;
  const paymentIntentId = idOf(charge.payment_intent);
  if (charge.amount_refunded <= 0) {
    ctx.notes.push(`charge ${charge.id}: nothing refunded`);
    return;
  }
  // The row lock taken here also serializes two refund events of one order.
  const [order] = await sql<{ id: string; organization_id: string; amount_total: number; amount_refunded: number }[]>`
    update "order" set
      amount_refunded = greatest(amount_refunded, ${charge.amount_refunded}),
      status = case when greatest(amount_refunded, ${charge.amount_refunded}) >= amount_total
        then 'refunded' else 'partially_refunded' end,
      refunded_at = greatest(refunded_at, ${timestamp(fromEpoch(ctx.event.created))}::timestamptz),
      updated_at = now()
    where stripe_payment_intent_id = ${paymentIntentId}
    returning id, organization_id, amount_total, amount_refunded`;
  if (!order) {
    // Our checkouts put the organization on the payment intent, and Stripe copies it to the
    // charge: such a charge's order is coming (its checkout event is late or being retried), so
    // fail now and be retried rather than lose the refund.
    if (charge.metadata?.["organizationId"]) {
      throw new Error(`charge ${charge.id}: the order of payment intent ${paymentIntentId ?? "(none)"} is not recorded yet`);
    }
    // A refund of a subscription invoice: Stripe handles the money, there is no order to update.
    ctx.notes.push(`charge ${charge.id}: no order for payment intent ${paymentIntentId ?? "(none)"}`);
    return;
  }
  await revokeRefundedCredits(sql, { id: order.id, organizationId: order.organization_id, amountTotal: order.amount_total }, order.amount_refunded);
}
