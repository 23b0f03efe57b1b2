import { and, asc, count, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LeadStatus,
  leadTable,
  organizationTable,
  subscriptionItemTable,
  subscriptionTable,
  userTable,
} from "./schema";
import { createTestDatabase, createTestOrganization, createTestUser, type TestDatabase } from "./testing";

// The query examples of the database design document, run against the real schema.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

async function twoTenants() {
  const a = await createTestOrganization(t.db);
  const b = await createTestOrganization(t.db);
  const leadsA = await t.db
    .insert(leadTable)
    .values([
      { organizationId: a.organization.id, firstName: "John", lastName: "Doe", email: "john@acme.test", company: "Acme", status: "new" },
      { organizationId: a.organization.id, firstName: "Jane", lastName: "Roe", email: "jane@globex.test", company: "Globex", status: "qualified" },
      { organizationId: a.organization.id, firstName: "Max", lastName: "Mustermann", email: "max@initech.test", company: "Initech", status: "won", assignedToId: a.owner.id },
    ])
    .returning();
  const [leadB] = await t.db
    .insert(leadTable)
    .values({ organizationId: b.organization.id, firstName: "John", lastName: "Other", email: "john@other.test", status: "new" })
    .returning();
  if (!leadB) throw new Error("no row");
  return { a, b, leadsA, leadB };
}

describe("basic queries", () => {
  it("find one user by email", async () => {
    const created = await createTestUser(t.db);
    const user = await t.db.query.userTable.findFirst({ where: eq(userTable.email, created.email) });
    expect(user?.id).toBe(created.id);
  });

  it("find many leads of an organization, newest first (ties by first name), limited", async () => {
    // Inserted in an order that is neither the expected one nor its reverse, with distinct
    // creation times except for one deliberate tie.
    const { organization } = await createTestOrganization(t.db);
    const other = await createTestOrganization(t.db);
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
    await t.db.insert(leadTable).values([
      { organizationId: organization.id, firstName: "Mid", createdAt: at(10) },
      { organizationId: organization.id, firstName: "Newest-b", createdAt: at(30) },
      { organizationId: organization.id, firstName: "Oldest", createdAt: at(0) },
      { organizationId: organization.id, firstName: "Newest-a", createdAt: at(30) },
      { organizationId: organization.id, firstName: "Recent", createdAt: at(20) },
    ]);
    // Another tenant's newer lead must not appear.
    await t.db.insert(leadTable).values({ organizationId: other.organization.id, firstName: "Other", createdAt: at(59) });

    const newestFirst = (limit?: number) =>
      t.db.query.leadTable.findMany({
        where: eq(leadTable.organizationId, organization.id),
        orderBy: [desc(leadTable.createdAt), asc(leadTable.firstName)],
        limit,
      });
    expect((await newestFirst()).map((lead) => lead.firstName)).toEqual([
      "Newest-a",
      "Newest-b",
      "Recent",
      "Mid",
      "Oldest",
    ]);
    const page = await newestFirst(2);
    expect(page.map((lead) => lead.firstName)).toEqual(["Newest-a", "Newest-b"]);
    expect(page.map((lead) => lead.createdAt)).toEqual([at(30), at(30)]);
  });
});

describe("relations", () => {
  it("a lead with its assigned user (selected columns only)", async () => {
    const { a, leadsA } = await twoTenants();
    const max = leadsA.find((lead) => lead.firstName === "Max");
    const lead = await t.db.query.leadTable.findFirst({
      where: eq(leadTable.id, max!.id),
      with: { assignedTo: { columns: { id: true, name: true, email: true, image: true } } },
    });
    expect(lead?.assignedTo).toEqual({ id: a.owner.id, name: a.owner.name, email: a.owner.email, image: null });
  });

  it("an organization with its members and their users", async () => {
    const { a } = await twoTenants();
    const organization = await t.db.query.organizationTable.findFirst({
      where: eq(organizationTable.id, a.organization.id),
      with: { members: { with: { user: { columns: { id: true, name: true, email: true } } } } },
    });
    expect(organization?.members).toHaveLength(1);
    expect(organization?.members[0]).toMatchObject({ role: "owner", user: { id: a.owner.id, email: a.owner.email } });
  });
});

describe("insert, update, delete", () => {
  it("single and bulk insert with returning", async () => {
    const { organization } = await createTestOrganization(t.db);
    const [lead] = await t.db
      .insert(leadTable)
      .values({ firstName: "John", lastName: "Doe", email: "john@example.com", organizationId: organization.id })
      .returning();
    expect(lead).toMatchObject({ firstName: "John", status: "new", source: "other" });
    expect(lead?.id).toMatch(/^[0-9a-f-]{36}$/);

    const leads = await t.db
      .insert(leadTable)
      .values([
        { firstName: "John", organizationId: organization.id },
        { firstName: "Jane", organizationId: organization.id },
      ])
      .returning();
    expect(leads.map((l) => l.firstName)).toEqual(["John", "Jane"]);
  });

  it("update with returning sets updatedAt", async () => {
    const { leadsA } = await twoTenants();
    const lead = leadsA[0]!;
    const [updated] = await t.db
      .update(leadTable)
      .set({ status: LeadStatus.qualified })
      .where(eq(leadTable.id, lead.id))
      .returning();
    expect(updated?.status).toBe("qualified");
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(lead.updatedAt.getTime());
  });

  it("multi-tenant safe update returns nothing for another tenant's row, and leaves it unchanged", async () => {
    const { a, leadB } = await twoTenants();
    const updated = await t.db
      .update(leadTable)
      .set({ status: LeadStatus.lost, notes: "hijacked" })
      .where(and(eq(leadTable.id, leadB.id), eq(leadTable.organizationId, a.organization.id)))
      .returning();
    expect(updated).toEqual([]);
    const [unchanged] = await t.db.select().from(leadTable).where(eq(leadTable.id, leadB.id));
    expect(unchanged).toEqual(leadB);
  });

  it("delete with returning, and a tenant-safe bulk delete that spares the other tenant", async () => {
    const { a, leadsA, leadB } = await twoTenants();
    const [deleted] = await t.db.delete(leadTable).where(eq(leadTable.id, leadsA[0]!.id)).returning();
    expect(deleted?.id).toBe(leadsA[0]!.id);

    const ids = [leadsA[1]!.id, leadsA[2]!.id, leadB.id];
    const removed = await t.db
      .delete(leadTable)
      .where(and(inArray(leadTable.id, ids), eq(leadTable.organizationId, a.organization.id)))
      .returning({ id: leadTable.id });
    expect(removed.map((r) => r.id).sort()).toEqual([leadsA[1]!.id, leadsA[2]!.id].sort());
    expect(await t.db.select().from(leadTable).where(eq(leadTable.id, leadB.id))).toEqual([leadB]);
  });

  it("upsert: insert, then update on conflict", async () => {
    const { organization } = await createTestOrganization(t.db);
    const id = `sub_${organization.slug}`;
    const upsert = (status: "incomplete" | "active") =>
      t.db
        .insert(subscriptionTable)
        .values({ id, organizationId: organization.id, stripeCustomerId: "cus_1", status })
        .onConflictDoUpdate({ target: subscriptionTable.id, set: { status, updatedAt: new Date() } })
        .returning();
    const [first] = await upsert("incomplete");
    const [second] = await upsert("active");
    expect(first?.status).toBe("incomplete");
    expect(second?.status).toBe("active");
    expect(await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, id))).toHaveLength(1);
  });
});

describe("filtering, search and aggregation", () => {
  it("dynamic conditions with ilike and inArray, paginated", async () => {
    const { a } = await twoTenants();
    const search = async (query?: string, statusFilter?: LeadStatus[], page = 0) => {
      const conditions = [eq(leadTable.organizationId, a.organization.id)];
      if (query) {
        conditions.push(
          or(
            ilike(leadTable.firstName, `%${query}%`),
            ilike(leadTable.lastName, `%${query}%`),
            ilike(leadTable.email, `%${query}%`),
            ilike(leadTable.company, `%${query}%`),
          )!,
        );
      }
      if (statusFilter?.length) conditions.push(inArray(leadTable.status, statusFilter));
      const leads = await t.db.query.leadTable.findMany({
        where: and(...conditions),
        orderBy: [asc(leadTable.firstName)],
        limit: 2,
        offset: page * 2,
      });
      return leads.map((lead) => lead.firstName);
    };
    expect(await search("JOHN")).toEqual(["John"]); // not B's John
    expect(await search("globex")).toEqual(["Jane"]);
    expect(await search(undefined, ["new", "won"])).toEqual(["John", "Max"]);
    expect(await search("o", ["qualified"])).toEqual(["Jane"]);
    expect(await search()).toEqual(["Jane", "John"]);
    expect(await search(undefined, undefined, 1)).toEqual(["Max"]);
  });

  it("count, and selected columns with a computed name", async () => {
    const { a } = await twoTenants();
    const [{ total } = { total: -1 }] = await t.db
      .select({ total: count() })
      .from(leadTable)
      .where(eq(leadTable.organizationId, a.organization.id));
    expect(total).toBe(3);

    const rows = await t.db
      .select({
        id: leadTable.id,
        name: sql<string>`${leadTable.firstName} || ' ' || ${leadTable.lastName}`,
        email: leadTable.email,
      })
      .from(leadTable)
      .where(eq(leadTable.organizationId, a.organization.id))
      .orderBy(asc(leadTable.firstName));
    expect(rows.map((r) => r.name)).toEqual(["Jane Roe", "John Doe", "Max Mustermann"]);
  });

  it("substring search on first name, last name, email and company, each on its own, finds the lead", async () => {
    const { organization } = await createTestOrganization(t.db);
    const [lead] = await t.db
      .insert(leadTable)
      .values([
        { organizationId: organization.id, firstName: "Quentin", lastName: "Zeppelin", email: "qz@mail.test", company: "Hooli" },
        { organizationId: organization.id, firstName: "Bob", lastName: "Smith", email: "bob@smith.test", company: "Pied Piper" },
      ])
      .returning();
    const search = async (term: string) => {
      const rows = await t.db
        .select({ firstName: leadTable.firstName })
        .from(leadTable)
        .where(
          and(
            eq(leadTable.organizationId, organization.id),
            or(
              ilike(leadTable.firstName, `%${term}%`),
              ilike(leadTable.lastName, `%${term}%`),
              ilike(leadTable.email, `%${term}%`),
              ilike(leadTable.company, `%${term}%`),
            ),
          ),
        );
      return rows.map((row) => row.firstName);
    };
    // Each term occurs in one column of one lead only.
    for (const term of ["UENTI", "eppeli", "qz@ma", "ooli"]) {
      expect({ term, found: await search(term) }).toEqual({ term, found: [lead!.firstName] });
    }
    expect(await search("nobody")).toEqual([]);
  });

  it("substring search has one organization-scoped trigram index over the generated search column", async () => {
    const { organization } = await createTestOrganization(t.db);
    const [lead] = await t.db
      .insert(leadTable)
      .values({ organizationId: organization.id, firstName: "Grace", lastName: "Hopper", email: "G.Hopper@Navy.example", company: "US Navy" })
      .returning({ search: leadTable.search });
    // Lower-cased, every searchable field, kept up to date by PostgreSQL itself.
    expect(lead?.search).toBe("grace hopper g.hopper@navy.example us navy");

    // One GIN index holds the organization and the trigrams (btree_gin), so a search is an index
    // condition on both and never visits another tenant's rows (the search service's plan is
    // checked in libs/leads, its speed in `npm run bench:leads`).
    const [index] = await t.db.execute<{ indexdef: string }>(
      sql`select indexdef from pg_indexes where indexname = 'lead_search_idx'`,
    );
    expect(index?.indexdef).toBe("CREATE INDEX lead_search_idx ON public.lead USING gin (organization_id, search gin_trgm_ops)");
  });
});

describe("transactions", () => {
  it("commit together, or roll back together", async () => {
    const { organization } = await createTestOrganization(t.db);
    const subId = `sub_tx_${organization.slug}`;
    await t.db
      .insert(subscriptionTable)
      .values({ id: subId, organizationId: organization.id, stripeCustomerId: "cus_tx", status: "active" });
    const item = (id: string, price: string) => ({
      id,
      subscriptionId: subId,
      organizationId: organization.id,
      stripePriceId: price,
      stripeProductId: "prod",
    });
    await t.db.insert(subscriptionItemTable).values(item(`si_old_${organization.slug}`, "price_old"));

    // Replace the items atomically; a failure half-way leaves the old ones in place.
    const replace = (items: ReturnType<typeof item>[]) =>
      t.db.transaction(async (tx) => {
        await tx.delete(subscriptionItemTable).where(eq(subscriptionItemTable.subscriptionId, subId));
        return tx.insert(subscriptionItemTable).values(items).returning();
      });
    const bad = { ...item(`si_bad_${organization.slug}`, "price_bad"), quantity: -1 };
    await expect(replace([bad])).rejects.toThrow();
    const afterFailure = await t.db
      .select({ price: subscriptionItemTable.stripePriceId })
      .from(subscriptionItemTable)
      .where(eq(subscriptionItemTable.subscriptionId, subId));
    expect(afterFailure).toEqual([{ price: "price_old" }]);

    await replace([item(`si_new_${organization.slug}`, "price_new")]);
    const afterSuccess = await t.db
      .select({ price: subscriptionItemTable.stripePriceId })
      .from(subscriptionItemTable)
      .where(eq(subscriptionItemTable.subscriptionId, subId));
    expect(afterSuccess).toEqual([{ price: "price_new" }]);
  });
});
