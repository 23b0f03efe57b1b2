import { BillingEventStatus, billingEventTable } from "@saas/db";
import { and, asc, inArray, lte } from "drizzle-orm";
import type { BillingDeps } from "../deps";
import { reapplyBillingEvent } from "../webhooks/ingest-stripe-event";

export interface RetryBillingEventsOptions {
  /** Events whose next attempt is due at this time are retried (default: now). */
  now?: Date;
  /** At most this many per run; the next run takes the rest (default 100). */
  batchSize?: number;
  /** After this many attempts in all (webhook deliveries included) an event is marked dead (default 12). */
  maxAttempts?: number;
}

export interface RetryBillingEventsResult {
  due: number;
  processed: number;
  unmatched: number;
  ignored: number;
  /** Failed again; retried later with a longer delay. */
  failed: number;
  /** Gave up: staff must look at them (the admin console can replay them). */
  dead: number;
  /** Settled by something else (a Stripe redelivery) between the query and the retry. */
  skipped: number;
}

/**
 * Job `retry-billing-events`: applies again, from the stored payload, each failed event whose
 * backoff has elapsed (1, 2, 4 … minutes, at most 6 hours apart), and gives up after
 * `maxAttempts`; and applies each `pending` event that is due (recorded but left to be applied:
 * its worker died before it could, or its customer was linked after it came unmatched). Running it twice in a row retries nothing the second time: every retried event
 * is either settled or pushed to a later attempt.
 */
export async function retryBillingEvents(
  deps: BillingDeps,
  options: RetryBillingEventsOptions = {},
): Promise<RetryBillingEventsResult> {
  const now = options.now ?? new Date();
  const due = await deps.db
    .select({ stripeEventId: billingEventTable.stripeEventId })
    .from(billingEventTable)
    .where(
      and(
        inArray(billingEventTable.status, [BillingEventStatus.failed, BillingEventStatus.pending]),
        lte(billingEventTable.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(billingEventTable.nextAttemptAt))
    .limit(options.batchSize ?? 100);

  const result: RetryBillingEventsResult = { due: due.length, processed: 0, unmatched: 0, ignored: 0, failed: 0, dead: 0, skipped: 0 };
  for (const { stripeEventId } of due) {
    const outcome = await reapplyBillingEvent(deps, stripeEventId, { reason: "retry", maxAttempts: options.maxAttempts ?? 12 });
    const key = outcome.status === "duplicate" ? "skipped" : outcome.status;
    result[key] += 1;
  }
  return result;
}
