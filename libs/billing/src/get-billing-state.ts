import { memberTable, orderTable, subscriptionTable, type Database, type OrderStatus, type SubscriptionStatus } from "@saas/db";
import { count, desc, eq } from "drizzle-orm";
import { PlanId, type Catalog } from "./catalog";
import { getCreditBalance } from "./credits";
import { ENTITLED_STATUSES } from "./subscription-status";

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
  } | null;
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

// Which subscription speaks for the organization when it has several (it should not; the
// reconcile job reports it): entitled first, then the most recently updated.
const PRIORITY: Partial<Record<SubscriptionStatus, number>> = { active: 3, trialing: 2, past_due: 1 };

/**
 * What the billing page shows. Runs as the tenant (row-level security), so even a bug here cannot
 * show another organization's billing.
 */
export async function getBillingState(
  db: Database,
  input: { organizationId: string; catalog: Catalog; recentOrders?: number },
): Promise<BillingState> {
  const { organizationId, catalog } = input;
  return db.withTenant(organizationId, async (tx) => {
    const subscriptions = await tx
      .select()
      .from(subscriptionTable)
      .where(eq(subscriptionTable.organizationId, organizationId))
      .orderBy(desc(subscriptionTable.updatedAt));
    const current = subscriptions.sort((a, b) => (PRIORITY[b.status] ?? 0) - (PRIORITY[a.status] ?? 0))[0];
    const [members] = await tx.select({ n: count() }).from(memberTable).where(eq(memberTable.organizationId, organizationId));
    const orders = await tx.query.orderTable.findMany({
      where: eq(orderTable.organizationId, organizationId),
      orderBy: desc(orderTable.createdAt),
      limit: input.recentOrders ?? 20,
      with: { items: { columns: { description: true, quantity: true } } },
    });
    const balance = await getCreditBalance(tx, organizationId);

    const entitled = current ? ENTITLED_STATUSES.includes(current.status) : false;
    const planId = entitled ? (Object.values(PlanId).find((id) => id === current?.planId) ?? null) : PlanId.free;
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
          }
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
  });
}
