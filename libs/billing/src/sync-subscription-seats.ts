import { subscriptionItemTable, subscriptionTable, SubscriptionStatus } from "@saas/db";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { countSeats } from "./count-seats";
import type { BillingDeps } from "./deps";
import { LIVE_STATUSES } from "./subscription-status";

// Namespace of the per-organization advisory lock (any constant; the organization id is the key).
const SEAT_LOCK_NAMESPACE = 727_274_102;

/** Subscriptions whose seats follow the members (not one that never started or has ended). */
const SYNCED_STATUSES = LIVE_STATUSES.filter((status) => status !== SubscriptionStatus.incomplete);

export type SeatSyncResult =
  | { status: "no_subscription"; members: number }
  | { status: "unchanged"; subscriptionId: string; seats: number }
  | { status: "updated"; subscriptionId: string; from: number; to: number };

/**
 * Makes the per-seat subscription bill for as many seats as the organization has members — call
 * it whenever a member joins or leaves (the auth hooks' `onMembershipChange`), so billing is
 * never behind who has access. Stripe prorates the change on the next invoice.
 *
 * Idempotent (a second call finds the quantity right and does nothing) and safe under concurrent
 * calls: an advisory lock per organization runs them one at a time, each counting the members
 * afresh, so the last one to run sets the final count.
 */
export async function syncSubscriptionSeats(deps: BillingDeps, organizationId: string): Promise<SeatSyncResult> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEAT_LOCK_NAMESPACE}, hashtext(${organizationId}))`);
    const members = await countSeats(tx, organizationId);
    const seatPrices = deps.catalog.seatPriceIds();
    const [item] =
      seatPrices.length === 0
        ? []
        : await tx
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

    const updated = await deps.stripe.subscriptionItems.update(item.id, {
      quantity: members,
      proration_behavior: "create_prorations",
    });
    const seats = updated.quantity ?? members;
    // Hold what Stripe now bills, so the next call finds nothing to do; the customer.subscription
    // .updated event that follows writes the same numbers.
    // The subscription row first, then its item: the lock order of the webhook inbox (no deadlock).
    await tx.update(subscriptionTable).set({ quantity: seats }).where(eq(subscriptionTable.id, item.subscriptionId));
    await tx.update(subscriptionItemTable).set({ quantity: seats }).where(eq(subscriptionItemTable.id, item.id));
    return { status: "updated", subscriptionId: item.subscriptionId, from: item.quantity, to: seats };
  });
}
