import { billingEventTable, organizationTable, seatSyncTable, type BillingEventStatus, type Database } from "@saas/db";
import { asc, count, eq, gt, inArray } from "drizzle-orm";

export interface BillingHealth {
  /** Billing events by status, for the ones that need attention (failed, dead, unmatched, pending). */
  events: Record<"pending" | "failed" | "dead" | "unmatched", number>;
  /** Seat syncs waiting for Stripe, and the ones that failed at least once, oldest first. */
  seatSyncs: {
    waiting: number;
    failing: { organizationId: string; organizationName: string; attempts: number; lastError: string | null; nextAttemptAt: Date }[];
  };
}

const WATCHED: BillingEventStatus[] = ["pending", "failed", "dead", "unmatched"];

/**
 * What needs a person in billing, across every organization (staff only): events the inbox could
 * not apply, and seat syncs Stripe keeps refusing (the `sync-seats` job retries them with backoff
 * and never gives up; this is where a stuck one becomes visible).
 */
export async function getBillingHealth(db: Database, { failingLimit = 20 }: { failingLimit?: number } = {}): Promise<BillingHealth> {
  const [byStatus, [waiting], failing] = await Promise.all([
    db
      .select({ status: billingEventTable.status, n: count() })
      .from(billingEventTable)
      .where(inArray(billingEventTable.status, WATCHED))
      .groupBy(billingEventTable.status),
    db.select({ n: count() }).from(seatSyncTable),
    db
      .select({
        organizationId: seatSyncTable.organizationId,
        organizationName: organizationTable.name,
        attempts: seatSyncTable.attempts,
        lastError: seatSyncTable.lastError,
        nextAttemptAt: seatSyncTable.nextAttemptAt,
      })
      .from(seatSyncTable)
      .innerJoin(organizationTable, eq(organizationTable.id, seatSyncTable.organizationId))
      .where(gt(seatSyncTable.attempts, 0))
      .orderBy(asc(seatSyncTable.requestedAt))
      .limit(failingLimit),
  ]);
  const events = { pending: 0, failed: 0, dead: 0, unmatched: 0 };
  for (const row of byStatus) events[row.status as keyof typeof events] = row.n;
  return { events, seatSyncs: { waiting: waiting?.n ?? 0, failing } };
}
