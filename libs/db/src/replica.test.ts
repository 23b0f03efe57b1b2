import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "./admin";
import { createDb, type Database } from "./client";
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from "./embedded";
import { runMigrations } from "./migrate";
import { leadTable, organizationTable } from "./schema/tables";
import { createTestTenant, expectPgError, type TestTenant } from "./testing";
import { startStreamingStandby, type TestStandby } from "./testing/standby";

// A real streaming hot standby of a primary of our own (the shared test server is not copied: a
// replica of it would carry every other file's databases).

const THROWAWAY_CONNECTIONS = "300"; // a hot standby needs at least the primary's max_connections

let home: string;
let primary: EmbeddedPostgresServer;
let standby: TestStandby;
let db: Database;
let primaryOnly: Database;
const fallbacks: string[] = [];
let a: TestTenant;
let b: TestTenant;

/** Which server ran a statement: the standby is in recovery. */
const server = sql<boolean>`pg_is_in_recovery()`;
const inRecovery = async (tx: Pick<Database, "execute">) => (await tx.execute<{ r: boolean }>(sql`select ${server} as r`))[0]?.r;

/** Until the standby has replayed everything the primary has written (what a real replica reaches within milliseconds). */
async function caughtUp() {
  const [position] = await primaryOnly.execute<{ lsn: string }>(sql`select pg_current_wal_lsn()::text as lsn`);
  const replica = createDb(standby.url("app"), { max: 1 });
  try {
    for (let tries = 0; tries < 200; tries += 1) {
      const [row] = await replica.execute<{ ok: boolean }>(sql`select pg_last_wal_replay_lsn() >= ${position!.lsn}::pg_lsn as ok`);
      if (row?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [state] = await replica.execute(sql`select pg_last_wal_replay_lsn()::text as replay, pg_last_wal_receive_lsn()::text as received, pg_is_in_recovery() as recovery`);
    const [sent] = await primaryOnly.execute(sql`select pg_current_wal_lsn()::text as written, pg_current_wal_insert_lsn()::text as inserted, (select count(*) from pg_stat_replication) as senders`);
    throw new Error(`the standby did not catch up in 5 s: ${JSON.stringify({ state, sent, position })}`);
  } finally {
    await replica.close();
  }
}

const replicaUrl = () => `${standby.url("app")}?default_transaction_isolation=${encodeURIComponent("repeatable read")}`;

async function onStandby<T>(fn: (replica: Database) => Promise<T>): Promise<T> {
  const replica = createDb(standby.url("app"), { max: 1 });
  try {
    return await fn(replica);
  } finally {
    await replica.close();
  }
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), "saas-replica-test-"));
  const dataDir = path.join(home, "primary");
  primary = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), persistent: false, throwaway: true });
  await ensureDatabase(primary.url(), "app");
  await runMigrations(primary.url("app"));
  primaryOnly = createDb(primary.url("app"), { max: 3 });
  a = await createTestTenant(primaryOnly);
  b = await createTestTenant(primaryOnly);
  standby = await startStreamingStandby({ url: primary.url(), dataDir }, { max_connections: THROWAWAY_CONNECTIONS });
  db = createDb(primary.url("app"), {
    max: 3,
    // The standby's default isolation is REPEATABLE READ here: the replica path must not inherit it
    // (its replay check needs each statement's fresh snapshot). A generous wait: CI machines are slow.
    replica: { url: replicaUrl(), maxWaitMs: 1_000, onFallback: (reason) => fallbacks.push(reason) },
  });
  await caughtUp();
}, 120_000);

afterAll(async () => {
  await db?.close();
  await primaryOnly?.close();
  await standby?.stop();
  await primary?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("a read replica (a streaming standby of PostgreSQL 17)", () => {
  it("serves a tenant read once it has replayed what was committed before, on the standby", async () => {
    const [lead] = await primaryOnly.insert(leadTable).values({ organizationId: a.organization.id, firstName: "Grace", lastName: "Hopper" }).returning();
    fallbacks.length = 0;
    const read = await db.withTenant(
      a.organization.id,
      async (tx) => ({
        onStandby: await inRecovery(tx),
        isolation: (await tx.execute<{ level: string }>(sql`select current_setting('transaction_isolation') as level`))[0]?.level,
        names: (await tx.select().from(leadTable)).map((row) => row.firstName).sort(),
      }),
      { replica: true },
    );
    // The row was committed an instant before: the read waited for replay instead of going to the primary.
    expect(read).toEqual({ onStandby: true, isolation: "read committed", names: ["Ada", "Grace"] });
    expect(fallbacks).toEqual([]);
    expect(lead).toBeDefined();
    // The URL's default does apply to the standby's connections (so the check above means something).
    const plain = createDb(replicaUrl(), { max: 1 });
    try {
      expect((await plain.execute<{ level: string }>(sql`select current_setting('transaction_isolation') as level`))[0]?.level).toBe("repeatable read");
    } finally {
      await plain.close();
    }
  });

  it("keeps the tenant wall on the standby: one organization's rows, the restricted role, for withMember too", async () => {
    const asA = await db.withTenant(
      a.organization.id,
      async (tx) => ({
        role: (await tx.execute<{ role: string }>(sql`select current_user as role`))[0]?.role,
        organizations: (await tx.select({ id: organizationTable.id }).from(organizationTable)).map((row) => row.id),
        bLeads: await tx.select().from(leadTable).where(eq(leadTable.organizationId, b.organization.id)),
        onStandby: await inRecovery(tx),
      }),
      { replica: true },
    );
    expect(asA).toEqual({ role: "app_tenant", organizations: [a.organization.id], bLeads: [], onStandby: true });

    const asMember = await db.withMember(
      { userId: b.owner.id },
      async (tx, membership) => ({
        organization: membership.organization.id,
        leads: (await tx.select().from(leadTable)).map((row) => row.organizationId),
        onStandby: await inRecovery(tx),
      }),
      { replica: true },
    );
    expect(asMember?.result).toEqual({ organization: b.organization.id, leads: [b.organization.id], onStandby: true });
  });

  it("never takes a write: refused on the standby, and refused the same on the primary fallback", async () => {
    let runs = 0;
    const attempt = (database: Database) =>
      database.withTenant(
        a.organization.id,
        async (tx) => {
          runs += 1;
          return tx.insert(leadTable).values({ organizationId: a.organization.id, firstName: "Nope" });
        },
        { replica: true },
      );
    fallbacks.length = 0;
    await expectPgError(attempt(db), "25006"); // read_only_sql_transaction
    // Refused on the standby itself, once: an error after the read began is not retried on the primary.
    expect({ runs, fallbacks }).toEqual({ runs: 1, fallbacks: [] });
    const noReplica = createDb(primary.url("app"), { max: 1 });
    try {
      await expectPgError(attempt(noReplica), "25006");
    } finally {
      await noReplica.close();
    }
    expect(await primaryOnly.select().from(leadTable).where(eq(leadTable.firstName, "Nope"))).toEqual([]);
  });

  it("reads your writes when the standby lags: the primary serves what the standby has not replayed", async () => {
    await onStandby((replica) => replica.execute(sql`select pg_wal_replay_pause()`));
    try {
      await primaryOnly.update(leadTable).set({ lastName: "Byron" }).where(eq(leadTable.organizationId, a.organization.id));
      fallbacks.length = 0;
      const read = await db.withTenant(
        a.organization.id,
        async (tx) => ({ onStandby: await inRecovery(tx), lastNames: [...new Set((await tx.select().from(leadTable)).map((row) => row.lastName))] }),
        { replica: true },
      );
      expect(read).toEqual({ onStandby: false, lastNames: ["Byron"] });
      expect(fallbacks).toEqual(["behind"]);
      // The standby itself still shows the old rows: the fallback was needed.
      const stale = await onStandby((replica) => replica.withTenant(a.organization.id, (tx) => tx.select().from(leadTable)));
      expect(stale.map((row) => row.lastName)).not.toContain("Byron");
    } finally {
      await onStandby((replica) => replica.execute(sql`select pg_wal_replay_resume()`));
    }
    await caughtUp();
    const after = await db.withTenant(a.organization.id, (tx) => inRecovery(tx), { replica: true });
    expect(after).toBe(true);
  });

  it("sends lag-tolerant selects (`reads`) to the standby with Drizzle's withReplicas, and transactions to the primary", async () => {
    const [viaReads] = await db.reads.select({ onStandby: server }).from(organizationTable).limit(1);
    expect(viaReads?.onStandby).toBe(true);
    expect(await db.transaction((tx) => inRecovery(tx))).toBe(false);
    expect(await inRecovery(db)).toBe(false);
  });

  it("hands reads to the primary when the standby is gone", async () => {
    await standby.stop();
    fallbacks.length = 0;
    const read = await db.withTenant(a.organization.id, async (tx) => ({ onStandby: await inRecovery(tx), leads: (await tx.select().from(leadTable)).length }), {
      replica: true,
    });
    expect(read).toEqual({ onStandby: false, leads: 2 });
    expect(fallbacks).toEqual(["failed"]);
  });
});
