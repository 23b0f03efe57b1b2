import { subscriptionItemTable, subscriptionTable, SubscriptionStatus } from "@saas/db";
import { and, desc, eq, inArray } from "drizzle-orm";
import { countSeats } from "./count-seats";
import type { BillingDeps } from "./deps";
import { LIVE_STATUSES } from "./subscription-status";

/** Subscriptions whose seats follow the members (not one that never started or has ended). */
const SYNCED_STATUSES = LIVE_STATUSES.filter((status) => status !== SubscriptionStatus.incomplete);

export type SeatSyncResult =
  | { status: "no_subscription"; members: number }
  | { status: "unchanged"; subscriptionId: string; seats: number }
  | { status: "updated"; subscriptionId: string; from: number; to: number };

/**
 * Makes the per-seat subscription bill for as many seats as the organization has members; Stripe
 * prorates the change on the next invoice. Idempotent: a second call finds the quantity right.
 *
 * Holds no transaction or lock while Stripe answers, so two calls for one organization at once
 * could each set their own count: call it only through the seat-sync outbox (`syncPendingSeats`),
 * whose lease runs one at a time per organization.
 */
export async function syncSubscriptionSeats(deps: BillingDeps, organizationId: string, options: { idempotencyKey?: string } = {}): Promise<SeatSyncResult> {
  const members = await countSeats(deps.db, organizationId);
  const seatPrices = deps.catalog.seatPriceIds();
  const [item] =
    seatPrices.length === 0
      ? []
      : await deps.db
          .select({ id: subscriptionItemTable.id, subscriptionId: subscriptionItemTable.subscriptionId, quantity: subscriptionItemTable.quantity })
          .from(subscriptionItemTable)
          .innerJoin(subscriptionTable, eq(subscriptionTable.id, subscriptionItemTable.subscriptionId))
          .where(
            and(
              eq(subscriptionTable.organizationId, organizationId),
              inArray(subscriptionTable.status, SYNCED_STATUSES),
              inArray(subscriptionItemTable.stripePriceId, seatPrices),
            ),
          )
          .orderBy(desc(subscriptionTable.updatedAt))
          .limit(1);
  if (!item) return { status: "no_subscription", members };
  if (item.quantity === members) return { status: "unchanged", subscriptionId: item.subscriptionId, seats: members };

  const updated = await deps.stripe.subscriptionItems.update(
    item.id,
    { quantity: members, proration_behavior: "create_prorations" },
    options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : undefined,
  );
  const seats = updated.quantity ?? members;
  // Hold what Stripe now bills, so the next call finds nothing to do; the customer.subscription
  // .updated event that follows writes the same numbers.
  // The subscription row first, then its item: the lock order of the webhook inbox (no deadlock).
  await deps.db.transaction(async (tx) => {
    await tx.update(subscriptionTable).set({ quantity: seats }).where(eq(subscriptionTable.id, item.subscriptionId));
    await tx.update(subscriptionItemTable).set({ quantity: seats }).where(eq(subscriptionItemTable.id, item.id));
  });
  return { status: "updated", subscriptionId: item.subscriptionId, from: item.quantity, to: seats };
}
