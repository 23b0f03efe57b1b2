import { createDb, type Database, type DbOptions } from "./client";
import type { DatabaseConnection } from "./connection";
import { readDatabaseConnection } from "./env";

// Kept on globalThis so Next.js hot reloads in development reuse one pool instead of leaking a
// new one on every edit.
const holder = globalThis as typeof globalThis & { __saasDb?: Database };

/**
 * The process's shared database, from DATABASE_URL (and DATABASE_POOLER: see connection.ts),
 * created on first use (so importing this module at build time needs no database). `options`
 * apply to that first call only; `onCreate` then hears what was decided (for the boot log).
 */
export function getDb(options: DbOptions & { onCreate?: (connection: DatabaseConnection) => void } = {}): Database {
  if (!holder.__saasDb) {
    const { onCreate, ...dbOptions } = options;
    const connection = readDatabaseConnection();
    holder.__saasDb = createDb(connection.url, { pooler: connection.pooler.mode, ...dbOptions });
    onCreate?.(connection);
  }
  return holder.__saasDb;
}
