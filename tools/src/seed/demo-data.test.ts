import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAuth } from "@saas/auth";
import { createTestDatabase, createTestUser, type TestDatabase } from "@saas/db/testing";
import { accountTable, LeadStatuses, leadTable, organizationTable, userTable } from "@saas/db";
import { createMailer, createOutboxTransport } from "@saas/email";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_LOGINS, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_STAFF, seedDemoData } from "./demo-data";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.dispose());

describe("demo data", () => {
  it("creates two organizations, their people, a staff member and 300 leads over every status", async () => {
    expect(await seedDemoData(t.db)).toEqual({ organizations: 2, users: 6, leads: 300 });
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
    const passwords = () => t.db.select({ userId: accountTable.userId, password: accountTable.password }).from(accountTable).orderBy(accountTable.userId);
    const passwordsBefore = await passwords();
    expect(await seedDemoData(t.db)).toEqual({ organizations: 2, users: 6, leads: 300 });
    expect(await snapshot()).toEqual(before);
    expect(await passwords()).toEqual(passwordsBefore);
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

describe("demo logins", () => {
  it("sign in through Better Auth with the printed password; the staff login is a platform admin", async () => {
    await seedDemoData(t.db);
    const outbox = await mkdtemp(path.join(tmpdir(), "saas-seed-outbox-"));
    try {
      const auth = createAuth({
        db: t.db,
        audience: "customer",
        baseUrl: "http://localhost:3000",
        secret: "seed-test-secret-0123456789-0123456789",
        productName: "Acme CRM",
        cookiePrefix: "saas",
        mailer: createMailer({ from: "no-reply@acme.example", transport: createOutboxTransport({ dir: outbox, log: () => {} }) }),
      });
      for (const login of DEMO_LOGINS) {
        const response = await auth.handleRequest(
          new Request("http://localhost:3000/api/auth/sign-in/email", {
            method: "POST",
            headers: { "content-type": "application/json", origin: "http://localhost:3000" },
            body: JSON.stringify({ email: login.email, password: DEMO_PASSWORD }),
          }),
        );
        expect({ email: login.email, status: response.status }).toEqual({ email: login.email, status: 200 });
      }
      const [staff] = await t.db.select().from(userTable).where(eq(userTable.email, DEMO_STAFF.email));
      expect(staff).toMatchObject({ role: "admin", emailVerified: true, twoFactorEnabled: false });
    } finally {
      await rm(outbox, { recursive: true, force: true });
    }
  });

  it("never makes an existing account staff", async () => {
    const existing = await createTestUser(t.db, { email: DEMO_STAFF.email });
    await seedDemoData(t.db);
    const [user] = await t.db.select().from(userTable).where(eq(userTable.id, existing.id));
    expect(user?.role).toBe("user");
  });
});
