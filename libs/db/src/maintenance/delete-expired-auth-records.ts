import type { Database } from "../client";
import { endExpiredImpersonations } from "../impersonation-end";
import { rateLimitTable, sessionTable, verificationTable } from "../schema/tables";
import { inArray, lt, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

const BATCH = 5_000;
/** Rate-limit windows are seconds to minutes; a counter untouched for a day is history. */
const RATE_LIMIT_RETENTION_MS = 86_400_000;

/**
 * Deletes in batches, so a large backlog never holds long locks on a table sign-ins are using.
 * Returns how many rows went.
 */
async function deleteInBatches(db: Database, table: PgTable & { id: PgColumn }, where: SQL): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db.select({ id: table.id }).from(table).where(where).limit(BATCH);
    const deleted = await db.delete(table).where(inArray(table.id, batch)).returning({ id: table.id });
    total += deleted.length;
    if (deleted.length < BATCH) return total;
  }
}

/**
 * Deletes expired sessions and verification tokens (they no longer let anyone in,
 * but they pile up), and rate-limit counters nobody has touched for a day. Impersonations past
 * their end go first, each with its `user.impersonate.stop` entry.
 */
export async function deleteExpiredAuthRecords(db: Database, now: Date) {
  return {
    // First, with their audit entries: an expired impersonation is recorded as stopped.
    impersonations: await endExpiredImpersonations(db, now),
    sessions: await deleteInBatches(db, sessionTable, lt(sessionTable.expiresAt, now)),
    verifications: await deleteInBatches(db, verificationTable, lt(verificationTable.expiresAt, now)),
    rateLimits: await deleteInBatches(db, rateLimitTable, lt(rateLimitTable.lastRequest, now.getTime() - RATE_LIMIT_RETENTION_MS)),
  };
}
