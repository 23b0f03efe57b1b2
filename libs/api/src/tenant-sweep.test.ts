import { startLocalStripeServer, stripeId, type LocalStripeServer } from "@saas/billing/testing";
import { aiChatTable, aiMessageTable, creditTransactionTable, leadActivityTable, leadImportTable, leadTable, memberTable, orderTable, organizationTable, subscriptionTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callByPath, createApiHarness, listProcedures, type ApiHarness, type OrganizationFixture } from "./testing";

// The tenant sweep: every procedure of the router — read from the router's own definition, so a
// new procedure is covered by construction — called by an owner of organization B with the ids of
// organization A's rows. Each call is refused or answers nothing of A, and A's rows read back
// unchanged. A procedure without a sample input below fails the sweep until it is given one.

let h: ApiHarness;
let a: OrganizationFixture;
let b: OrganizationFixture;
let aLeads: (typeof leadTable.$inferSelect)[];
let aImportId: string;
let aChatId: string;
let stripeServer: LocalStripeServer;
const A_CUSTOMER = stripeId("cus");
const A_CHECKOUT = stripeId("cs");

const MARKER = "Zanzibar-A-only";

/** An input for each procedure, aimed at organization A's rows. */
const SAMPLE_INPUTS: Record<string, () => unknown> = {
  "ai.status": () => undefined,
  "ai.chats": () => undefined,
  "ai.chat": () => ({ id: aChatId }),
  "ai.createChat": () => undefined,
  "ai.renameChat": () => ({ id: aChatId, title: "Taken" }),
  "ai.deleteChat": () => ({ id: aChatId }),
  "billing.overview": () => undefined,
  "billing.creditLedger": () => ({}),
  "billing.invoices": () => undefined,
  "billing.startCheckout": () => ({ kind: "credits", quantity: 1 }),
  "billing.openPortal": () => undefined,
  "billing.checkoutStatus": () => ({ kind: "credits", sessionId: A_CHECKOUT }),
  "billing.paymentNotice": () => undefined,
  "leads.list": () => ({ filter: { q: MARKER } }),
  "leads.counts": () => ({ filter: { q: MARKER } }),
  "leads.get": () => ({ id: aLeads[0]!.id }),
  "leads.create": () => ({ firstName: "Sweep", assignedToId: a.owner.userId }),
  "leads.update": () => ({ ...aLeads[0]!, estimatedValue: null, lastName: "", company: "Taken", updatedAt: aLeads[0]!.updatedAt }),
  "leads.delete": () => ({ id: aLeads[0]!.id }),
  "leads.bulkSetStatus": () => ({ target: { ids: aLeads.map((lead) => lead.id) }, status: "lost" }),
  "leads.bulkAssign": () => ({ target: { ids: aLeads.map((lead) => lead.id) }, assignedToId: null }),
  "leads.bulkDelete": () => ({ target: { ids: aLeads.map((lead) => lead.id) } }),
  "leads.boardColumn": () => ({ status: aLeads[0]!.status }),
  "leads.boardSummary": () => undefined,
  "leads.move": () => ({ id: aLeads[0]!.id, status: "lost", aboveId: aLeads[1]!.id }),
  "leads.assignees": () => undefined,
  "leads.imports.get": () => ({ id: aImportId }),
  "leads.imports.start": () => ({ id: aImportId, mapping: { firstName: 0 }, duplicateMode: "create" }),
  "leads.imports.cancel": () => ({ id: aImportId }),
  "leads.imports.list": () => undefined,
  "organization.overview": () => undefined,
  "staff.platformCounts": () => undefined,
  "staff.billingHealth": () => undefined,
  "staff.revenue": () => undefined,
  // Customer B as staff of A's data: refused at the tier, whatever the input.
  "staff.users.list": () => ({ q: MARKER }),
  "staff.users.get": () => ({ userId: a.owner.userId }),
  "staff.users.ban": () => ({ userId: a.owner.userId, reason: "Tenant sweep" }),
  "staff.users.unban": () => ({ userId: a.owner.userId }),
  "staff.users.revokeSessions": () => ({ userId: a.owner.userId }),
  "staff.users.setRole": () => ({ userId: b.owner.userId, role: "admin", reason: "Tenant sweep" }),
  "staff.users.impersonate": () => ({ userId: a.owner.userId, reason: "Tenant sweep" }),
  "staff.users.resendVerification": () => ({ userId: a.owner.userId }),
  "staff.organizations.list": () => ({}),
  "staff.organizations.get": () => ({ organizationId: a.id }),
  "staff.organizations.adjustCredits": () => ({ organizationId: a.id, amount: -4242, reason: "Tenant sweep", idempotencyKey: crypto.randomUUID() }),
  "staff.audit.list": () => ({}),
  "staff.billingEvents.list": () => ({}),
  "staff.billingEvents.get": () => ({ eventId: crypto.randomUUID() }),
  "staff.billingEvents.replay": () => ({ eventId: crypto.randomUUID(), reason: "Tenant sweep" }),
  "staff.billingEvents.attach": () => ({ eventId: crypto.randomUUID(), organizationSlug: "b", reason: "Tenant sweep" }),
};

/** Everything of A's that a call must not change. */
async function snapshotOfA() {
  return {
    leads: await h.db.select().from(leadTable).where(eq(leadTable.organizationId, a.id)).orderBy(leadTable.id),
    activity: await h.db.select().from(leadActivityTable).where(eq(leadActivityTable.organizationId, a.id)).orderBy(leadActivityTable.id),
    members: await h.db.select().from(memberTable).where(eq(memberTable.organizationId, a.id)).orderBy(memberTable.id),
    imports: await h.db.select().from(leadImportTable).where(eq(leadImportTable.organizationId, a.id)).orderBy(leadImportTable.id),
    organization: await h.db.select().from(organizationTable).where(eq(organizationTable.id, a.id)),
    subscriptions: await h.db.select().from(subscriptionTable).where(eq(subscriptionTable.organizationId, a.id)),
    orders: await h.db.select().from(orderTable).where(eq(orderTable.organizationId, a.id)),
    credits: await h.db.select().from(creditTransactionTable).where(eq(creditTransactionTable.organizationId, a.id)),
    chats: await h.db.select().from(aiChatTable).where(eq(aiChatTable.organizationId, a.id)).orderBy(aiChatTable.id),
    messages: await h.db.select().from(aiMessageTable).where(eq(aiMessageTable.organizationId, a.id)).orderBy(aiMessageTable.id),
  };
}

beforeAll(async () => {
  // Billing on (the local Stripe-shaped server), so the billing procedures run for real.
  stripeServer = await startLocalStripeServer();
  h = await createApiHarness({ stripe: stripeServer.client() });
  [a, b] = await Promise.all([h.organization("Sweep A"), h.organization("Sweep B")]);
  aLeads = await h.db
    .insert(leadTable)
    .values([
      { organizationId: a.id, firstName: MARKER, email: "zanzibar@a.example", status: "qualified", estimatedValue: 4242, assignedToId: a.member.userId },
      { organizationId: a.id, firstName: `${MARKER} two`, status: "qualified" },
    ])
    .returning();
  await h.db.update(leadTable).set({ status: "proposal" }).where(eq(leadTable.id, aLeads[1]!.id));
  const [anImport] = await h.db
    .insert(leadImportTable)
    .values({ organizationId: a.id, createdById: a.owner.userId, fileName: `${MARKER}.csv`, fileBytes: 10, header: [MARKER] })
    .returning();
  aImportId = anImport!.id;
  const [aChat] = await h.db.insert(aiChatTable).values({ organizationId: a.id, userId: a.owner.userId, title: MARKER }).returning();
  aChatId = aChat!.id;
  await h.db.insert(aiMessageTable).values({ chatId: aChatId, organizationId: a.id, userId: a.owner.userId, messageId: "m1", role: "user", parts: [{ type: "text", text: MARKER }] });
  // A is a Stripe customer with a paid credit pack.
  await h.db.update(organizationTable).set({ stripeCustomerId: A_CUSTOMER }).where(eq(organizationTable.id, a.id));
  const [order] = await h.db
    .insert(orderTable)
    .values({ organizationId: a.id, stripeCheckoutSessionId: A_CHECKOUT, status: "paid", amountTotal: 4242, currency: "usd" })
    .returning();
  await h.db.insert(creditTransactionTable).values({
    organizationId: a.id,
    orderId: order!.id,
    amount: 4242,
    reason: "purchase",
    idempotencyKey: `purchase:${order!.id}`,
    description: MARKER,
  });
  // B has leads of its own, so "answers nothing of A" is not the same as "answers nothing".
  await h.db.insert(leadTable).values({ organizationId: b.id, firstName: "B's own", status: "qualified" });
});
afterAll(async () => {
  await h.dispose();
  await stripeServer.close();
});

describe("the tenant sweep", () => {
  const procedures = listProcedures();

  it("has a sample input for every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(10);
    const missing = procedures.map((procedure) => procedure.path).filter((path) => !(path in SAMPLE_INPUTS));
    expect(missing, "add a sample input to SAMPLE_INPUTS for each of these").toEqual([]);
  });

  it.each(procedures.map((procedure) => [procedure.path, procedure.type] as const))(
    "%s (%s): refused, or answers nothing of A; A's rows are unchanged",
    async (path) => {
      const sample = SAMPLE_INPUTS[path];
      if (!sample) return; // reported by the test above
      const secrets = [a.id, a.owner.userId, a.admin.userId, a.member.userId, ...aLeads.map((lead) => lead.id), aImportId, aChatId, MARKER, "4242", A_CUSTOMER, A_CHECKOUT];
      const before = await snapshotOfA();
      const outcome = await callByPath(b.owner.caller, path, sample()).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (outcome.ok) {
        const answer = JSON.stringify(outcome.value) ?? "";
        for (const secret of secrets) expect(answer, `${path} answered ${secret}`).not.toContain(secret);
      } else {
        expect((outcome.error as { code?: string }).code).toMatch(/^(NOT_FOUND|FORBIDDEN|BAD_REQUEST|UNAUTHORIZED|PRECONDITION_FAILED)$/);
        const message = JSON.stringify(outcome.error);
        for (const secret of secrets) expect(message, `${path}'s refusal mentions ${secret}`).not.toContain(secret);
      }
      expect(await snapshotOfA()).toEqual(before);
    },
  );
});
