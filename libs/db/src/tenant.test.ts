import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "./client";
import {
  accountTable,
  aiChatTable,
  leadTable,
  memberTable,
  organizationTable,
  sessionTable,
  subscriptionTable,
  userTable,
} from "./schema";
import {
  createTestDatabase,
  createTestOrganization,
  expectPgError,
  PgError,
  type TestDatabase,
} from "./testing";

let t: TestDatabase;
let db: Database;
let a: Awaited<ReturnType<typeof tenantWithLeads>>;
let b: Awaited<ReturnType<typeof tenantWithLeads>>;

async function tenantWithLeads(count: number) {
  const { organization, owner } = await createTestOrganization(t.db);
  const leads = await t.db
    .insert(leadTable)
    .values(
      Array.from({ length: count }, (_, i) => ({
        organizationId: organization.id,
        firstName: `Lead ${i}`,
        assignedToId: owner.id,
      })),
    )
    .returning();
  await t.db
    .insert(subscriptionTable)
    .values({ id: `sub_${organization.slug}`, organizationId: organization.id, stripeCustomerId: "cus", status: "active" });
  return { organization, owner, leads };
}

const readAll = () => db.select().from(leadTable).orderBy(leadTable.id);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  a = await tenantWithLeads(3);
  b = await tenantWithLeads(2);
});
afterAll(() => t.dispose());

describe("withTenant: row-level security behind the WHERE clause", () => {
  it("sees only its own organization's rows, even with no WHERE clause", async () => {
    const leads = await db.withTenant(a.organization.id, (tx) => tx.select().from(leadTable));
    expect(leads.map((l) => l.id).sort()).toEqual(a.leads.map((l) => l.id).sort());

    const subscriptions = await db.withTenant(b.organization.id, (tx) => tx.select().from(subscriptionTable));
    expect(subscriptions.map((s) => s.organizationId)).toEqual([b.organization.id]);

    const organizations = await db.withTenant(a.organization.id, (tx) => tx.select().from(organizationTable));
    expect(organizations.map((o) => o.id)).toEqual([a.organization.id]);
  });

  it("cannot insert a row for another organization", async () => {
    const before = await readAll();
    await expectPgError(
      db.withTenant(a.organization.id, (tx) =>
        tx.insert(leadTable).values({ organizationId: b.organization.id, firstName: "Smuggled" }),
      ),
      PgError.insufficientPrivilege,
    );
    expect(await readAll()).toEqual(before);
  });

  it("cannot update or delete another organization's row: nothing matches, nothing changes", async () => {
    const before = await readAll();
    const target = b.leads[0]!.id;
    const updated = await db.withTenant(a.organization.id, (tx) =>
      tx.update(leadTable).set({ notes: "hijacked" }).where(eq(leadTable.id, target)).returning(),
    );
    const deleted = await db.withTenant(a.organization.id, (tx) =>
      tx.delete(leadTable).where(eq(leadTable.id, target)).returning(),
    );
    expect(updated).toEqual([]);
    expect(deleted).toEqual([]);
    expect(await readAll()).toEqual(before);
  });

  it("cannot move its own row into another organization", async () => {
    const before = await readAll();
    await expectPgError(
      db.withTenant(a.organization.id, (tx) =>
        tx.update(leadTable).set({ organizationId: b.organization.id }).where(eq(leadTable.id, a.leads[0]!.id)),
      ),
      PgError.insufficientPrivilege,
    );
    expect(await readAll()).toEqual(before);
  });

  it("can read, write and delete its own rows", async () => {
    // As the owner: a chat is its author's (the chat's row-level security also checks the actor).
    await db.withTenant(a.organization.id, async (tx) => {
      const [lead] = await tx
        .insert(leadTable)
        .values({ organizationId: a.organization.id, firstName: "Own" })
        .returning();
      await tx.update(leadTable).set({ status: "contacted" }).where(eq(leadTable.id, lead!.id));
      const [chat] = await tx
        .insert(aiChatTable)
        .values({ organizationId: a.organization.id, userId: a.owner.id })
        .returning();
      await tx.delete(aiChatTable).where(eq(aiChatTable.id, chat!.id));
      await tx.delete(leadTable).where(eq(leadTable.id, lead!.id));
    }, { actorId: a.owner.id });
    const leads = await db.select().from(leadTable).where(eq(leadTable.organizationId, a.organization.id));
    expect(leads).toHaveLength(a.leads.length);
  });

  it("joins resolve inside the tenant: own members' users, never another tenant's", async () => {
    // By named columns: tenant code may read a user's id, name, email and image only (0006), so
    // Drizzle's relational `with`, which selects every column of "user", is refused.
    const [lead] = await db.withTenant(a.organization.id, (tx) =>
      tx
        .select({ id: leadTable.id, assignee: { id: userTable.id, name: userTable.name, email: userTable.email } })
        .from(leadTable)
        .leftJoin(userTable, eq(userTable.id, leadTable.assignedToId))
        .where(eq(leadTable.id, a.leads[0]!.id)),
    );
    expect(lead?.assignee?.id).toBe(a.owner.id);
    const users = await db.withTenant(a.organization.id, (tx) =>
      tx.select({ id: userTable.id }).from(userTable),
    );
    expect(users).toEqual([{ id: a.owner.id }]);
    const members = await db.withTenant(a.organization.id, (tx) => tx.select().from(memberTable));
    expect(members.map((m) => m.organizationId)).toEqual([a.organization.id]);
  });

  it("holds only the privileges tenant code needs", async () => {
    const id = a.organization.id;
    // Sessions and credentials are out of reach; users are read-only.
    await expectPgError(db.withTenant(id, (tx) => tx.select().from(sessionTable)), PgError.insufficientPrivilege);
    await expectPgError(db.withTenant(id, (tx) => tx.select().from(accountTable)), PgError.insufficientPrivilege);
    await expectPgError(
      db.withTenant(id, (tx) => tx.update(userTable).set({ role: "admin" }).where(eq(userTable.id, a.owner.id))),
      PgError.insufficientPrivilege,
    );
    // Billing is written by the worker only.
    await expectPgError(
      db.withTenant(id, (tx) =>
        tx.update(subscriptionTable).set({ status: "canceled" }).where(eq(subscriptionTable.organizationId, id)),
      ),
      PgError.insufficientPrivilege,
    );
    await expectPgError(
      db.withTenant(id, (tx) => tx.update(organizationTable).set({ name: "Renamed" })),
      PgError.insufficientPrivilege,
    );
    const [subscription] = await db.select().from(subscriptionTable).where(eq(subscriptionTable.organizationId, id));
    expect(subscription?.status).toBe("active");
  });

  it("sees nothing and can write nothing when no organization is set", async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`set local role app_tenant`);
      return tx.select().from(leadTable);
    });
    expect(rows).toEqual([]);
    const before = await readAll();
    await expectPgError(
      db.transaction(async (tx) => {
        await tx.execute(sql`set local role app_tenant`);
        await tx.insert(leadTable).values({ organizationId: a.organization.id, firstName: "Nobody's" });
      }),
      PgError.insufficientPrivilege,
    );
    expect(await readAll()).toEqual(before);
  });

  it("rolls back the tenant's writes when the callback throws", async () => {
    const before = await readAll();
    await expect(
      db.withTenant(a.organization.id, async (tx) => {
        await tx.insert(leadTable).values({ organizationId: a.organization.id, firstName: "Doomed" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await readAll()).toEqual(before);
  });

  it("refuses an organization id that is not a uuid, before touching the database", async () => {
    await expect(db.withTenant("'; drop table lead; --", async () => 1)).rejects.toThrow(/must be a uuid/);
    await expect(db.withTenant("", async () => 1)).rejects.toThrow(/must be a uuid/);
  });
});

describe("withTenant on a pooled connection", () => {
  it("leaves no role or organization behind for the next transaction on the same connection", async () => {
    const single = createDb(t.url, { max: 1 });
    try {
      const identity = () =>
        single.execute<{ role: string; organization: string | null }>(
          sql`select current_user as role, nullif(current_setting('app.current_organization_id', true), '') as organization`,
        );
      const [owner] = await identity();
      const inside = await single.withTenant(a.organization.id, (tx) =>
        tx.execute<{ role: string; organization: string | null }>(
          sql`select current_user as role, current_setting('app.current_organization_id', true) as organization`,
        ),
      );
      expect(inside[0]).toEqual({ role: "app_tenant", organization: a.organization.id });
      expect((await identity())[0]).toEqual({ role: owner!.role, organization: null });

      // Also after a failed tenant transaction.
      await expect(single.withTenant(a.organization.id, async () => Promise.reject(new Error("x")))).rejects.toThrow();
      expect((await identity())[0]).toEqual({ role: owner!.role, organization: null });
      expect(await single.select().from(leadTable)).toHaveLength((await readAll()).length);
    } finally {
      await single.close();
    }
  });

  it("keeps concurrent tenants apart on a shared pool", async () => {
    const runs = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b));
    const results = await Promise.all(
      runs.map((tenant) =>
        db.withTenant(tenant.organization.id, async (tx) => {
          const rows = await tx.select({ organizationId: leadTable.organizationId }).from(leadTable);
          return { expected: tenant.organization.id, seen: [...new Set(rows.map((r) => r.organizationId))] };
        }),
      ),
    );
    for (const { expected, seen } of results) expect(seen).toEqual([expected]);
  });
});

describe("withMember: the signed-in person's organization, resolved and entered in one statement", () => {
  const settings = (tx: Parameters<Parameters<Database["withTenant"]>[1]>[0]) =>
    tx.execute<{ role: string; organization: string; actor: string }>(
      sql`select current_user as role, current_setting('app.current_organization_id', true) as organization,
                 current_setting('app.current_user_id', true) as actor`,
    );

  it("uses the preferred organization when the person is a member of it, and sees only its rows", async () => {
    // a.owner also joins b, so both organizations are theirs.
    await db.insert(memberTable).values({ organizationId: b.organization.id, userId: a.owner.id, role: "member" });
    try {
      const run = await db.withMember({ userId: a.owner.id, preferredOrganizationId: b.organization.id }, async (tx) => ({
        settings: (await settings(tx))[0],
        organizations: [...new Set((await tx.select().from(leadTable)).map((lead) => lead.organizationId))],
      }));
      expect(run?.membership).toMatchObject({ role: "member", organization: { id: b.organization.id, name: b.organization.name } });
      expect(run?.result).toEqual({
        settings: { role: "app_tenant", organization: b.organization.id, actor: a.owner.id },
        organizations: [b.organization.id],
      });
    } finally {
      await db.delete(memberTable).where(sql`${memberTable.organizationId} = ${b.organization.id} and ${memberTable.userId} = ${a.owner.id}`);
    }
  });

  it("falls back to the first organization by name when the preferred one is not theirs, or none is given", async () => {
    for (const preferredOrganizationId of [b.organization.id, null, "not-a-uuid"]) {
      const run = await db.withMember({ userId: a.owner.id, preferredOrganizationId }, async (tx) => (await settings(tx))[0]);
      expect(run?.membership.organization.id).toBe(a.organization.id);
      expect(run?.result?.organization).toBe(a.organization.id);
    }
  });

  it("returns null without calling fn for a person in no organization", async () => {
    const [loner] = await db.insert(userTable).values({ name: "Loner", email: `loner-${Date.now()}@example.test` }).returning();
    let called = false;
    const run = await db.withMember({ userId: loner!.id, preferredOrganizationId: a.organization.id }, async () => {
      called = true;
    });
    expect({ run, called }).toEqual({ run: null, called: false });
  });

  it("leaves no role, organization or actor behind on its pooled connection", async () => {
    const single = createDb(t.url, { max: 1 });
    try {
      await single.withMember({ userId: a.owner.id }, async () => undefined);
      const [after] = await single.execute<{ tenant: boolean; organization: string | null; actor: string | null }>(
        sql`select current_user = 'app_tenant' as tenant, nullif(current_setting('app.current_organization_id', true), '') as organization,
                   nullif(current_setting('app.current_user_id', true), '') as actor`,
      );
      expect(after).toEqual({ tenant: false, organization: null, actor: null });
    } finally {
      await single.close();
    }
  });
});

describe("what tenant code may read of its co-members' users", () => {
  it("names and addresses, not their platform role, ban or two-factor state", async () => {
    const asTenant = (statement: ReturnType<typeof sql>) => db.withTenant(a.organization.id, (tx) => tx.execute(statement));
    expect(await asTenant(sql`select id, name, email, image from "user"`)).toHaveLength(1);
    for (const column of ["role", "banned", "ban_reason", "ban_expires", "two_factor_enabled", "email_verified"]) {
      await expectPgError(asTenant(sql`select ${sql.identifier(column)} from "user"`), PgError.insufficientPrivilege);
    }
    await expectPgError(asTenant(sql`select * from "user"`), PgError.insufficientPrivilege);
  });
});
