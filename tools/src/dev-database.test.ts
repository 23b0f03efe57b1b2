import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { canConnect } from "@saas/db/admin";
import { findFreePort, isPortInUse } from "@saas/db/embedded";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDevDatabase } from "./dev-database";
import { readDevEnv } from "./env";

// openDevDatabase with DATABASE_URL set, against the test run's real server. The embedded path
// (DATABASE_URL unset) is what the `npm run dev` smoke test exercises.

let t: TestDatabase;
let dataDir: string;
let embeddedPort: number;

beforeAll(async () => {
  t = await createTestDatabase({ max: 1 });
  // Where the embedded server would put its data, and the port it would listen on: both must
  // stay untouched when DATABASE_URL is set.
  dataDir = await mkdtemp(path.join(tmpdir(), "saas-dev-database-"));
  embeddedPort = await findFreePort();
});
afterAll(async () => {
  await t.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

function devEnv(databaseUrl: string) {
  return readDevEnv({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(embeddedPort),
  });
}

async function expectNothingEmbeddedStarted() {
  expect(await readdir(dataDir)).toEqual([]);
  expect(existsSync(path.join(dataDir, "postgres"))).toBe(false);
  expect(await isPortInUse(embeddedPort)).toBe(false);
}

describe("openDevDatabase with DATABASE_URL set", () => {
  it("uses that server as it is, says so without the password, and starts nothing embedded", async () => {
    const database = await openDevDatabase(devEnv(t.url));
    expect(database.url).toBe(t.url);

    const password = new URL(t.url).password;
    expect(password).not.toBe("");
    expect(database.description).toBe(`${t.url.replace(`:${password}@`, ":***@")} (pooler: none, no pooler recognised in DATABASE_URL (set DATABASE_POOLER=transaction if there is one))`);
    expect(database).toMatchObject({ migrationUrl: t.url, pooler: "none" });
    await expectNothingEmbeddedStarted();

    // It answers, it is the test's own database, and stop() leaves the server alone (not ours).
    const [row] = await t.db.$client<{ name: string }[]>`select current_database() as name`;
    expect(row?.name).toBe(t.name);
    await database.stop();
    expect(await canConnect(t.url)).toBe(true);
    await expectNothingEmbeddedStarted();
  });

  it("fails with a clear message when nothing answers there, never echoing the password, and starts nothing embedded", async () => {
    const deadPort = await findFreePort();
    const secret = "n0t-Echoed-9";
    const url = `postgresql://app:${secret}@127.0.0.1:${deadPort}/saas`;

    const failure = await openDevDatabase(devEnv(url)).then(
      () => {
        throw new Error("openDevDatabase succeeded against a port nothing listens on");
      },
      (error: unknown) => error as Error,
    );
    expect(failure.message).toBe(
      `DATABASE_URL is set (postgresql://app:***@127.0.0.1:${deadPort}/saas) but no PostgreSQL answers there.\n` +
        "Start that server (npm run docker:up for the docker compose one), or unset DATABASE_URL " +
        "to use the embedded PostgreSQL.",
    );
    expect(failure.message).not.toContain(secret);
    await expectNothingEmbeddedStarted();
  });

  it("a malformed DATABASE_URL is refused when the environment is read, naming the variable", () => {
    let message = "";
    try {
      devEnv("postgresql://app:n0t-Echoed-9@localhost:5432");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL has no database name/);
    expect(message).not.toContain("n0t-Echoed-9");
  });
});
