import { spawn } from "node:child_process";
import path from "node:path";
import { userTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { count } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WORKSPACE_ROOT } from "../env";
import { demoSeedRefusal, readDemoSeedEnv } from "./demo-seed-guard";

const local = { nodeEnv: "development", override: false };

describe("where the demo data (logins with a published password) may be seeded", () => {
  it("on this machine, outside production", () => {
    for (const databaseUrl of [
      undefined, // the embedded PostgreSQL
      "postgresql://postgres:password@localhost:5432/database",
      "postgresql://postgres:password@127.0.0.1:54320/saas",
      "postgresql://postgres:password@[::1]:5432/database",
      "postgres://postgres@LOCALHOST/database",
    ]) {
      expect({ databaseUrl, refusal: demoSeedRefusal({ databaseUrl, ...local }) }).toEqual({ databaseUrl, refusal: null });
    }
    expect(demoSeedRefusal({ databaseUrl: undefined, nodeEnv: undefined, override: false })).toBeNull();
    expect(demoSeedRefusal({ databaseUrl: undefined, nodeEnv: "test", override: false })).toBeNull();
  });

  it("refuses another host, saying which, why, and how to override", () => {
    for (const [databaseUrl, host] of [
      ["postgresql://user:secret@db.example.com:5432/app", "db.example.com"],
      ["postgresql://user:secret@ep-cool-name.eu-central-1.aws.neon.tech/neondb?sslmode=require", "ep-cool-name.eu-central-1.aws.neon.tech"],
      ["postgresql://user:secret@10.0.0.5/app", "10.0.0.5"],
      ["postgresql://user:secret@localhost.evil.example/app", "localhost.evil.example"],
      ["postgresql://user:secret@127.0.0.1.nip.io/app", "127.0.0.1.nip.io"],
      ["postgresql:///app?host=/var/run/postgresql", "(no host in DATABASE_URL)"],
      ["not a url", "(an unparsable DATABASE_URL)"],
    ] as const) {
      const refusal = demoSeedRefusal({ databaseUrl, ...local });
      expect(refusal).toContain(`the database is on ${host}, not on this machine`);
      expect(refusal).toContain("staff@acme.example, a platform admin");
      expect(refusal).toContain("SEED_DEMO_DATA=true");
      expect(refusal).not.toContain("secret");
    }
  });

  it("refuses production, even on this machine", () => {
    const refusal = demoSeedRefusal({ databaseUrl: undefined, nodeEnv: "production", override: false });
    expect(refusal).toMatch(/^Refusing to seed the demo data: NODE_ENV is production\. .*set SEED_DEMO_DATA=true\.$/);
    expect(demoSeedRefusal({ databaseUrl: "postgresql://u:p@db.example.com/app", nodeEnv: "production", override: false })).toContain(
      "NODE_ENV is production, and the database is on db.example.com",
    );
  });

  it("SEED_DEMO_DATA=true overrides both; anything but true or false is a configuration error", () => {
    expect(readDemoSeedEnv({ SEED_DEMO_DATA: "true", NODE_ENV: "production" })).toEqual({ nodeEnv: "production", override: true });
    expect(readDemoSeedEnv({ SEED_DEMO_DATA: "false" })).toEqual({ nodeEnv: undefined, override: false });
    expect(readDemoSeedEnv({})).toEqual({ nodeEnv: undefined, override: false });
    expect(() => readDemoSeedEnv({ SEED_DEMO_DATA: "yes" })).toThrow(/SEED_DEMO_DATA: must be true or false/);
    expect(demoSeedRefusal({ databaseUrl: "postgresql://u:p@db.example.com/app", nodeEnv: "production", override: true })).toBeNull();
  });
});

describe("npm run db:seed", () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(() => t.dispose());

  /** `tsx tools/src/db.ts seed` (what `npm run db:seed` runs) against the test database. */
  function seed(env: Record<string, string>) {
    return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(path.join(WORKSPACE_ROOT, "node_modules/.bin/tsx"), ["tools/src/db.ts", "seed"], {
        cwd: WORKSPACE_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, DATABASE_URL: t.url, SEED_DEMO_DATA: "false", ...env },
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("error", reject);
      child.once("exit", (code) => resolve({ code, output }));
    });
  }
  const users = async () => (await t.db.select({ n: count() }).from(userTable))[0]?.n;

  it("refuses with NODE_ENV=production and writes nothing; SEED_DEMO_DATA=true seeds on purpose", async () => {
    const refused = await seed({ NODE_ENV: "production" });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("Refusing to seed the demo data: NODE_ENV is production.");
    expect(refused.output).toContain("SEED_DEMO_DATA=true");
    expect(await users()).toBe(0);

    const seeded = await seed({ NODE_ENV: "production", SEED_DEMO_DATA: "true" });
    expect({ code: seeded.code, output: seeded.output }).toMatchObject({ code: 0 });
    expect(seeded.output).toContain("Demo data: 2 organizations, 6 users, 300 leads.");
    expect(await users()).toBe(6);
  }, 60_000);

  it("refuses a database on another host before connecting to it", async () => {
    // A host that would not answer: refusing first means no connection is even attempted.
    const refused = await seed({ DATABASE_URL: "postgresql://user:secret@db.invalid:5432/app", NODE_ENV: "development" });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("the database is on db.invalid, not on this machine");
    expect(refused.output).not.toContain("no PostgreSQL answers");
    expect(refused.output).not.toContain("secret");
  }, 60_000);
});
