import path from "node:path";
import { migrationUrl, readDatabaseConnection, redactDatabaseUrl, type PoolerMode } from "@saas/db";
import { canConnect, ensureDatabase, withDatabaseName } from "@saas/db/admin";
import { EMBEDDED_PASSWORD, EMBEDDED_USER, startEmbeddedPostgres } from "@saas/db/embedded";
import { runMigrations } from "@saas/db/migrate";
import type { DevEnv } from "./env";

export const DEV_DATABASE_NAME = "saas";

export interface DevDatabase {
  url: string;
  /** Where migrations run: DATABASE_URL_DIRECT when DATABASE_URL is pooled (see @saas/db connection.ts). */
  migrationUrl: string;
  /** Whether `url` goes through a transaction pooler (prepared statements off). */
  pooler: PoolerMode;
  /** What is serving it, for the console. */
  description: string;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/**
 * The database the dev commands use: DATABASE_URL when set (it must answer), otherwise the
 * embedded PostgreSQL in `<DATA_DIR>/postgres` — reused when another command already started it.
 */
export async function openDevDatabase(env: DevEnv): Promise<DevDatabase> {
  if (env.DATABASE_URL) {
    if (!(await canConnect(env.DATABASE_URL))) {
      throw new Error(
        `DATABASE_URL is set (${redactDatabaseUrl(env.DATABASE_URL)}) but no PostgreSQL answers there.\n` +
          "Start that server (npm run docker:up for the docker compose one), or unset DATABASE_URL " +
          "to use the embedded PostgreSQL.",
      );
    }
    const { DATABASE_URL, DATABASE_URL_DIRECT, DIRECT_URL, DATABASE_POOLER } = env;
    const connection = readDatabaseConnection({ DATABASE_URL, DATABASE_URL_DIRECT, DIRECT_URL, DATABASE_POOLER });
    return {
      url: env.DATABASE_URL,
      migrationUrl: migrationUrl(connection),
      pooler: connection.pooler.mode,
      description: `${redactDatabaseUrl(env.DATABASE_URL)} (pooler: ${connection.pooler.mode}, ${connection.pooler.why})`,
      stop: async () => {},
    };
  }

  const port = env.EMBEDDED_POSTGRES_PORT;
  const serverUrl = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  const dataDir = path.join(env.dataDir, "postgres");
  const description = `embedded PostgreSQL 17 on port ${port}, data in ${path.relative(process.cwd(), dataDir) || dataDir}`;

  if (await canConnect(serverUrl)) {
    await ensureDatabase(serverUrl, DEV_DATABASE_NAME);
    const url = withDatabaseName(serverUrl, DEV_DATABASE_NAME);
    return { url, migrationUrl: url, pooler: "none", description: `${description} (already running)`, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  await ensureDatabase(server.url(), DEV_DATABASE_NAME);
  const url = server.url(DEV_DATABASE_NAME);
  return { url, migrationUrl: url, pooler: "none", description, stop: () => server.stop() };
}

/** Runs `fn` against the dev database, brought up to date first (as the db:* commands do), then lets it go. */
export async function withMigratedDevDatabase<T>(env: DevEnv, fn: (url: string) => Promise<T>): Promise<T> {
  const database = await openDevDatabase(env);
  try {
    await runMigrations(database.migrationUrl);
    return await fn(database.url);
  } finally {
    await database.stop();
  }
}
