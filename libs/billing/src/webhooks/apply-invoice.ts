import type Stripe from "stripe";
import { idOf } from "../stripe-ids";
import type { ApplyContext } from "./apply-context";
import { requireFreshSubscriptionWritten } from "./apply-fetched-subscription";

/** The subscription an invoice bills, when it bills one. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/**
 * invoice.paid, invoice.payment_failed: the subscription's period and status moved (a renewal, a
 * first payment, dunning). The invoice only carries part of that state, and applying part of it
 * would either lose a concurrent change or let an older event undo it, so the subscription is
 * read from the API (the handler's `freshRead`, see event-handlers.ts) and written whole.
 */
export async function applyInvoice(ctx: ApplyContext): Promise<void> {
  const invoice = ctx.event.data.object as Stripe.Invoice;
  if (!ctx.fresh) {
    ctx.notes.push(`invoice ${invoice.id} bills no subscription: nothing to apply`);
    return;
  }
  await requireFreshSubscriptionWritten(ctx, ctx.fresh);
}
