import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { dropDatabase, ensureDatabase, listDatabases, withDatabaseName } from "../admin";
import { findFreePort, startEmbeddedPostgres } from "../embedded";
import { parseDatabaseUrl } from "../env";
import { runMigrations } from "../migrate";
import { startTestPgbouncer } from "./pgbouncer";
import { TEST_DATABASE_PREFIX, type ProvidedTestDatabase } from "./test-database";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * Vitest global setup, once per test run: a PostgreSQL server (the one in TEST_DATABASE_URL, or
 * a throwaway embedded one), a template database with every migration applied, and a teardown
 * that removes everything the run created. Test files clone the template (`createTestDatabase`).
 */
export default async function setup(project: TestProject) {
  const external = process.env["TEST_DATABASE_URL"];
  let serverUrl: string;
  let stopServer = async () => {};

  if (external) {
    serverUrl = parseDatabaseUrl(external, "TEST_DATABASE_URL");
    // Tests create and drop databases: never let a typo point them at a shared server.
    const host = new URL(serverUrl).hostname;
    if (!LOCAL_HOSTS.has(host)) {
      throw new Error(`TEST_DATABASE_URL must point at a local server (got host ${host}).`);
    }
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), "saas-test-pg-"));
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await findFreePort(),
      persistent: false,
      throwaway: true,
    });
    serverUrl = server.url();
    stopServer = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  // Unique per run so parallel runs (several Nx projects) can share one server.
  const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const template = `${TEST_DATABASE_PREFIX}${runId}_template`;
  try {
    await ensureDatabase(serverUrl, template);
    await runMigrations(withDatabaseName(serverUrl, template));
  } catch (error) {
    await stopServer();
    throw error;
  }

  // SAAS_TEST_POOLER=pgbouncer (the `test-pooled` targets): the same suites, through a real
  // PgBouncer in transaction mode, as on a managed provider's pooled connection string.
  let stopPooler = async () => {};
  let pooledServerUrl: string | undefined;
  if (process.env["SAAS_TEST_POOLER"] === "pgbouncer") {
    try {
      const bouncer = await startTestPgbouncer(serverUrl);
      pooledServerUrl = bouncer.url(serverUrl);
      stopPooler = () => bouncer.stop();
    } catch (error) {
      await stopServer();
      throw error;
    }
  }

  const provided: ProvidedTestDatabase = { serverUrl, template, runPrefix: `${TEST_DATABASE_PREFIX}${runId}_`, ...(pooledServerUrl ? { pooledServerUrl } : {}) };
  project.provide("saasTestDatabase", provided);

  return async () => {
    await stopPooler();
    for (const name of await listDatabases(serverUrl, provided.runPrefix)) {
      await dropDatabase(serverUrl, name);
    }
    await stopServer();
  };
}
