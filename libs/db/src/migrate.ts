import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { parseDatabaseUrl } from "./env";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));

// Any constant works; it only has to be the same for every process that migrates.
const MIGRATION_LOCK_KEY = 727_274_001;

/**
 * Applies the committed migrations that are not applied yet. Holds an advisory lock on one
 * connection so that two processes starting at once (two app instances, dev and tests) migrate
 * one after the other instead of racing on the same DDL.
 */
export async function runMigrations(url: string): Promise<void> {
  const client = postgres(parseDatabaseUrl(url), { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
