import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type * as schema from "./schema";
import type { Transaction, TransactionRunner } from "./tenant";

type SchemaDatabase = PostgresJsDatabase<typeof schema>;

export interface ReplicaRoutingOptions {
  /** How long a read waits for the replica to catch up before the primary serves it (default 250 ms). */
  maxWaitMs?: number;
  /**
   * A read the replica could not serve: `behind` (it had not replayed the primary's position in
   * time) or `failed` (it could not be reached, or failed before the read began). For the logs:
   * the read itself went to the primary.
   */
  onFallback?: (reason: "behind" | "failed", error?: unknown) => void;
}

// READ COMMITTED whatever the server's default: each statement takes a fresh snapshot, so the
// reads after the replay check see what the check saw replayed (a REPEATABLE READ snapshot would
// be fixed at the check's first poll, possibly before the replica caught up).
const READ_ONLY = { isolationLevel: "read committed", accessMode: "read only" } as const;
const POLL_MS = 10;
/** After a replica fails, reads skip it for this long instead of each waiting for it to fail again. */
const FAILED_REPLICA_PAUSE_MS = 30_000;

/**
 * Read-only transactions for reads that tolerate lag (a large export, staff reports), served by
 * the read replica when there is one — and still consistent with what was just written.
 *
 * Drizzle's `withReplicas` sends plain selects to a replica but every transaction to the primary,
 * and the tenant wall is a transaction: so this runner is the explicit replica path for
 * `withTenant` and `withMember` (the same wall, entered on the replica: `set_config` and
 * `SET LOCAL ROLE` write nothing, so a hot standby accepts them).
 *
 * Read-your-writes: the primary's write-ahead log position is read first (one short statement,
 * no transaction), and the replica serves the read only once it has replayed up to there, checked
 * inside the read's own transaction (so it holds when several replicas sit behind one URL). Every
 * write committed before the read began — the person's own included — is therefore visible. A
 * replica that does not catch up within `maxWaitMs`, or fails before the read begins, hands the
 * read to the primary; after a failure the replica is skipped for 30 s. The transaction is
 * read-only either way, so code that writes on this path fails in development exactly as it
 * would on a replica.
 *
 * DATABASE_URL_REPLICA must be a streaming replica of DATABASE_URL: a server that is not in
 * recovery is taken for the primary itself (up to date by definition).
 */
export function replicaReads(primary: SchemaDatabase, replica: SchemaDatabase | null, options: ReplicaRoutingOptions = {}): TransactionRunner {
  const maxWaitMs = options.maxWaitMs ?? 250;
  let skipReplicaUntil = 0;
  return {
    transaction: async (fn) => {
      if (replica && Date.now() >= skipReplicaUntil) {
        const position = await walPosition(primary);
        let started = false;
        try {
          const served = await replica.transaction(async (tx) => {
            if (!(await replayedUpTo(tx, position, maxWaitMs))) return null;
            started = true;
            return { value: await fn(tx) };
          }, READ_ONLY);
          if (served) return served.value;
          options.onFallback?.("behind");
        } catch (error) {
          // Once the read has begun its error is the caller's; before, the primary can still serve it.
          if (started) throw error;
          skipReplicaUntil = Date.now() + FAILED_REPLICA_PAUSE_MS;
          options.onFallback?.("failed", error);
        }
      }
      return primary.transaction(fn, READ_ONLY);
    },
  };
}

/**
 * The primary's write-ahead log insert position now: every commit acknowledged so far ends at or
 * before it, also with `synchronous_commit = off` (where the write position can still be behind an
 * acknowledged commit). At the start of an empty page the insert position points past the page's
 * header, which no record will end at until more is written: the page's start is used then, or an
 * idle standby would never look caught up.
 */
async function walPosition(primary: SchemaDatabase): Promise<string> {
  const [row] = await primary.execute<{ lsn: string }>(sql`
    select (case when page_offset in (24, 40) then inserted - page_offset else inserted end)::text as lsn
    from (
      select inserted, (inserted - '0/0'::pg_lsn) % current_setting('wal_block_size')::int as page_offset
      from pg_current_wal_insert_lsn() as inserted
    ) position`);
  if (!row) throw new Error("the primary's WAL position could not be read");
  return row.lsn;
}

/**
 * Whether this server has replayed the primary's log up to `position`, waiting up to `maxWaitMs`.
 * A server that is not a standby (a replica URL pointing at the primary itself) is up to date.
 * Runs in the read's READ COMMITTED transaction, so each poll and the reads after it see the
 * server's latest replayed state.
 */
async function replayedUpTo(tx: Transaction, position: string, maxWaitMs: number) {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const [row] = await tx.execute<{ replayed: boolean }>(
      sql`select coalesce(pg_last_wal_replay_lsn() >= ${position}::pg_lsn, not pg_is_in_recovery()) as replayed`,
    );
    if (row?.replayed) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
