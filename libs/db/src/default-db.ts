import { createDb, type Database, type DbOptions } from "./client";
import type { DatabaseConnection } from "./connection";
import { readDatabaseConnection } from "./env";
import type { ReplicaRoutingOptions } from "./replica";

// Kept on globalThis so Next.js hot reloads in development reuse one pool instead of leaking a
// new one on every edit.
const holder = globalThis as typeof globalThis & { __saasDb?: Database };

/**
 * The process's shared database, from DATABASE_URL (DATABASE_POOLER, DATABASE_URL_REPLICA: see
 * connection.ts), created on first use (so importing this module at build time needs no
 * database). `options` apply to that first call only; `onCreate` then hears what was decided
 * (for the boot log), and `onReplicaFallback` each read the replica handed to the primary.
 */
export function getDb(
  options: Omit<DbOptions, "replica"> & {
    onCreate?: (connection: DatabaseConnection) => void;
    onReplicaFallback?: ReplicaRoutingOptions["onFallback"];
  } = {},
): Database {
  if (!holder.__saasDb) {
    const { onCreate, onReplicaFallback, ...dbOptions } = options;
    const connection = readDatabaseConnection();
    const replica = connection.replica && { url: connection.replica.url, pooler: connection.replica.pooler.mode, onFallback: onReplicaFallback };
    holder.__saasDb = createDb(connection.url, { pooler: connection.pooler.mode, ...dbOptions, replica: replica ?? undefined });
    onCreate?.(connection);
  }
  return holder.__saasDb;
}
