import { seatSyncTable, type Database } from "@saas/db";
import { inArray, sql, type SQL } from "drizzle-orm";
import type { BillingDeps } from "../deps";
import { syncSubscriptionSeats, type SeatSyncResult } from "../sync-subscription-seats";
import { retryDelaySeconds } from "../webhooks/ingest-stripe-event";

/** How long one run owns a row while it calls Stripe; a run that died lets go after this. */
const LEASE_SECONDS = 60;
/** Rows claimed per round; a run goes round again while rows are due (a change during a sync). */
const BATCH_SIZE = 100;
const MAX_ROUNDS = 5;

export interface SyncPendingSeatsResult {
  synced: ({ organizationId: string } & SeatSyncResult)[];
  /** Stripe (or the database) failed: the row stays, retried later with a longer delay. */
  failed: { organizationId: string; attempts: number; error: string }[];
}

/** Asks for a seat sync of these organizations, as a membership change does (see migration 0009). */
export async function requestSeatSync(db: Database, organizationIds: string[]): Promise<void> {
  if (organizationIds.length === 0) return;
  await db
    .insert(seatSyncTable)
    .values(organizationIds.map((organizationId) => ({ organizationId })))
    .onConflictDoUpdate({
      target: seatSyncTable.organizationId,
      set: { requestedAt: sql`clock_timestamp()`, attempts: 0, nextAttemptAt: sql`now()`, lastError: null },
    });
}

/**
 * Job `sync-seats`: brings each organization in the seat-sync outbox to its member count in
 * Stripe. Each row is leased first (so one run at a time calls Stripe for an organization, with no
 * transaction or lock held meanwhile), then deleted only if no membership change came in while
 * Stripe answered — otherwise it goes round again with the newer count. A failure keeps the row
 * with its error and a backoff (1, 2, 4 … minutes, at most 6 hours); it is never given up.
 */
export async function syncPendingSeats(deps: BillingDeps, options: { now?: Date; organizationIds?: string[] } = {}): Promise<SyncPendingSeatsResult> {
  const result: SyncPendingSeatsResult = { synced: [], failed: [] };
  // The database's clock unless told otherwise: the outbox rows are stamped with it (to the
  // microsecond), and this process's clock (to the millisecond) could read a hair behind it.
  const now = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`clock_timestamp()`;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const only = options.organizationIds ? sql`and ${inArray(seatSyncTable.organizationId, options.organizationIds)}` : sql``;
    // requested_at as text: its microseconds must survive the round trip to compare it later.
    const claimed = await deps.db.execute<{ organization_id: string; requested_at: string; attempts: number }>(sql`
      update seat_sync set leased_until = ${now} + make_interval(secs => ${LEASE_SECONDS})
      where organization_id in (
        select organization_id from seat_sync
        where next_attempt_at <= ${now} and (leased_until is null or leased_until <= ${now}) ${only}
        order by next_attempt_at
        limit ${BATCH_SIZE}
        for update skip locked)
      returning organization_id, requested_at::text as requested_at, attempts`);
    if (claimed.length === 0) break;
    for (const row of claimed) await syncOne(deps, row, now, result);
  }
  return result;
}

async function syncOne(deps: BillingDeps, row: { organization_id: string; requested_at: string; attempts: number }, now: SQL, result: SyncPendingSeatsResult) {
  const organizationId = row.organization_id;
  const asked = sql`organization_id = ${organizationId} and requested_at = ${row.requested_at}::timestamptz`;
  try {
    // The same key when this request is retried, so Stripe applies it once.
    const synced = await syncSubscriptionSeats(deps, organizationId, { idempotencyKey: `seat-sync:${organizationId}:${row.requested_at}` });
    result.synced.push({ organizationId, ...synced });
    const done = await deps.db.execute(sql`delete from seat_sync where ${asked} returning 1`);
    // A membership change came in meanwhile: let the next round sync the newer count.
    if (done.length === 0) await deps.db.execute(sql`update seat_sync set leased_until = null where organization_id = ${organizationId}`);
  } catch (error) {
    const attempts = row.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    result.failed.push({ organizationId, attempts, error: message });
    const kept = await deps.db.execute(sql`
      update seat_sync set attempts = ${attempts}, last_error = ${message}, leased_until = null,
        next_attempt_at = ${now} + make_interval(secs => ${retryDelaySeconds(attempts)})
      where ${asked} returning 1`);
    // A membership change came in meanwhile and asked afresh (attempts reset): just let go.
    if (kept.length === 0) await deps.db.execute(sql`update seat_sync set leased_until = null where organization_id = ${organizationId}`);
  }
}
