import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, withDatabaseName } from "./admin";
import { createDb, type Database } from "./client";
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from "./embedded";
import { runMigrations } from "./migrate";
import { leadTable } from "./schema";
import { createTestOrganization, expectPgError, PgError } from "./testing";

// Every other test connects as the embedded superuser, and a superuser bypasses row-level
// security and may SET ROLE to anything. On managed PostgreSQL (Neon, Supabase, RDS…) the app
// connects as a database owner that is NOT a superuser, with CREATEDB and CREATEROLE at most.
// This file reproduces that: the superuser only provisions such an owner role, and the owner
// creates its database, runs the real migrations and uses the result.
//
// Roles are cluster-wide and the shared test server already has `app_tenant` (created by the
// superuser when it migrated the template), which a non-superuser owner could not grant itself.
// So this file starts a cluster of its own, where, as on a fresh managed server, the owner's
// migration is the one that creates `app_tenant`.

const OWNER = "saas_owner";
const OWNER_PASSWORD = "owner-password";
const DATABASE = "saas_managed";

let dataDir: string;
let server: EmbeddedPostgresServer;
let ownerUrl: string;
let owner: Database;
let ownerSql: postgres.Sql;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "saas-managed-pg-"));
  // Under root the server runs as the OS user "postgres", which must be able to enter it.
  await chmod(dataDir, 0o755);
  server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "data"),
    port: await findFreePort(),
    persistent: false,
    throwaway: true,
  });

  const superuser = postgres(server.url(), { max: 1, onnotice: () => {} });
  try {
    // What a managed service hands out: a login that can create databases and roles, nothing more.
    await superuser.unsafe(
      `create role ${OWNER} login password '${OWNER_PASSWORD}' createdb createrole nosuperuser nobypassrls`,
    );
    // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it, so the
    // migration's CREATE EXTENSION runs as the owner, with nothing pre-created by the superuser.
  } finally {
    await superuser.end();
  }

  const ownerServerUrl = server.url().replace(/\/\/[^@]+@/, `//${OWNER}:${OWNER_PASSWORD}@`);
  await ensureDatabase(ownerServerUrl, DATABASE);
  ownerUrl = withDatabaseName(ownerServerUrl, DATABASE);
  await runMigrations(ownerUrl);
  owner = createDb(ownerUrl, { max: 3 });
  ownerSql = owner.$client;
}, 120_000);

afterAll(async () => {
  await owner?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("migrations run by a database owner that is not a superuser (managed PostgreSQL)", () => {
  it("really is such an owner: not a superuser, no BYPASSRLS, owns the database and every table", async () => {
    const [me] = await ownerSql<{ name: string; rolsuper: boolean; rolbypassrls: boolean }[]>`
      select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user`;
    expect(me).toEqual({ name: OWNER, rolsuper: false, rolbypassrls: false });
    const [database] = await ownerSql`
      select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()`;
    expect(database?.["owner"]).toBe(OWNER);
    const others = await ownerSql`
      select relname from pg_class
      where relnamespace = 'public'::regnamespace and relkind = 'r' and pg_get_userbyid(relowner) <> ${OWNER}`;
    expect(others).toEqual([]);
    const [extension] = await ownerSql`
      select pg_get_userbyid(extowner) as owner from pg_extension where extname = 'pg_trgm'`;
    expect(extension?.["owner"]).toBe(OWNER);
  });

  it("created app_tenant (NOLOGIN, no BYPASSRLS) and granted it to the owner, so SET ROLE is allowed", async () => {
    const [role] = await ownerSql`
      select rolcanlogin, rolbypassrls, rolsuper from pg_roles where rolname = 'app_tenant'`;
    expect(role).toEqual({ rolcanlogin: false, rolbypassrls: false, rolsuper: false });
    const [membership] = await ownerSql`
      select pg_has_role(current_user, 'app_tenant', 'MEMBER') as member,
             pg_has_role(current_user, 'app_tenant', 'SET') as can_set`;
    expect(membership).toEqual({ member: true, can_set: true });
    // Creating a role gives a CREATEROLE user only ADMIN OPTION on it (PostgreSQL 16+, with the
    // default createrole_self_grant = ''): SET comes from the migration's own GRANT.
    const grants = await ownerSql`
      select pg_get_userbyid(grantor) as grantor, admin_option, set_option from pg_auth_members
      where roleid = 'app_tenant'::regrole and member = current_user::regrole
      order by set_option`;
    expect(grants).toEqual([
      { grantor: "postgres", admin_option: true, set_option: false },
      { grantor: OWNER, admin_option: false, set_option: true },
    ]);
  });

  it("enables row-level security on every tenant table without forcing it", async () => {
    const tables = await ownerSql<{ relname: string; relforcerowsecurity: boolean }[]>`
      select relname, relforcerowsecurity from pg_class
      where relnamespace = 'public'::regnamespace and relkind = 'r' and relrowsecurity
      order by relname`;
    expect(tables.map((t) => t.relname)).toEqual(
      expect.arrayContaining(["ai_chat", "billing_event", "credit_transaction", "lead", "member", "organization"]),
    );
    expect(tables.filter((t) => t.relforcerowsecurity)).toEqual([]);
  });

  it("withTenant works as that owner and isolates tenants; outside it the owner sees every tenant", async () => {
    const a = await createTestOrganization(owner);
    const b = await createTestOrganization(owner);
    const [leadA] = await owner
      .insert(leadTable)
      .values({ organizationId: a.organization.id, firstName: "Ada" })
      .returning();
    const [leadB] = await owner
      .insert(leadTable)
      .values({ organizationId: b.organization.id, firstName: "Bob" })
      .returning();

    // The owner is not restricted by row-level security: no WHERE, both tenants.
    const all = await owner.select().from(leadTable).orderBy(leadTable.id);
    expect(all.map((l) => l.id).sort()).toEqual([leadA!.id, leadB!.id].sort());

    const seen = await owner.withTenant(a.organization.id, async (tx) => {
      const [who] = await tx.execute<{ role: string }>(sql`select current_user as role`);
      return { role: who?.role, leads: await tx.select().from(leadTable) };
    });
    expect(seen).toEqual({ role: "app_tenant", leads: [leadA] });

    const hijacked = await owner.withTenant(a.organization.id, (tx) =>
      tx.update(leadTable).set({ notes: "hijacked" }).where(eq(leadTable.id, leadB!.id)).returning(),
    );
    expect(hijacked).toEqual([]);
    await expectPgError(
      owner.withTenant(a.organization.id, (tx) =>
        tx.insert(leadTable).values({ organizationId: b.organization.id, firstName: "Smuggled" }),
      ),
      PgError.insufficientPrivilege,
    );
    expect(await owner.select().from(leadTable).orderBy(leadTable.id)).toEqual(all);

    // Back on the owner's own role after the tenant transactions.
    const [after] = await owner.execute<{ role: string }>(sql`select current_user as role`);
    expect(after?.role).toBe(OWNER);
  });

  it("migrating again as the owner is a no-op", async () => {
    const count = async () => (await ownerSql`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]?.["n"];
    const leadsBefore = await owner.select().from(leadTable).orderBy(leadTable.id);
    const applied = await count();
    await runMigrations(ownerUrl);
    expect(await count()).toBe(applied);
    expect(await owner.select().from(leadTable).orderBy(leadTable.id)).toEqual(leadsBefore);
  });

  it("a second owner on the same server is refused until the first grants it app_tenant WITH ADMIN OPTION", async () => {
    // Roles are cluster-wide: app_tenant now exists, created by the first owner, and only a role
    // with ADMIN OPTION on it may run the migration's GRANT app_tenant TO CURRENT_USER.
    const second = "saas_owner_two";
    const superuser = postgres(server.url(), { max: 1, onnotice: () => {} });
    try {
      await superuser.unsafe(`create role ${second} login password 'second' createdb createrole`);
    } finally {
      await superuser.end();
    }
    const secondServerUrl = server.url().replace(/\/\/[^@]+@/, `//${second}:second@`);
    await ensureDatabase(secondServerUrl, "saas_second");
    const secondUrl = withDatabaseName(secondServerUrl, "saas_second");
    const refusal = await expectPgError(runMigrations(secondUrl), PgError.insufficientPrivilege);
    expect(String((refusal as Error).cause)).toMatch(/permission denied to grant role "app_tenant"/);

    await ownerSql.unsafe(`grant app_tenant to ${second} with admin option`);
    await runMigrations(secondUrl);
    const db = createDb(secondUrl, { max: 1 });
    try {
      const { organization } = await createTestOrganization(db);
      const seen = await db.withTenant(organization.id, (tx) => tx.select().from(leadTable));
      expect(seen).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
