import type { Database } from "./client";

export type LockedRun<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Runs `fn` while holding the PostgreSQL advisory lock `(namespace, hashtext(key))` on one
 * reserved connection, or does not run it when someone else holds the lock — from any process
 * or machine. The lock belongs to the connection, so it also goes away if the process dies.
 */
export async function withAdvisoryLock<T>(
  db: Database,
  lock: { namespace: number; key: string },
  fn: () => Promise<T>,
): Promise<LockedRun<T>> {
  const connection = await db.$client.reserve();
  try {
    const [row] = await connection<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${lock.namespace}, hashtext(${lock.key})) as locked`;
    if (!row?.locked) return { acquired: false };
    try {
      return { acquired: true, value: await fn() };
    } finally {
      await connection`select pg_advisory_unlock(${lock.namespace}, hashtext(${lock.key}))`;
    }
  } finally {
    connection.release();
  }
}
