import { createTestDatabase, createTestUser, type TestDatabase } from "@saas/db/testing";
import { LeadStatuses, leadTable, organizationTable } from "@saas/db";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATIONS, seedDemoData } from "./demo-data";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.dispose());

describe("demo data", () => {
  it("creates two organizations, their people and 300 leads over every status in each", async () => {
    expect(await seedDemoData(t.db)).toEqual({ organizations: 2, users: 5, leads: 300 });
    for (const demo of DEMO_ORGANIZATIONS) {
      const organization = await t.db.query.organizationTable.findFirst({
        where: eq(organizationTable.slug, demo.slug),
        with: { members: { with: { user: true } } },
      });
      expect(organization?.members.map((m) => [m.user.email, m.role]).sort()).toEqual(
        demo.people.map((p) => [p.email, p.role]).sort(),
      );
      const statuses = await t.db
        .selectDistinct({ status: leadTable.status })
        .from(leadTable)
        .where(eq(leadTable.organizationId, organization!.id));
      expect(statuses.map((s) => s.status).sort()).toEqual([...LeadStatuses].sort());
    }
  });

  it("is idempotent: a second run adds and changes nothing", async () => {
    await seedDemoData(t.db);
    const snapshot = () => t.db.execute(sql`select id, first_name, status, organization_id from lead order by id`);
    const before = await snapshot();
    expect(await seedDemoData(t.db)).toEqual({ organizations: 2, users: 5, leads: 300 });
    expect(await snapshot()).toEqual(before);
  });

  it("reuses a person who already signed up with a demo email", async () => {
    const existing = await createTestUser(t.db, { email: "ada@acme.example" });
    await seedDemoData(t.db);
    const acme = await t.db.query.organizationTable.findFirst({
      where: eq(organizationTable.slug, "acme"),
      with: { members: true },
    });
    expect(acme?.members.find((m) => m.userId === existing.id)?.role).toBe("owner");
  });
});
