import { subscriptionTable, type Database, type SubscriptionStatus, type Transaction } from "@saas/db";
import { desc, eq } from "drizzle-orm";
import { PlanId } from "./catalog";
import { ENTITLED_STATUSES } from "./subscription-status";

// Which subscription speaks for the organization when it has several (it should not; the
// reconcile job reports it): entitled first, then the most recently updated.
const PRIORITY: Partial<Record<SubscriptionStatus, number>> = { active: 3, trialing: 2, past_due: 1 };

export type SubscriptionRow = typeof subscriptionTable.$inferSelect;

/** The subscription that speaks for the organization, or null when it never had one. */
export async function currentSubscription(db: Database | Transaction, organizationId: string): Promise<SubscriptionRow | null> {
  const subscriptions = await db
    .select()
    .from(subscriptionTable)
    .where(eq(subscriptionTable.organizationId, organizationId))
    .orderBy(desc(subscriptionTable.updatedAt));
  return subscriptions.sort((a, b) => (PRIORITY[b.status] ?? 0) - (PRIORITY[a.status] ?? 0))[0] ?? null;
}

/**
 * The plan a subscription gives now: its own while its status entitles it (paying, trying, or
 * past due), Free otherwise; null for an entitled subscription to a plan the catalog does not
 * know (a price sold outside it): its limits are then Free's until the catalog learns it.
 */
export function planOfSubscription(subscription: SubscriptionRow | null): { planId: PlanId | null; entitled: boolean } {
  if (!subscription) return { planId: PlanId.free, entitled: false };
  const entitled = ENTITLED_STATUSES.includes(subscription.status);
  if (!entitled) return { planId: PlanId.free, entitled };
  return { planId: Object.values(PlanId).find((id) => id === subscription.planId) ?? null, entitled };
}
