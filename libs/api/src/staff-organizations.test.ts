import { creditTransactionTable, staffAuditLogTable, subscriptionItemTable, subscriptionTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness, type OrganizationFixture, type Person } from "./testing";

let h: ApiHarness;
let staff: Person;
let org: OrganizationFixture;
const tag = `o${Date.now().toString(36)}`;

beforeAll(async () => {
  h = await createApiHarness();
  staff = await h.staff();
  org = await h.organization(`Initech ${tag}`);
});
afterAll(() => h.dispose());

const asStaff = () => h.callerFor(staff.browser.headers());
const ledgerOf = (organizationId: string) => h.db.select().from(creditTransactionTable).where(eq(creditTransactionTable.organizationId, organizationId));
const auditOf = (organizationId: string) => h.db.select().from(staffAuditLogTable).where(eq(staffAuditLogTable.subjectOrganizationId, organizationId));
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "answered",
    (error: { code?: string; cause?: { reason?: string } }) => `${error.code}:${error.cause?.reason ?? ""}`,
  );

describe("staff: organizations", () => {
  it("search by any part of the name or slug, with members and leads counted", async () => {
    const found = await asStaff().staff.organizations.list({ q: `initech ${tag}`.toUpperCase() });
    expect(found.items).toEqual([expect.objectContaining({ id: org.id, members: 3, leads: 0, plan: null })]);
    expect((await asStaff().staff.organizations.list({ q: `${tag}%` })).items).toEqual([]);
  });

  it("one in detail: members, subscription with its items, credits, AI usage; the list shows the plan", async () => {
    const subscriptionId = `sub_${tag}`;
    await h.db.insert(subscriptionTable).values({ id: subscriptionId, organizationId: org.id, stripeCustomerId: `cus_${tag}`, status: "active", planId: "pro", quantity: 3 });
    await h.db.insert(subscriptionItemTable).values({ id: `si_${tag}`, subscriptionId, organizationId: org.id, stripePriceId: "price_pro", stripeProductId: "prod_pro", quantity: 3 });
    const detail = await asStaff().staff.organizations.get({ organizationId: org.id });
    expect(detail.subscriptions).toEqual([expect.objectContaining({ id: subscriptionId, status: "active", planId: "pro", quantity: 3, items: [{ priceId: "price_pro", quantity: 3 }] })]);
    expect((await asStaff().staff.organizations.list({ q: tag })).items[0]).toMatchObject({ plan: "pro", status: "active", seats: 3 });
    expect(detail.members.map((m) => m.role).sort()).toEqual(["admin", "member", "owner"]);
    expect(detail.credits).toEqual({ balance: 0, ledger: [] });
    expect(detail.aiUsageThisMonth).toEqual({ answers: 0, tokens: 0, credits: 0 });
    await expect(reasonOf(asStaff().staff.organizations.get({ organizationId: crypto.randomUUID() }))).resolves.toBe("NOT_FOUND:");
  });

  it("a credits adjustment: one ledger row and one audit entry; the same form sent twice adjusts once", async () => {
    const idempotencyKey = crypto.randomUUID();
    const input = { organizationId: org.id, amount: 500, reason: "Goodwill after the outage", idempotencyKey };
    expect(await asStaff().staff.organizations.adjustCredits(input)).toEqual({ balance: 500 });
    expect(await reasonOf(asStaff().staff.organizations.adjustCredits(input))).toBe("CONFLICT:ALREADY_ADJUSTED");
    expect(await ledgerOf(org.id)).toEqual([expect.objectContaining({ amount: 500, reason: "adjustment", description: "Staff adjustment: Goodwill after the outage" })]);
    expect(await auditOf(org.id)).toEqual([
      expect.objectContaining({ action: "credits.adjust", actorId: staff.userId, targetId: org.id, reason: "Goodwill after the outage", before: { balance: 0 }, after: expect.objectContaining({ balance: 500, amount: 500 }) }),
    ]);
    expect(await asStaff().staff.organizations.adjustCredits({ ...input, amount: -200, idempotencyKey: crypto.randomUUID() })).toEqual({ balance: 300 });
    expect((await asStaff().staff.organizations.get({ organizationId: org.id })).credits.balance).toBe(300);
  });

  it("refusals write nothing: zero, too large, no reason, an unknown organization", async () => {
    const before = { ledger: (await ledgerOf(org.id)).length, audit: (await auditOf(org.id)).length };
    const attempt = (overrides: Record<string, unknown>) =>
      reasonOf(asStaff().staff.organizations.adjustCredits({ organizationId: org.id, amount: 10, reason: "Valid reason", idempotencyKey: crypto.randomUUID(), ...overrides }));
    expect(await Promise.all([attempt({ amount: 0 }), attempt({ amount: 2_000_000 }), attempt({ amount: 1.5 }), attempt({ reason: "" }), attempt({ organizationId: crypto.randomUUID() })])).toEqual([
      "BAD_REQUEST:VALIDATION_ERROR",
      "BAD_REQUEST:VALIDATION_ERROR",
      "BAD_REQUEST:VALIDATION_ERROR",
      "BAD_REQUEST:VALIDATION_ERROR",
      "NOT_FOUND:",
    ]);
    expect({ ledger: (await ledgerOf(org.id)).length, audit: (await auditOf(org.id)).length }).toEqual(before);
  });
});
