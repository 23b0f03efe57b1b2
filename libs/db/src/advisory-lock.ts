import type { Database } from "./client";

export type LockedRun<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Runs `fn` while holding the PostgreSQL advisory lock `(namespace, hashtext(key))`, or does not
 * run it when someone else holds the lock — from any process or machine.
 *
 * The lock is transaction-scoped, taken in a transaction kept open on one reserved connection
 * while `fn` runs (its own work goes through other connections; this transaction writes nothing
 * and locks no row). A transaction-mode pooler keeps one server connection for a transaction,
 * so this holds through PgBouncer, Supavisor or Neon's pooler, where a session lock would be
 * taken on one server connection and released — or never — on another. If the process dies,
 * the connection closes and the lock goes with it. (A server setting
 * `idle_in_transaction_session_timeout` shorter than the longest job would end the lock early.)
 */
export async function withAdvisoryLock<T>(
  db: Database,
  lock: { namespace: number; key: string },
  fn: () => Promise<T>,
): Promise<LockedRun<T>> {
  const connection = await db.$client.reserve();
  try {
    await connection`begin`;
    try {
      const [row] = await connection<{ locked: boolean }[]>`
        select pg_try_advisory_xact_lock(${lock.namespace}, hashtext(${lock.key})) as locked`;
      if (!row?.locked) return { acquired: false };
      return { acquired: true, value: await fn() };
    } finally {
      await connection`commit`;
    }
  } finally {
    connection.release();
  }
}
