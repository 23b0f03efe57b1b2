import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { inject } from "vitest";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase, ensureDatabase, withDatabaseName } from "./admin";
import { createDb } from "./client";
import { MIGRATIONS_FOLDER, prepareForPush, readMigrationPrologue, runMigrations } from "./migrate";
import { leadTable } from "./schema";
import { createTestOrganization, expectPgError, PgError } from "./testing";

const workspaceRoot = fileURLToPath(new URL("../../..", import.meta.url));

describe("migrations", () => {
  const { serverUrl, runPrefix } = inject("saasTestDatabase");
  const name = `${runPrefix}empty`;
  const url = withDatabaseName(serverUrl, name);
  afterAll(() => dropDatabase(serverUrl, name));

  it("apply to an empty database, twice without error (the second run is a no-op)", async () => {
    await ensureDatabase(serverUrl, name);
    await runMigrations(url);
    await runMigrations(url);

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ table_name: string }[]>`
        select table_name from information_schema.tables
        where table_schema = 'public' order by table_name`;
      expect(tables.map((t) => t.table_name)).toEqual([
        "account",
        "ai_chat",
        "ai_message",
        "ai_usage",
        "billing_event",
        "credit_transaction",
        "invitation",
        "lead",
        "lead_activity",
        "lead_import",
        "lead_import_chunk",
        "lead_import_error",
        "member",
        "order",
        "order_item",
        "organization",
        "rate_limit",
        "revenue_month",
        "scheduled_job_run",
        "seat_sync",
        "session",
        "staff_audit_log",
        "subscription",
        "subscription_history",
        "subscription_item",
        "two_factor",
        "user",
        "verification",
      ]);
      const journal = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith(".sql"));
      expect(journal[0]?.["n"]).toBe(files.length);

      const [role] = await sql`select rolcanlogin, rolbypassrls from pg_roles where rolname = 'app_tenant'`;
      expect(role).toEqual({ rolcanlogin: false, rolbypassrls: false });
      const [extension] = await sql`select 1 as ok from pg_extension where extname = 'pg_trgm'`;
      expect(extension).toEqual({ ok: 1 });
    } finally {
      await sql.end();
    }
  });

  it("match the schema: drizzle-kit generate finds nothing to add", async () => {
    // Generate against a copy so a drift produces a file there, never in the repository.
    const dir = await mkdtemp(path.join(tmpdir(), "saas-drift-"));
    try {
      const out = path.join(dir, "migrations");
      await cp(MIGRATIONS_FOLDER, out, { recursive: true });
      const config = path.join(dir, "drizzle.config.ts");
      const schema = path.join(workspaceRoot, "libs/db/src/schema/index.ts");
      // drizzle-kit takes `out` relative to its working directory.
      await writeFile(
        config,
        `export default { dialect: "postgresql", casing: "snake_case", schema: ${JSON.stringify(schema)}, out: ${JSON.stringify(path.relative(workspaceRoot, out))} };\n`,
      );
      const before = await readdir(out);
      const drizzleKit = path.join(workspaceRoot, "node_modules/.bin/drizzle-kit");
      const { stdout, stderr } = await promisify(execFile)(drizzleKit, ["generate", "--config", config], {
        cwd: workspaceRoot,
      });
      expect(stdout + stderr).toContain("No schema changes");
      expect(await readdir(out)).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("db:push (drizzle-kit push) on a fresh database", () => {
  const { serverUrl, runPrefix } = inject("saasTestDatabase");
  const made: string[] = [];
  afterAll(async () => {
    for (const name of made) await dropDatabase(serverUrl, name);
  });
  async function freshDatabase(suffix: string) {
    const name = `${runPrefix}push_${suffix}`;
    made.push(name);
    await ensureDatabase(serverUrl, name);
    return withDatabaseName(serverUrl, name);
  }

  it("the prologue read from the first migration is the extension, the role and its grant", async () => {
    const statements = await readMigrationPrologue();
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/CREATE EXTENSION IF NOT EXISTS pg_trgm;$/);
    expect(statements[1]).toMatch(/CREATE ROLE app_tenant NOLOGIN NOBYPASSRLS;/);
    expect(statements[2]).toMatch(/GRANT app_tenant TO CURRENT_USER;$/);
  });

  it("prepareForPush migrates an empty database; push then has nothing to change and withTenant works", async () => {
    // Without it, push on an empty database fails: `operator class "gin_trgm_ops" does not exist`
    // (pg_trgm and app_tenant come from the migration's hand-written prologue), and the policies
    // it creates lack their USING clause (drizzle-team/drizzle-orm#3504).
    const url = await freshDatabase("empty");
    expect(await prepareForPush(url)).toBe("migrated");

    // The real drizzle-kit push, with the repository's config except `strict` (which asks for a
    // confirmation on a terminal even when there is nothing to do).
    const dir = await mkdtemp(path.join(tmpdir(), "saas-push-"));
    try {
      const config = path.join(dir, "drizzle.config.ts");
      const schema = path.join(workspaceRoot, "libs/db/src/schema/index.ts");
      await writeFile(
        config,
        `export default { dialect: "postgresql", casing: "snake_case", verbose: true, schema: ${JSON.stringify(schema)}, dbCredentials: { url: ${JSON.stringify(url)} } };\n`,
      );
      const drizzleKit = path.join(workspaceRoot, "node_modules/.bin/drizzle-kit");
      const { stdout, stderr } = await promisify(execFile)(drizzleKit, ["push", "--config", config], {
        cwd: workspaceRoot,
      });
      // The statements push always proposes, each harmless; any other difference fails here.
      // - drizzle-kit 0.31 reads a numeric column's default back as a quoted literal, so it cannot
      //   see that lead.position's function default is already there, and re-sets it.
      // - It reads a composite foreign key's columns back in column order on each side, pairing
      //   them wrongly when the two tables order them differently: credit_transaction has
      //   organization_id before order_id, "order" has id before organization_id. So it re-creates
      //   credit_transaction_order_fk exactly as it is.
      // Colours depend on the terminal (Nx forces them): compare plain text.
      // eslint-disable-next-line no-control-regex -- ANSI colour codes are what is being removed
      const output = (stdout + stderr).replace(/\x1b\[[0-9;]*m/g, "");
      const proposed = output.split("\n").flatMap((line) => line.match(/(ALTER|CREATE|DROP) (TABLE|INDEX|POLICY|TYPE|SCHEMA|SEQUENCE) .*/)?.[0] ?? []);
      expect(proposed, output).toEqual([
        'ALTER TABLE "credit_transaction" DROP CONSTRAINT "credit_transaction_order_fk";',
        'ALTER TABLE "lead" ALTER COLUMN "position" SET DEFAULT lead_default_position();',
        'ALTER TABLE "credit_transaction" ADD CONSTRAINT "credit_transaction_order_fk" FOREIGN KEY ("order_id","organization_id") REFERENCES "public"."order"("id","organization_id") ON DELETE cascade ON UPDATE no action;',
      ]);
      expect(output).toContain("Changes applied");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const db = createDb(url, { max: 2 });
    try {
      const a = await createTestOrganization(db);
      const b = await createTestOrganization(db);
      await db.insert(leadTable).values([
        { organizationId: a.organization.id, firstName: "Ada" },
        { organizationId: b.organization.id, firstName: "Bob" },
      ]);
      const seen = await db.withTenant(a.organization.id, (tx) => tx.select().from(leadTable));
      expect(seen.map((lead) => lead.firstName)).toEqual(["Ada"]);
    } finally {
      await db.close();
    }
    // A second db:push on the now migrated database migrates nothing new and keeps the data.
    expect(await prepareForPush(url)).toBe("migrated");
  });

  it("a database an earlier push built (tables, no migration journal) gets the prologue only", async () => {
    const url = await freshDatabase("pushed");
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql`create table pushed_before (id int primary key)`;
      expect(await prepareForPush(url)).toBe("prologue");
      const [state] = await sql`
        select exists (select 1 from pg_extension where extname = 'pg_trgm') as trgm,
               pg_has_role(current_user, 'app_tenant', 'MEMBER') as member,
               to_regclass('drizzle.__drizzle_migrations') is null as no_journal,
               (select count(*)::int from pg_tables where schemaname = 'public') as tables`;
      expect(state).toEqual({ trgm: true, member: true, no_journal: true, tables: 1 });
      // Idempotent.
      expect(await prepareForPush(url)).toBe("prologue");
    } finally {
      await sql.end();
    }
  });
});

/** Creates database `name` and applies the migrations before `tag` (from a copy of the folder whose journal stops there). */
async function migrateUpTo(sql: postgres.Sql, serverUrl: string, name: string, tag: string) {
  const dir = await mkdtemp(path.join(tmpdir(), `saas-before-${tag.slice(0, 4)}-`));
  try {
    const before = path.join(dir, "migrations");
    await cp(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalFile = path.join(before, "meta", "_journal.json");
    const journal = JSON.parse(await readFile(journalFile, "utf8")) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === tag);
    expect(at).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, at);
    await writeFile(journalFile, JSON.stringify(journal));
    await ensureDatabase(serverUrl, name);
    await migrate(drizzle({ client: sql }), { migrationsFolder: before });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("0007_tenant_child_keys on a database that has data", () => {
  const { serverUrl, runPrefix } = inject("saasTestDatabase");
  const name = `${runPrefix}tenant_child_keys`;
  const url = withDatabaseName(serverUrl, name);
  afterAll(() => dropDatabase(serverUrl, name));

  it("refuses (23503, naming the key) a child row already in another tenant than its order, changes nothing, and keeps rows that are right", async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrateUpTo(sql, serverUrl, name, "0007_tenant_child_keys");

      // Two organizations; each has an order, an item, a credit and a subscription with an item
      // (all right), and one item of A hangs off B's order (wrong, possible before 0007).
      const [a, b] = await sql<{ id: string }[]>`
        insert into organization (name, slug) values ('A', ${`a-${name}`.replaceAll("_", "-")}), ('B', ${`b-${name}`.replaceAll("_", "-")})
        returning id`;
      const orders: Record<string, string> = {};
      for (const [key, org] of [["a", a!.id], ["b", b!.id]] as const) {
        const [order] = await sql<{ id: string }[]>`insert into "order" (organization_id) values (${org}) returning id`;
        orders[key] = order!.id;
        await sql`insert into order_item (order_id, organization_id, stripe_price_id, description, unit_amount, amount_total)
                  values (${order!.id}, ${org}, 'price_x', 'right', 100, 100)`;
        await sql`insert into credit_transaction (organization_id, order_id, amount, reason, idempotency_key, description)
                  values (${org}, ${order!.id}, 10, 'purchase', ${`purchase:${order!.id}`}, 'right')`;
        await sql`insert into subscription (id, organization_id, stripe_customer_id, status) values (${`sub_${key}`}, ${org}, 'cus_x', 'active')`;
        await sql`insert into subscription_item (id, subscription_id, organization_id, stripe_price_id, stripe_product_id)
                  values (${`si_${key}`}, ${`sub_${key}`}, ${org}, 'price_x', 'prod_x')`;
      }
      const [wrong] = await sql<{ id: string }[]>`
        insert into order_item (order_id, organization_id, stripe_price_id, description, unit_amount, amount_total)
        values (${orders["b"]!}, ${a!.id}, 'price_x', 'wrong', 100, 100) returning id`;
      const snapshot = () => sql`
        select (select count(*)::int from drizzle.__drizzle_migrations) as migrations,
               (select array_agg(conname::text order by conname) from pg_constraint
                where conrelid in ('order_item'::regclass, 'subscription_item'::regclass, 'credit_transaction'::regclass,
                                   '"order"'::regclass, 'subscription'::regclass) and contype in ('f', 'u')) as keys,
               (select array_agg(description order by description) from order_item) as items`;
      const untouched = await snapshot();

      const error = await expectPgError(runMigrations(url), PgError.foreignKeyViolation);
      let named: unknown;
      for (let current: unknown = error; current && named === undefined; current = (current as { cause?: unknown }).cause) {
        named = (current as { constraint_name?: unknown }).constraint_name;
      }
      expect(named).toBe("order_item_order_fk");
      // Nothing of 0007 (nor any later migration) is there, and no row was changed or deleted.
      expect(await snapshot()).toEqual(untouched);
      expect(untouched[0]?.["keys"]).toContain("order_item_order_id_order_id_fk");

      // With the wrong row gone, it applies, and the right rows are all still there.
      await sql`delete from order_item where id = ${wrong!.id}`;
      await runMigrations(url);
      const [after] = await snapshot();
      expect(after?.["keys"]).toEqual(
        expect.arrayContaining(["order_item_order_fk", "subscription_item_subscription_fk", "credit_transaction_order_fk"]),
      );
      expect(after?.["keys"]).not.toContain("order_item_order_id_order_id_fk");
      expect(after?.["items"]).toEqual(["right", "right"]);
      const [counts] = await sql`
        select (select count(*)::int from credit_transaction) as credits, (select count(*)::int from subscription_item) as subscription_items`;
      expect(counts).toEqual({ credits: 2, subscription_items: 2 });
    } finally {
      await sql.end();
    }
  });
});

describe("0019_subscription_history on a database that has subscriptions", () => {
  const { serverUrl, runPrefix } = inject("saasTestDatabase");
  const name = `${runPrefix}subscription_history`;
  const url = withDatabaseName(serverUrl, name);
  afterAll(() => dropDatabase(serverUrl, name));

  it("backfills one row per subscription: its state at its creation, no amount or currency (none was stored)", async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrateUpTo(sql, serverUrl, name, "0019_subscription_history");

      const [org] = await sql<{ id: string }[]>`insert into organization (name, slug) values ('A', ${name.replaceAll("_", "-")}) returning id`;
      await sql`insert into subscription (id, organization_id, stripe_customer_id, status, plan_id, quantity, created_at)
                values ('sub_old_active', ${org!.id}, 'cus_x', 'active', 'pro', 4, '2026-03-01T10:00:00Z'),
                       ('sub_old_canceled', ${org!.id}, 'cus_x', 'canceled', null, 1, '2025-07-01T10:00:00Z')`;

      await runMigrations(url);
      const rows = await sql`
        select subscription_id, organization_id, status, plan_id, quantity, mrr_amount::int, currency, interval, stripe_event_id, source,
          extract(epoch from occurred_at)::int as occurred_at
        from subscription_history order by subscription_id`;
      expect(rows).toEqual([
        { subscription_id: "sub_old_active", organization_id: org!.id, status: "active", plan_id: "pro", quantity: 4, mrr_amount: 0, currency: null, interval: null, stripe_event_id: null, source: "backfill", occurred_at: Date.parse("2026-03-01T10:00:00Z") / 1000 },
        { subscription_id: "sub_old_canceled", organization_id: org!.id, status: "canceled", plan_id: null, quantity: 1, mrr_amount: 0, currency: null, interval: null, stripe_event_id: null, source: "backfill", occurred_at: Date.parse("2025-07-01T10:00:00Z") / 1000 },
      ]);
    } finally {
      await sql.end();
    }
  });
});

describe("0020_revenue_month on a database that has subscription history", () => {
  const { serverUrl, runPrefix } = inject("saasTestDatabase");
  const name = `${runPrefix}revenue_month`;
  const url = withDatabaseName(serverUrl, name);
  afterAll(() => dropDatabase(serverUrl, name));

  it("numbers the rows in time order and derives what each follows; new rows then go through the trigger, updates are refused", async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrateUpTo(sql, serverUrl, name, "0020_revenue_month");
      const [org] = await sql<{ id: string }[]>`insert into organization (name, slug) values ('A', ${name.replaceAll("_", "-")}) returning id`;
      await sql`insert into subscription (id, organization_id, stripe_customer_id, status) values ('sub_h', ${org!.id}, 'cus_x', 'active')`;
      const row = (status: string, amount: number, at: string) => sql`
        insert into subscription_history (subscription_id, organization_id, status, quantity, mrr_amount, currency, source, occurred_at)
        values ('sub_h', ${org!.id}, ${status}, 1, ${amount}, 'usd', 'event', ${at}::timestamptz)`;
      // Stored out of time order: the order is the time's.
      await row("active", 2_000, "2026-03-01T00:00:00Z");
      await row("trialing", 2_000, "2026-01-01T00:00:00Z");
      await row("active", 3_000, "2026-04-01T00:00:00Z");

      await runMigrations(url);
      const derived = () => sql`
        select seq, status, mrr_amount::int as amount, previous_status, previous_mrr_amount::int as previous_amount, previous_currency,
          starts_trial, converts_trial, to_char(trial_started_at at time zone 'UTC', 'YYYY-MM-DD') as trial_started
        from subscription_history order by seq`;
      expect(await derived()).toEqual([
        { seq: 1, status: "trialing", amount: 2_000, previous_status: null, previous_amount: null, previous_currency: null, starts_trial: true, converts_trial: false, trial_started: "2026-01-01" },
        { seq: 2, status: "active", amount: 2_000, previous_status: "trialing", previous_amount: 2_000, previous_currency: "usd", starts_trial: false, converts_trial: true, trial_started: "2026-01-01" },
        { seq: 3, status: "active", amount: 3_000, previous_status: "active", previous_amount: 2_000, previous_currency: "usd", starts_trial: false, converts_trial: false, trial_started: "2026-01-01" },
      ]);

      // From now on the trigger appends: a row dated before the latest is moved to the latest's time.
      await row("past_due", 3_000, "2026-02-01T00:00:00Z");
      const [appended] = await sql`select seq, previous_status, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as at from subscription_history where status = 'past_due'`;
      expect(appended).toEqual({ seq: 4, previous_status: "active", at: "2026-04-01" });
      await expect(sql`update subscription_history set mrr_amount = 1 where seq = 1`).rejects.toMatchObject({ code: "42501" });
      expect((await derived())[0]).toMatchObject({ amount: 2_000 });
    } finally {
      await sql.end();
    }
  });
});
