import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { cloneDatabase, dropDatabase, withDatabaseName } from "../admin";
import { createDb, type Database, type DbOptions } from "../client";

export const TEST_DATABASE_PREFIX = "saas_test_";

export interface ProvidedTestDatabase {
  /** Any database of the test server, for creating and dropping databases. */
  serverUrl: string;
  /** The migrated template every test database is cloned from. */
  template: string;
  /** Every database of this run starts with it (the teardown drops them all). */
  runPrefix: string;
  /**
   * Set when the run goes through a real PgBouncer in transaction mode (SAAS_TEST_POOLER=pgbouncer,
   * the `test-pooled` targets): the test databases' URL and pool then go through it.
   */
  pooledServerUrl?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    saasTestDatabase: ProvidedTestDatabase;
  }
}

export interface TestDatabase {
  /** Connection string of this test's own database. */
  url: string;
  /** The database's name, for tests that connect differently. */
  name: string;
  db: Database;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

/**
 * A fresh, fully migrated database of its own, cloned from the run's template: call it in
 * `beforeAll` (one per file) or `beforeEach` (one per test) and `dispose()` it afterwards.
 */
export async function createTestDatabase(options: DbOptions = {}): Promise<TestDatabase> {
  const { serverUrl, template, runPrefix, pooledServerUrl } = inject("saasTestDatabase");
  const name = `${runPrefix}${randomBytes(5).toString("hex")}`;
  // Creating and dropping databases is not for a pooler: always on the server itself.
  await cloneDatabase(serverUrl, template, name);
  const url = withDatabaseName(pooledServerUrl ?? serverUrl, name);
  const db = createDb(url, { max: 5, applicationName: "saas-test", ...(pooledServerUrl ? { pooler: "transaction" as const } : {}), ...options });
  return {
    url,
    name,
    db,
    async dispose() {
      await db.close();
      await dropDatabase(serverUrl, name);
    },
  };
}
