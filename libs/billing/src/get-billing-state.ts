import { memberTable, orderTable, subscriptionItemTable, type OrderStatus, type SubscriptionStatus, type Transaction } from "@saas/db";
import { count, desc, eq } from "drizzle-orm";
import type { BillingInterval, Catalog, PlanId } from "./catalog";
import { getCreditBalance } from "./credits";
import { currentSubscription, planOfSubscription } from "./current-subscription";

export interface BillingState {
  /** The plan the organization gets now: its subscription's while entitled, Free otherwise. */
  plan: { id: PlanId | null; name: string };
  subscription: {
    id: string;
    status: SubscriptionStatus;
    planId: string | null;
    /** False when the status gives no access (unpaid, paused, canceled…). */
    entitled: boolean;
    seats: number;
    currentPeriodEnd: Date | null;
    trialEnd: Date | null;
    cancelAtPeriodEnd: boolean;
    cancelAt: Date | null;
    /** Since when a payment is overdue (past due or unpaid); null when paid up. */
    pastDueSince: Date | null;
    /** Of the per-seat price, when the catalog knows it. */
    interval: BillingInterval | null;
  } | null;
  /**
   * What the next renewal will charge at today's seats, from the catalog's display amounts (before
   * tax, discounts and proration; Stripe's invoice is the final word). Null when nothing renews.
   */
  nextCharge: { amount: number; currency: string; on: Date } | null;
  /** Members now, and seats paid for (null without a subscription): they differ until seats sync. */
  seats: { members: number; billed: number | null };
  orders: {
    id: string;
    status: OrderStatus;
    amountTotal: number;
    amountRefunded: number;
    currency: string;
    createdAt: Date;
    paidAt: Date | null;
    items: { description: string; quantity: number }[];
  }[];
  credits: { balance: number };
}

/**
 * What the billing page shows, read in the caller's tenant transaction (row-level security), so
 * even a bug here cannot show another organization's billing.
 */
export async function getBillingState(
  tx: Transaction,
  input: { organizationId: string; catalog: Catalog; recentOrders?: number },
): Promise<BillingState> {
  const { organizationId, catalog } = input;
  const current = await currentSubscription(tx, organizationId);
  const [members] = await tx.select({ n: count() }).from(memberTable).where(eq(memberTable.organizationId, organizationId));
  const orders = await tx.query.orderTable.findMany({
    where: eq(orderTable.organizationId, organizationId),
    orderBy: desc(orderTable.createdAt),
    limit: input.recentOrders ?? 20,
    with: { items: { columns: { description: true, quantity: true } } },
  });
  const balance = await getCreditBalance(tx, organizationId);

  const { planId, entitled } = planOfSubscription(current);
  const items = current
    ? await tx.select({ price: subscriptionItemTable.stripePriceId, quantity: subscriptionItemTable.quantity }).from(subscriptionItemTable).where(eq(subscriptionItemTable.subscriptionId, current.id))
    : [];
  const seatItem = items.map((item) => ({ ...item, sold: catalog.planForPrice(item.price) })).find((item) => item.sold);
  const seatPrice = seatItem?.sold && seatItem.sold.plan.pricing.kind === "per_seat" ? seatItem.sold.plan.pricing.prices[seatItem.sold.interval] : null;
  const renews = current && entitled && !current.cancelAtPeriodEnd && !current.cancelAt && current.currentPeriodEnd;
  return {
    plan: { id: planId, name: planId ? catalog.plan(planId).name : "Unknown plan" },
    subscription: current
      ? {
          id: current.id,
          status: current.status,
          planId: current.planId,
          entitled,
          seats: current.quantity,
          currentPeriodEnd: current.currentPeriodEnd,
          trialEnd: current.trialEnd,
          cancelAtPeriodEnd: current.cancelAtPeriodEnd,
          cancelAt: current.cancelAt,
          pastDueSince: current.pastDueSince,
          interval: seatItem?.sold?.interval ?? null,
        }
      : null,
    nextCharge:
      renews && seatItem && seatPrice && current.currentPeriodEnd
        ? { amount: seatPrice.unitAmount * seatItem.quantity, currency: seatPrice.currency, on: current.currentPeriodEnd }
        : null,
    seats: { members: members?.n ?? 0, billed: current && entitled ? current.quantity : null },
    orders: orders.map((order) => ({
      id: order.id,
      status: order.status,
      amountTotal: order.amountTotal,
      amountRefunded: order.amountRefunded,
      currency: order.currency,
      createdAt: order.createdAt,
      paidAt: order.paidAt,
      items: order.items,
    })),
    credits: { balance },
  };
}
