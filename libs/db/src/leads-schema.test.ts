import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leadActivityTable, leadTable, memberTable } from "./schema/tables";
import { createTestDatabase, createTestOrganization, createTestUser, expectPgError, PgError, type TestDatabase } from "./testing";

// What the database itself guarantees about leads (migration 0005): assignees are members of the
// lead's organization, a member leaving unassigns their leads, every change of status or assignee
// is in the lead's history with who made it, and updated_at always moves forward.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

async function leadOf(organizationId: string, values: Partial<typeof leadTable.$inferInsert> = {}) {
  const [lead] = await t.db.insert(leadTable).values({ organizationId, firstName: "Ada", ...values }).returning();
  return lead!;
}

const readLead = async (id: string) => (await t.db.select().from(leadTable).where(eq(leadTable.id, id)))[0];

describe("assignment", () => {
  it("refuses an assignee who is not a member of the lead's organization, even one of another organization", async () => {
    const a = await createTestOrganization(t.db);
    const b = await createTestOrganization(t.db);
    const stranger = await createTestUser(t.db);
    const lead = await leadOf(a.organization.id);
    for (const userId of [b.owner.id, stranger.id]) {
      await expectPgError(
        t.db.update(leadTable).set({ assignedToId: userId }).where(eq(leadTable.id, lead.id)),
        PgError.foreignKeyViolation,
      );
      await expectPgError(leadOf(a.organization.id, { assignedToId: userId }), PgError.foreignKeyViolation);
    }
    expect((await readLead(lead.id))?.assignedToId).toBeNull();
    // Row-level security does not help here: foreign-key checks bypass it. The key is what refuses.
    await expectPgError(
      t.db.withTenant(a.organization.id, (tx) => tx.update(leadTable).set({ assignedToId: b.owner.id }).where(eq(leadTable.id, lead.id))),
      PgError.foreignKeyViolation,
    );
  });

  it("unassigns a member's leads when they leave, keeping the lead in its organization, and records it", async () => {
    const a = await createTestOrganization(t.db);
    const colleague = await createTestUser(t.db);
    await t.db.insert(memberTable).values({ organizationId: a.organization.id, userId: colleague.id, role: "member" });
    const lead = await leadOf(a.organization.id, { assignedToId: colleague.id });
    const kept = await leadOf(a.organization.id, { assignedToId: a.owner.id });

    await t.db.delete(memberTable).where(and(eq(memberTable.organizationId, a.organization.id), eq(memberTable.userId, colleague.id)));

    expect(await readLead(lead.id)).toMatchObject({ assignedToId: null, organizationId: a.organization.id });
    expect((await readLead(kept.id))?.assignedToId).toBe(a.owner.id);
    const history = await t.db.select().from(leadActivityTable).where(eq(leadActivityTable.leadId, lead.id));
    expect(history).toEqual([
      expect.objectContaining({ kind: "assignee", fromValue: colleague.id, toValue: null, actorId: null }),
    ]);
  });
});

describe("history", () => {
  it("records each change of status and assignee with the acting user, and nothing for other edits", async () => {
    const a = await createTestOrganization(t.db);
    const lead = await leadOf(a.organization.id);
    await t.db.withTenant(
      a.organization.id,
      async (tx) => {
        await tx.update(leadTable).set({ status: "qualified" }).where(eq(leadTable.id, lead.id));
      await tx.update(leadTable).set({ assignedToId: a.owner.id, notes: "called" }).where(eq(leadTable.id, lead.id));
      await tx.update(leadTable).set({ notes: "called twice", status: "qualified" }).where(eq(leadTable.id, lead.id));
      },
      { actorId: a.owner.id },
    );
    const history = await t.db
      .select()
      .from(leadActivityTable)
      .where(eq(leadActivityTable.leadId, lead.id))
      .orderBy(leadActivityTable.createdAt);
    expect(history.map(({ kind, fromValue, toValue, actorId }) => ({ kind, fromValue, toValue, actorId }))).toEqual([
      { kind: "status", fromValue: "new", toValue: "qualified", actorId: a.owner.id },
      { kind: "assignee", fromValue: null, toValue: a.owner.id, actorId: a.owner.id },
    ]);
  });

  it("is readable by tenant code but not writable: no insert, update or delete", async () => {
    const a = await createTestOrganization(t.db);
    const lead = await leadOf(a.organization.id);
    await t.db.update(leadTable).set({ status: "won" }).where(eq(leadTable.id, lead.id));
    const asTenant = (statement: ReturnType<typeof sql>) => t.db.withTenant(a.organization.id, (tx) => tx.execute(statement));
    expect(await asTenant(sql`select kind from lead_activity where lead_id = ${lead.id}`)).toEqual([{ kind: "status" }]);
    await expectPgError(
      asTenant(sql`insert into lead_activity (organization_id, lead_id, kind) values (${a.organization.id}, ${lead.id}, 'status')`),
      PgError.insufficientPrivilege,
    );
    await expectPgError(asTenant(sql`update lead_activity set to_value = 'lost'`), PgError.insufficientPrivilege);
    await expectPgError(asTenant(sql`delete from lead_activity`), PgError.insufficientPrivilege);
    expect(await t.db.select().from(leadActivityTable).where(eq(leadActivityTable.leadId, lead.id))).toEqual([
      expect.objectContaining({ toValue: "won" }),
    ]);
  });
});

describe("updated_at", () => {
  it("moves forward by at least a millisecond on every update, even two in the same instant", async () => {
    const a = await createTestOrganization(t.db);
    const lead = await leadOf(a.organization.id);
    const stamps: number[] = [lead.updatedAt.getTime()];
    await t.db.transaction(async (tx) => {
      // Inside one transaction now() does not move; the trigger still makes each stamp distinct.
      for (let i = 0; i < 3; i++) {
        const [row] = await tx.update(leadTable).set({ notes: `edit ${i}` }).where(eq(leadTable.id, lead.id)).returning();
        stamps.push(row!.updatedAt.getTime());
      }
    });
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! - stamps[i - 1]!).toBeGreaterThanOrEqual(1);
  });
});

describe("lead_search_ids (substring search on the trigram index under row-level security)", () => {
  it("searches the transaction's own organization only, nothing without one, and only for the tenant role", async () => {
    const a = await createTestOrganization(t.db);
    const b = await createTestOrganization(t.db);
    const [mine] = await t.db.insert(leadTable).values({ organizationId: a.organization.id, firstName: "Searchable", lastName: "Zebra" }).returning();
    await t.db.insert(leadTable).values({ organizationId: b.organization.id, firstName: "Searchable", lastName: "Zebra" });
    const search = (organizationId: string) =>
      t.db.withTenant(organizationId, (tx) => tx.execute<{ id: string }>(sql`select lead_search_ids(array['%zebra%', '%searchable%']) as id`));
    expect(await search(a.organization.id)).toEqual([{ id: mine!.id }]);
    // No organization set: nothing, whatever the patterns.
    const none = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local role app_tenant`);
      return tx.execute(sql`select lead_search_ids(array['%'])`);
    });
    expect(none).toEqual([]);
    // A pattern is data, never SQL.
    expect(await t.db.withTenant(a.organization.id, (tx) => tx.execute(sql`select lead_search_ids(array[$$%' or true --$$])`))).toEqual([]);
    const [grants] = await t.db.execute<{ tenant: boolean; public: boolean }>(sql`
      select has_function_privilege('app_tenant', 'lead_search_ids(text[])', 'execute') as tenant,
             exists (select 1 from pg_proc p, aclexplode(p.proacl) acl where p.proname = 'lead_search_ids' and acl.grantee = 0) as public`);
    expect(grants).toEqual({ tenant: true, public: false });
  });
});
