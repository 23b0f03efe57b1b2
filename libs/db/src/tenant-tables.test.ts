import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_ROLE } from "./schema/tenancy";
import type { Transaction } from "./tenant";
import {
  createTestDatabase,
  createTestTenant,
  createTestUser,
  expectPgError,
  PgError,
  type TestDatabase,
  type TestTenant,
} from "./testing";

// Row-level security, table by table: every table with a policy for app_tenant, read with no
// WHERE clause as tenant A, and written at tenant B's row. Then the catalog itself: a new tenant
// table that forgets its policy or its grant, or a grant on a secret table, fails here.

/**
 * Every table with a policy for app_tenant, and which of a tenant's rows it must see there. The
 * test "covers every table with a policy" below fails when a table is missing from this list.
 */
const TENANT_TABLES: Record<string, (tenant: TestTenant) => string[]> = {
  organization: (x) => [x.organization.id],
  member: (x) => [x.ownerMember.id, x.colleagueMember.id],
  // Users are visible through membership only: the organization's own members.
  user: (x) => [x.owner.id, x.colleague.id],
  lead: (x) => [x.lead.id],
  lead_activity: (x) => [x.leadActivity.id],
  lead_import: (x) => [x.leadImport.id],
  lead_import_chunk: (x) => [x.leadImportChunk.id],
  lead_import_error: (x) => [x.leadImportError.id],
  // A chat is private to its author: the checks below act as the owner (see asActor).
  ai_chat: (x) => [x.aiChat.id],
  ai_message: (x) => [x.aiMessage.id],
  ai_usage: (x) => [x.aiUsage.id],
  subscription: (x) => [x.subscription.id],
  subscription_item: (x) => [x.subscriptionItem.id],
  subscription_history: (x) => [x.subscriptionHistory.id],
  order: (x) => [x.order.id],
  order_item: (x) => [x.orderItem.id],
  billing_event: (x) => [x.billingEvent.id],
  credit_transaction: (x) => [x.creditTransaction.id],
};

/** For the tables tenant code may insert into: a valid row of tenant `x`. */
const INSERTS: Record<string, (x: TestTenant) => SQL> = {
  lead: (x) => sql`insert into lead (organization_id, first_name) values (${x.organization.id}, 'Smuggled')`,
  ai_chat: (x) => sql`insert into ai_chat (organization_id, user_id) values (${x.organization.id}, ${x.owner.id})`,
  ai_message: (x) =>
    sql`insert into ai_message (organization_id, chat_id, user_id, message_id, role, parts)
        values (${x.organization.id}, ${x.aiChat.id}, ${x.owner.id}, 'msg-' || gen_random_uuid(), 'user', '[]')`,
  lead_import: (x) =>
    sql`insert into lead_import (organization_id, file_name, file_bytes, header) values (${x.organization.id}, 'x.csv', 1, '[]')`,
  lead_import_chunk: (x) =>
    sql`insert into lead_import_chunk (organization_id, import_id, seq, data)
        values (${x.organization.id}, ${x.leadImport.id}, 1000 + (random() * 1e6)::int, '\\x00')`,
  lead_import_error: (x) =>
    sql`insert into lead_import_error (organization_id, import_id, line, "column", message)
        values (${x.organization.id}, ${x.leadImport.id}, 1, 'email', 'x')`,
};

/**
 * Tables with an organization_id that tenant code must not reach at all: invitations are read
 * and written by Better Auth as the connection's own role (tokens are in them); the seat-sync
 * outbox is the worker's bookkeeping, written by a trigger.
 */
const OWNER_ONLY_TENANT_TABLES = ["invitation", "seat_sync"];

/** Secrets and server bookkeeping: app_tenant holds no privilege of any kind on them. */
const SECRET_TABLES = ["session", "account", "verification", "two_factor", "rate_limit", "staff_audit_log"];

const ALL_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, MAINTAIN";

let t: TestDatabase;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTestTenant(t.db);
  b = await createTestTenant(t.db);
  // Rows that belong to no tenant: a user in no organization, an event not matched to one.
  await createTestUser(t.db);
  await t.db.execute(sql`
    insert into billing_event (stripe_event_id, type, stripe_created, payload, status)
    values ('evt_unmatched_' || gen_random_uuid(), 'customer.updated', 1, '{}', 'unmatched')`);
});
afterAll(() => t.dispose());

/** A tenant transaction as the organization's owner (the author of its chat, see TENANT_TABLES). */
const asTenant = <T>(x: TestTenant, fn: (tx: Transaction) => Promise<T>) => t.db.withTenant(x.organization.id, fn, { actorId: x.owner.id });

const ids = (rows: Record<string, unknown>[]) => rows.map((row) => String(row["id"])).sort();

/** The row as the owner sees it (not restricted), to check it is unchanged. */
async function ownerRead(table: string, id: string) {
  return t.db.execute(sql`select * from ${sql.identifier(table)} where id::text = ${id}`);
}

async function privilege(table: string, kind: string): Promise<boolean> {
  const [row] = await t.db.execute<{ ok: boolean }>(
    sql`select has_table_privilege(${TENANT_ROLE}, ${`public.${JSON.stringify(table)}`}, ${kind}) as ok`,
  );
  return row?.ok === true;
}

describe("every table with a policy for app_tenant", () => {
  it("covers every table with a policy (add a new tenant table to TENANT_TABLES)", async () => {
    const rows = await t.db.execute<{ table: string }>(sql`
      select distinct tablename as table from pg_policies
      where schemaname = 'public' and ${TENANT_ROLE} = any(roles) order by 1`);
    expect(rows.map((r) => r.table).sort()).toEqual(Object.keys(TENANT_TABLES).sort());
  });

  it.each(Object.keys(TENANT_TABLES))("%s: tenant A sees only its own rows, with no WHERE clause", async (table) => {
    const own = TENANT_TABLES[table]!;
    const target = sql.identifier(table);
    const seenByA = await asTenant(a, (tx) => tx.execute(sql`select id from ${target}`));
    const seenByB = await asTenant(b, (tx) => tx.execute(sql`select id from ${target}`));
    expect(ids(seenByA)).toEqual([...own(a)].sort());
    expect(ids(seenByB)).toEqual([...own(b)].sort());
    // The owner sees both tenants (and more): the test is not vacuous.
    const all = ids(await t.db.execute(sql`select id from ${target}`));
    expect(all).toEqual(expect.arrayContaining([...own(a), ...own(b)]));
  });

  it.each(Object.keys(TENANT_TABLES))("%s: with no organization set, nothing is visible", async (table) => {
    const rows = await t.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${TENANT_ROLE}`));
      return tx.execute(sql`select id from ${sql.identifier(table)}`);
    });
    expect(rows).toEqual([]);
  });

  it.each(Object.keys(TENANT_TABLES))(
    "%s: tenant A writing tenant B's row matches nothing (or is refused), and the row is unchanged",
    async (table) => {
      const target = sql.identifier(table);
      const victim = TENANT_TABLES[table]!(b)[0]!;
      const before = await ownerRead(table, victim);
      expect(before).toHaveLength(1);

      const asA = (statement: SQL) => asTenant(a, (tx) => tx.execute(statement));

      // `set id = id`: a no-op write every table accepts, so only privileges and policies decide.
      const update = sql`update ${target} set id = id where id::text = ${victim} returning id`;
      if (await privilege(table, "UPDATE")) expect(await asA(update)).toEqual([]);
      else await expectPgError(asA(update), PgError.insufficientPrivilege);

      const remove = sql`delete from ${target} where id::text = ${victim} returning id`;
      if (await privilege(table, "DELETE")) expect(await asA(remove)).toEqual([]);
      else await expectPgError(asA(remove), PgError.insufficientPrivilege);

      expect(await ownerRead(table, victim)).toEqual(before);
    },
  );

  it.each(Object.keys(TENANT_TABLES))("%s: tenant A cannot insert a row of tenant B", async (table) => {
    const countOf = async () =>
      (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n;
    const before = await countOf();
    const insert = INSERTS[table];
    if (await privilege(table, "INSERT")) {
      // A table tenant code may insert into needs an insert case here.
      expect(insert, `INSERTS has no case for ${table}`).toBeDefined();
      // Its own organization is fine (the row is removed again by the owner)…
      const [own] = await asTenant(a, (tx) =>
        tx.execute<{ id: string }>(sql`${insert!(a)} returning id`),
      );
      expect(own?.id).toBeDefined();
      await t.db.execute(sql`delete from ${sql.identifier(table)} where id = ${own!.id}`);
      // …another's is refused by the policy's WITH CHECK.
      await expectPgError(
        asTenant(a, (tx) => tx.execute(insert!(b))),
        PgError.insufficientPrivilege,
      );
    } else {
      await expectPgError(
        asTenant(a, (tx) => tx.execute(sql`insert into ${sql.identifier(table)} default values`)),
        PgError.insufficientPrivilege,
      );
    }
    expect(await countOf()).toBe(before);
  });

  it.each(Object.keys(INSERTS))("%s: tenant A cannot move its own row into tenant B", async (table) => {
    const own = TENANT_TABLES[table]!(a)[0]!;
    const before = await ownerRead(table, own);
    await expectPgError(
      asTenant(a, (tx) =>
        tx.execute(
          sql`update ${sql.identifier(table)} set organization_id = ${b.organization.id} where id::text = ${own}`,
        ),
      ),
      PgError.insufficientPrivilege,
    );
    expect(await ownerRead(table, own)).toEqual(before);
  });
});

describe("the catalog: tenant tables cannot forget their policy or grant", () => {
  it("every table with an organization_id has row-level security, a policy for app_tenant and SELECT for it", async () => {
    const rows = await t.db.execute<{
      table: string;
      rls: boolean;
      policies: number;
      can_select: boolean;
    }>(sql`
      select c.relname as table, c.relrowsecurity as rls,
             (select count(*)::int from pg_policies p
              where p.schemaname = 'public' and p.tablename = c.relname and ${TENANT_ROLE} = any(p.roles)) as policies,
             has_table_privilege(${TENANT_ROLE}, c.oid, 'SELECT') as can_select
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)
        and c.relname not in (${sql.join(OWNER_ONLY_TENANT_TABLES.map((name) => sql`${name}`), sql`, `)})
      order by 1`);
    // Not vacuous: the tenant tables are there.
    expect(rows.map((r) => r.table)).toEqual(expect.arrayContaining(["lead", "ai_chat", "credit_transaction"]));
    for (const row of rows) {
      expect(row, `${row.table} needs RLS, a tenantPolicy() and a GRANT to app_tenant`).toMatchObject({
        rls: true,
        can_select: true,
      });
      expect(row.policies, `${row.table} has no policy for app_tenant`).toBeGreaterThan(0);
    }
  });

  it("every table app_tenant holds any privilege on has row-level security and a policy for it", async () => {
    const rows = await t.db.execute<{ table: string; rls: boolean; force: boolean; policies: number }>(sql`
      select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as force,
             (select count(*)::int from pg_policies p
              where p.schemaname = 'public' and p.tablename = c.relname and ${TENANT_ROLE} = any(p.roles)) as policies
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and (has_table_privilege(${TENANT_ROLE}, c.oid, ${ALL_TABLE_PRIVILEGES})
             or has_any_column_privilege(${TENANT_ROLE}, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
      order by 1`);
    expect(rows.map((r) => r.table).sort()).toEqual(Object.keys(TENANT_TABLES).sort());
    for (const row of rows) {
      // Enabled, never forced: the owner (auth, worker, admin) is not restricted.
      expect(row, row.table).toMatchObject({ rls: true, force: false });
      expect(row.policies, `${row.table} has no policy for app_tenant`).toBeGreaterThan(0);
    }
  });

  it("app_tenant holds no privilege at all on secrets, owner-only tables or the migrations journal", async () => {
    for (const table of [...SECRET_TABLES, ...OWNER_ONLY_TENANT_TABLES]) {
      const [row] = await t.db.execute<{ any_table: boolean; any_column: boolean }>(sql`
        select has_table_privilege(${TENANT_ROLE}, ${`public.${table}`}, ${ALL_TABLE_PRIVILEGES}) as any_table,
               has_any_column_privilege(${TENANT_ROLE}, ${`public.${table}`}, 'SELECT, INSERT, UPDATE, REFERENCES') as any_column`);
      expect({ table, ...row }).toEqual({ table, any_table: false, any_column: false });
    }
    const [journal] = await t.db.execute<{ usage: boolean }>(
      sql`select has_schema_privilege(${TENANT_ROLE}, 'drizzle', 'USAGE') as usage`,
    );
    expect(journal?.usage).toBe(false);
    // And it really is refused, not just absent from the catalog.
    for (const table of [...SECRET_TABLES, ...OWNER_ONLY_TENANT_TABLES]) {
      await expectPgError(
        asTenant(a, (tx) => tx.execute(sql`select 1 from ${sql.identifier(table)} limit 1`)),
        PgError.insufficientPrivilege,
      );
    }
  });

  it("every policy is for app_tenant alone: none for PUBLIC or another role that would widen it", async () => {
    const rows = await t.db.execute<{ policy: string; roles: string[] }>(sql`
      select policyname as policy, roles::text[] as roles from pg_policies where schemaname = 'public'`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.roles, row.policy).toEqual([TENANT_ROLE]);
  });
});

describe("AI chats are private to their author inside the organization", () => {
  const asColleague = <T>(x: TestTenant, fn: (tx: Transaction) => Promise<T>) =>
    t.db.withTenant(x.organization.id, fn, { actorId: x.colleague.id });

  it.each(["ai_chat", "ai_message"])("%s: a colleague sees none of the owner's rows, and cannot change or delete them", async (table) => {
    const target = sql.identifier(table);
    const victim = TENANT_TABLES[table]!(a)[0]!;
    const before = await ownerRead(table, victim);
    expect(await asColleague(a, (tx) => tx.execute(sql`select id from ${target}`))).toEqual([]);
    expect(await asColleague(a, (tx) => tx.execute(sql`update ${target} set id = id where id::text = ${victim} returning id`))).toEqual([]);
    expect(await asColleague(a, (tx) => tx.execute(sql`delete from ${target} where id::text = ${victim} returning id`))).toEqual([]);
    // Without an acting person (withTenant alone), nothing either.
    expect(await t.db.withTenant(a.organization.id, (tx) => tx.execute(sql`select id from ${target}`))).toEqual([]);
    expect(await ownerRead(table, victim)).toEqual(before);
  });

  it("a colleague cannot write a message into the owner's chat, nor a chat in the owner's name", async () => {
    await expectPgError(
      asColleague(a, (tx) =>
        tx.execute(sql`insert into ai_message (organization_id, chat_id, user_id, message_id, role, parts)
                       values (${a.organization.id}, ${a.aiChat.id}, ${a.owner.id}, 'smuggled', 'user', '[]')`),
      ),
      PgError.insufficientPrivilege,
    );
    await expectPgError(
      asColleague(a, (tx) => tx.execute(sql`insert into ai_chat (organization_id, user_id) values (${a.organization.id}, ${a.owner.id})`)),
      PgError.insufficientPrivilege,
    );
    expect(await t.db.execute(sql`select id from ai_message where message_id = 'smuggled'`)).toEqual([]);
  });
});
