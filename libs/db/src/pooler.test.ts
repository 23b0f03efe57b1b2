import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAdvisoryLock } from "./advisory-lock";
import { createDb, type Database } from "./client";
import { detectPooler, migrationUrl } from "./connection";
import { readDatabaseConnection } from "./env";
import { leadTable, TENANT_ROLE, TENANT_SETTING } from "./schema";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "./testing";
import { startTestPgbouncer, type TestPgbouncer } from "./testing/pgbouncer";

// The topology managed providers sell: the apps → a transaction-mode pooler (here a real
// PgBouncer) → PostgreSQL. Each transaction may run on another server connection, so what works
// on a direct connection (prepared statements, session settings, session locks) can silently
// break. These tests run the database layer through it.

let t: TestDatabase;
let bouncer: TestPgbouncer;
let pooled: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  bouncer = await startTestPgbouncer(t.url);
  // Fewer client connections than work, more than PgBouncer's server pool: transactions of
  // different clients interleave on the same server connections.
  pooled = createDb(bouncer.url(t.url), { max: 20, pooler: "transaction", applicationName: "saas-pooler-test" });
  await t.db.execute(sql`create table pooler_probe (id serial primary key, n integer not null)`);
}, 180_000);
afterAll(async () => {
  await pooled?.close();
  await bouncer?.stop();
  await t?.dispose();
});

describe("configuration", () => {
  it.each([
    ["postgresql://u:p@ep-cool-name-123456-pooler.eu-central-1.aws.neon.tech/db", "transaction", /Neon/],
    ["postgresql://u:p@aws-0-eu-central-1.pooler.supabase.com:6543/postgres", "transaction", /6543/],
    ["postgresql://u:p@db.internal:6432/app", "transaction", /PgBouncer/],
    ["postgresql://u:p@db.internal:5432/app?pgbouncer=true", "transaction", /pgbouncer=true/],
    ["postgresql://u:p@ep-cool-name-123456.eu-central-1.aws.neon.tech/db", "none", /no pooler/],
    ["postgresql://u:p@aws-0-eu-central-1.pooler.supabase.com:5432/postgres", "none", /no pooler/],
  ])("%s → %s", (url, mode, why) => {
    expect(detectPooler(url)).toMatchObject({ mode, why: expect.stringMatching(why) });
  });

  it("an explicit DATABASE_POOLER wins, and a wrong value is refused with the variable named", () => {
    expect(detectPooler("postgresql://u:p@db:6432/app", "none")).toEqual({ mode: "none", why: "DATABASE_POOLER=none" });
    expect(detectPooler("postgresql://u:p@db:5432/app", "transaction").mode).toBe("transaction");
    expect(() => detectPooler("postgresql://u:p@db:5432/app", "session")).toThrow(/DATABASE_POOLER must be "transaction" or "none"/);
  });

  it("migrations take the direct URL (DATABASE_URL_DIRECT or DIRECT_URL); a pooled URL alone is refused, saying what to set", () => {
    const pooledUrl = "postgresql://u:p@db:6432/app";
    expect(migrationUrl(readDatabaseConnection({ DATABASE_URL: pooledUrl, DATABASE_URL_DIRECT: "postgresql://u:p@db:5432/app" }))).toBe(
      "postgresql://u:p@db:5432/app",
    );
    expect(migrationUrl(readDatabaseConnection({ DATABASE_URL: pooledUrl, DIRECT_URL: "postgresql://u:p@direct:5432/app" }))).toBe(
      "postgresql://u:p@direct:5432/app",
    );
    expect(() => migrationUrl(readDatabaseConnection({ DATABASE_URL: pooledUrl }))).toThrow(/set DATABASE_URL_DIRECT/);
    expect(migrationUrl(readDatabaseConnection({ DATABASE_URL: "postgresql://u:p@db:5432/app" }))).toBe("postgresql://u:p@db:5432/app");
  });

  it("a read replica (DATABASE_URL_REPLICA) is optional, validated under its own name, and its pooler recognised on its own", () => {
    expect(readDatabaseConnection({ DATABASE_URL: "postgresql://u:p@db:5432/app" }).replica).toBeNull();
    expect(readDatabaseConnection({ DATABASE_URL: "postgresql://u:p@db:5432/app", DATABASE_URL_REPLICA: "postgresql://u:p@replica:6543/app" }).replica).toEqual({
      url: "postgresql://u:p@replica:6543/app",
      pooler: { mode: "transaction", why: "port 6543 is Supabase's transaction pooler" },
    });
    expect(
      readDatabaseConnection({ DATABASE_URL: "postgresql://u:p@db:5432/app", DATABASE_URL_REPLICA: "postgresql://u:p@replica:5432/app" }).replica?.pooler.why,
    ).toMatch(/no pooler recognised in DATABASE_URL_REPLICA/);
    // DATABASE_POOLER is DATABASE_URL's; the replica has its own setting.
    const replica = (env: Record<string, string>) =>
      readDatabaseConnection({ DATABASE_URL: "postgresql://u:p@db:5432/app", DATABASE_URL_REPLICA: "postgresql://u:p@replica:6543/app", ...env }).replica?.pooler;
    expect(replica({ DATABASE_POOLER: "none" })?.mode).toBe("transaction");
    expect(replica({ DATABASE_POOLER_REPLICA: "none" })).toEqual({ mode: "none", why: "DATABASE_POOLER_REPLICA=none" });
    expect(() => replica({ DATABASE_POOLER_REPLICA: "session" })).toThrow(/DATABASE_POOLER_REPLICA must be "transaction" or "none"/);
    expect(() => readDatabaseConnection({ DATABASE_URL: "postgresql://u:p@db:5432/app", DATABASE_URL_REPLICA: "mysql://replica/app" })).toThrow(
      /DATABASE_URL_REPLICA must start with postgresql:\/\//,
    );
  });

  it("prepared statements through a transaction pooler are refused when the client is made, not used", () => {
    expect(() => createDb(bouncer.url(t.url), { pooler: "transaction", prepare: true })).toThrow(/commits would be lost/);
  });
});

describe("through a real PgBouncer in transaction mode", () => {
  it("200 concurrent transactions resolve, and all 200 are committed", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, n) =>
        pooled.transaction(async (tx) => {
          await tx.execute(sql`insert into pooler_probe (n) values (${n})`);
          await tx.execute(sql`select count(*) from pooler_probe where n = ${n}`);
        }),
      ),
    );
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    const [row] = await t.db.execute<{ committed: number }>(sql`select count(distinct n)::int as committed from pooler_probe`);
    expect(row?.committed).toBe(200);
  });

  it("the tenant wall holds: 400 interleaved tenant transactions each see only their own organization's rows", async () => {
    const tenants = await Promise.all(
      [0, 1].map(async (i) => {
        const { organization } = await createTestOrganization(t.db);
        await t.db.insert(leadTable).values(Array.from({ length: 3 }, (_, n) => ({ organizationId: organization.id, firstName: `Tenant ${i} lead ${n}` })));
        return organization.id;
      }),
    );
    const leaks = await Promise.all(
      Array.from({ length: 400 }, async (_, n) => {
        const organizationId = tenants[n % 2]!;
        return pooled.withTenant(organizationId, async (tx) => {
          const rows = await tx.select({ organizationId: leadTable.organizationId }).from(leadTable);
          const [setting] = await tx.execute<{ organization: string; role: string }>(
            sql`select current_setting(${TENANT_SETTING}, true) as organization, current_user as role`,
          );
          const wrong = rows.filter((row) => row.organizationId !== organizationId).length;
          return wrong + (setting?.organization === organizationId && setting.role === TENANT_ROLE ? 0 : 1) + (rows.length === 3 ? 0 : 1);
        });
      }),
    );
    expect(leaks.reduce((sum, n) => sum + n, 0)).toBe(0);
    // And nothing of a tenant transaction outlives it on the server connection it used.
    const [after] = await pooled.execute<{ organization: string | null; role: string }>(
      sql`select nullif(current_setting(${TENANT_SETTING}, true), '') as organization, current_user as role`,
    );
    expect(after).toEqual({ organization: null, role: new URL(t.url).username });
  });

  it("a job lock is held by one holder at a time, from two clients, and taken again once released", async () => {
    const other = createDb(bouncer.url(t.url), { max: 5, pooler: "transaction" });
    try {
      const lock = { namespace: 727_274_999, key: "pooler-test-job" };
      let release!: () => void;
      const holding = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = withAdvisoryLock(pooled, lock, async () => {
        entered();
        await holding;
        return "first";
      });
      await inside;
      // Meanwhile other transactions run on PgBouncer's server connections: the lock stays put.
      await Promise.all(Array.from({ length: 30 }, () => other.execute(sql`select 1`)));
      expect(await withAdvisoryLock(other, lock, async () => "second")).toEqual({ acquired: false });
      release();
      expect(await first).toEqual({ acquired: true, value: "first" });
      expect(await withAdvisoryLock(other, lock, async () => "second")).toEqual({ acquired: true, value: "second" });
    } finally {
      await other.close();
    }
  });

  it("a lock whose holder fails is released with it", async () => {
    const lock = { namespace: 727_274_999, key: "pooler-test-failing-job" };
    await expect(withAdvisoryLock(pooled, lock, async () => Promise.reject(new Error("job failed")))).rejects.toThrow("job failed");
    expect(await withAdvisoryLock(pooled, lock, async () => "next")).toEqual({ acquired: true, value: "next" });
  });
});
