import { ingestStripeEvent } from "@saas/billing";
import {
  checkoutSessionObject,
  invoiceObject,
  startLocalStripeServer,
  stripeEvent,
  stripeId,
  TEST_PRICES,
  type LocalStripeServer,
} from "@saas/billing/testing";
import { proSubscription } from "@saas/billing/testing/fixtures";
import { invitationTable, leadImportTable, leadTable, memberTable, organizationTable, subscriptionTable, userTable } from "@saas/db";
import { uploadLeadImport } from "@saas/leads";
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOrganizationMember, openOrganizationStream } from "../../organization-access";
import { createApiHarness, type ApiHarness, type OrganizationFixture, type Person } from "../../testing";

// The billing procedures and the plan's limits, through the router's caller with contexts built
// as the web app builds them, billing on: the real Stripe SDK against the local Stripe-shaped
// server, webhooks through the real inbox. Every refusal is checked to change nothing.

let h: ApiHarness;
let unbilled: ApiHarness;
let stripeServer: LocalStripeServer;

beforeAll(async () => {
  stripeServer = await startLocalStripeServer();
  [h, unbilled] = await Promise.all([createApiHarness({ stripe: stripeServer.client() }), createApiHarness()]);
});
afterAll(async () => {
  await Promise.all([h.dispose(), unbilled.dispose()]);
  await stripeServer.close();
});

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => null,
    (caught: unknown) => caught,
  )) as { code?: string; message: string; reason?: string; cause?: { reason?: string; fieldErrors?: Record<string, string> } } | null;
  expect(error, "expected a refusal").not.toBeNull();
  // A procedure's refusal is a TRPCError around the AppError; an entry point's is the AppError.
  return { code: error!.code, message: error!.message, reason: error!.reason ?? error!.cause?.reason, fieldErrors: error!.cause?.fieldErrors };
}

const stripeRequests = () => stripeServer.requests.length;
const customerOf = async (organizationId: string) =>
  (await h.db.select({ id: organizationTable.stripeCustomerId }).from(organizationTable).where(eq(organizationTable.id, organizationId)))[0]?.id ?? null;
const leadCount = async (organizationId: string) => h.db.$count(leadTable, eq(leadTable.organizationId, organizationId));
const memberCount = async (organizationId: string) => h.db.$count(memberTable, eq(memberTable.organizationId, organizationId));
const pendingInvitations = async (organizationId: string) =>
  h.db.$count(invitationTable, and(eq(invitationTable.organizationId, organizationId), eq(invitationTable.status, "pending")));

let eventClock = 1_950_000_000;
/** The organization subscribes to Pro (as after checkout), in `status`; Stripe tells us by webhook. */
async function subscribe(organizationId: string, status: Stripe.Subscription.Status = "active") {
  const customer = stripeId("cus");
  await h.db.update(organizationTable).set({ stripeCustomerId: customer }).where(eq(organizationTable.id, organizationId));
  const subscription = proSubscription(customer, organizationId, { status });
  stripeServer.putSubscription(subscription);
  await ingestStripeEvent(h.billing!, stripeEvent("customer.subscription.created", subscription, { created: ++eventClock }));
  return { customer, subscription };
}

async function addLeads(organizationId: string, n: number) {
  await h.db.insert(leadTable).values(Array.from({ length: n }, (_, i) => ({ organizationId, firstName: `Filler ${i}` })));
}

let inviteCounter = 0;
const invite = (person: Person, organizationId: string) =>
  person.browser.post("/organization/invite-member", { email: `billing-invitee-${++inviteCounter}@example.test`, role: "member", organizationId });

describe("billing not configured", () => {
  it("the page says so and what to set; nothing is limited; checkout and the portal refuse without calling anyone", async () => {
    const org = await unbilled.organization("No Stripe Co");
    const overview = await org.member.caller.billing.overview();
    expect(overview).toMatchObject({
      configured: false,
      notConfiguredReason: expect.stringContaining("STRIPE_SECRET_KEY"),
      entitlements: { basis: "unlimited", limits: { members: null, leads: null }, writable: true },
      state: { plan: { id: "free" }, subscription: null },
    });
    expect(overview.pricing.plans.map((plan) => plan.id)).toEqual(["free", "pro", "enterprise"]);
    for (const attempt of [() => org.owner.caller.billing.startCheckout({ kind: "plan", interval: "month" }), () => org.owner.caller.billing.openPortal()]) {
      expect(await refusal(attempt())).toMatchObject({ code: "PRECONDITION_FAILED", reason: "BILLING_NOT_CONFIGURED" });
    }
    expect(await org.owner.caller.billing.invoices()).toEqual([]);
    // A fourth member is fine: no seat limit without billing.
    expect((await invite(org.owner, org.id)).status).toBe(200);
  });
});

describe("who may do what", () => {
  let org: OrganizationFixture;
  beforeAll(async () => {
    org = await h.organization("Roles Co");
  });

  it("a member reads the plan, usage and the pricing table, sees who can upgrade, and may not act", async () => {
    const overview = await org.member.caller.billing.overview();
    expect(overview).toMatchObject({
      configured: true,
      canManage: false,
      state: { plan: { id: "free", name: "Free" }, seats: { members: 3, billed: null } },
      entitlements: { plan: { id: "free" }, limits: { members: 3, leads: 500 } },
      usage: { members: 3, leads: 0 },
    });
    // Owners first: whom a member asks.
    expect(overview.managers.map((manager) => manager.role)).toEqual(["owner", "admin"]);
    expect(overview.isCustomer).toBe(false);
    const pro = overview.pricing.plans.find((plan) => plan.id === "pro");
    expect(pro?.price).toEqual({ kind: "per_seat", currency: "usd", perSeat: { month: 1_200, year: 12_000 }, yearlySavingPercent: 17 });
    // No Stripe ids leave the server.
    expect(JSON.stringify(overview)).not.toContain("price_");

    const before = stripeRequests();
    for (const attempt of [
      () => org.member.caller.billing.startCheckout({ kind: "plan", interval: "month" }),
      () => org.member.caller.billing.startCheckout({ kind: "credits", quantity: 1 }),
      () => org.member.caller.billing.openPortal(),
    ]) {
      expect(await refusal(attempt())).toMatchObject({ code: "FORBIDDEN", reason: "ROLE_NOT_ALLOWED" });
    }
    expect(stripeRequests()).toBe(before);
    expect(await customerOf(org.id)).toBeNull();
    expect((await org.owner.caller.billing.overview()).canManage).toBe(true);
    expect((await org.admin.caller.billing.overview()).canManage).toBe(true);
  });

  it("signed out: refused, nothing sent", async () => {
    const before = stripeRequests();
    expect((await refusal(h.callerFor().billing.startCheckout({ kind: "plan", interval: "month" }))).code).toBe("UNAUTHORIZED");
    expect((await refusal(h.callerFor().billing.overview())).code).toBe("UNAUTHORIZED");
    expect(stripeRequests()).toBe(before);
  });
});

describe("checkout, portal, invoices", () => {
  it("an owner upgrades: the organization from the session, never the input; its own name; one seat per member; back to the return page", async () => {
    const org = await h.organization("Upgrade Co");
    const other = await h.organization("Someone Else");
    await h.db.update(organizationTable).set({ billingEmail: "accounts@upgrade.test" }).where(eq(organizationTable.id, org.id));

    const { url } = await org.owner.caller.billing.startCheckout({ kind: "plan", interval: "year", organizationId: other.id } as never);

    const session = [...stripeServer.checkoutSessions.values()].find((candidate) => candidate["url"] === url)!;
    const customer = await customerOf(org.id);
    expect(session).toMatchObject({
      mode: "subscription",
      customer,
      client_reference_id: org.id,
      line_items: [{ price: TEST_PRICES.proYearly, quantity: "3" }],
      success_url: "http://localhost:3000/billing/return?kind=plan&session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/billing?checkout=canceled",
    });
    expect(stripeServer.customers.get(customer!)).toMatchObject({ name: "Upgrade Co", email: "accounts@upgrade.test", metadata: { organizationId: org.id } });
    expect(await customerOf(other.id)).toBeNull();
  });

  it("an admin buys credit packs; a bad quantity is refused with the field and sends nothing", async () => {
    const org = await h.organization("Credits Co");
    const before = stripeRequests();
    for (const quantity of [0, 101, 1.5]) {
      const refused = await refusal(org.admin.caller.billing.startCheckout({ kind: "credits", quantity }));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(Object.keys(refused.fieldErrors ?? {})).toEqual(["quantity"]);
    }
    expect(stripeRequests()).toBe(before);

    const { url } = await org.admin.caller.billing.startCheckout({ kind: "credits", quantity: 2 });
    const session = [...stripeServer.checkoutSessions.values()].find((candidate) => candidate["url"] === url)!;
    expect(session).toMatchObject({ mode: "payment", line_items: [{ price: TEST_PRICES.creditPack, quantity: "2" }], client_reference_id: org.id });

    // The return page waits for the webhook: not confirmed, then confirmed once it lands.
    const sessionId = session["id"] as string;
    expect(await org.member.caller.billing.checkoutStatus({ kind: "credits", sessionId })).toMatchObject({ confirmed: false, credits: { balance: 0 } });
    await ingestStripeEvent(
      h.billing!,
      stripeEvent(
        "checkout.session.completed",
        checkoutSessionObject({
          id: sessionId,
          mode: "payment",
          customer: session["customer"] as string,
          clientReferenceId: org.id,
          metadata: { organizationId: org.id, productId: "credit-pack", quantity: "2" },
        }),
      ),
    );
    expect(await org.member.caller.billing.checkoutStatus({ kind: "credits", sessionId })).toMatchObject({ confirmed: true, credits: { balance: 2_000 } });
    const ledger = await org.member.caller.billing.creditLedger({ limit: 10 });
    expect(ledger).toMatchObject({ entries: [{ amount: 2_000, reason: "purchase" }], nextCursor: null });
    expect(await refusal(org.member.caller.billing.checkoutStatus({ kind: "credits", sessionId: "not-a-session" }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a subscribed organization is sent to the portal instead of a second subscription; the portal comes back to /billing", async () => {
    const org = await h.organization("Subscribed Co");
    const { customer } = await subscribe(org.id);
    const before = stripeRequests();
    expect(await refusal(org.owner.caller.billing.startCheckout({ kind: "plan", interval: "month" }))).toMatchObject({
      code: "CONFLICT",
      reason: "BILLING_ALREADY_SUBSCRIBED",
    });
    expect(stripeRequests()).toBe(before);

    const portal = await org.admin.caller.billing.openPortal();
    expect(portal.url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    expect(stripeServer.requests.at(-1)).toMatchObject({ path: "/v1/billing_portal/sessions", params: { customer, return_url: "http://localhost:3000/billing" } });
    expect(await org.member.caller.billing.checkoutStatus({ kind: "plan", sessionId: stripeId("cs") })).toMatchObject({ confirmed: true, plan: { id: "pro" } });
  });

  it("the portal refuses an organization that never bought anything, with what to do instead", async () => {
    const org = await h.organization("Never Bought Co");
    expect(await refusal(org.owner.caller.billing.openPortal())).toMatchObject({ code: "PRECONDITION_FAILED", reason: "BILLING_NO_CUSTOMER" });
  });

  it("Stripe down: a clear, retryable refusal and nothing recorded", async () => {
    const org = await h.organization("Outage Co");
    stripeServer.failNext("POST", /^\/v1\/customers$/);
    expect(await refusal(org.owner.caller.billing.startCheckout({ kind: "plan", interval: "month" }))).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      reason: "STRIPE_UNAVAILABLE",
      message: expect.stringContaining("Nothing was charged"),
    });
    expect(await customerOf(org.id)).toBeNull();
  });

  it("lists the organization's invoices from Stripe, to every member, with their links; only its own", async () => {
    const org = await h.organization("Invoiced Co");
    const { customer, subscription } = await subscribe(org.id);
    const paid = invoiceObject({ customer, subscription: subscription.id, amountPaid: 3_600, periodStart: 1_800_000_000 });
    stripeServer.putInvoice(paid);
    stripeServer.putInvoice(invoiceObject({ customer: stripeId("cus"), amountPaid: 999 }));
    const invoices = await org.member.caller.billing.invoices();
    expect(invoices).toEqual([
      {
        id: paid.id,
        number: paid.number,
        status: "paid",
        total: 3_600,
        amountPaid: 3_600,
        amountDue: 3_600,
        currency: "usd",
        createdAt: new Date(1_800_000_000_000),
        hostedUrl: `https://invoice.stripe.test/i/${paid.id}`,
        pdfUrl: `https://pay.stripe.test/invoice/${paid.id}/pdf`,
      },
    ]);
    stripeServer.failNext("GET", /^\/v1\/invoices$/);
    expect(await refusal(org.member.caller.billing.invoices())).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.stringContaining("Invoices cannot be shown") });
    expect((await org.member.caller.billing.overview()).isCustomer).toBe(true);
  });
});

describe("the plan's limits", () => {
  it("Free: a fourth member can be neither invited nor added by accepting; Pro lifts the limit", async () => {
    const org = await h.organization("Seats Co");
    expect(await memberCount(org.id)).toBe(3);
    const refused = await invite(org.owner, org.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "MEMBER_LIMIT_REACHED", message: expect.stringMatching(/Free plan allows 3 members.*Billing page/) });
    expect(await pendingInvitations(org.id)).toBe(0);

    // An invitation sent while on Pro, accepted after falling back to Free: refused at accepting.
    const { subscription } = await subscribe(org.id);
    const invited = await invite(org.owner, org.id);
    expect(invited.status).toBe(200);
    subscription.status = "canceled";
    await ingestStripeEvent(h.billing!, stripeEvent("customer.subscription.deleted", subscription, { created: ++eventClock }));
    const invitee = await h.auth.signUp({ email: invited.body.email as string });
    const accepted = await invitee.browser.post("/organization/accept-invitation", { invitationId: invited.body.id });
    expect(accepted.status).toBe(403);
    expect(accepted.body.code).toBe("MEMBER_LIMIT_REACHED");
    expect(await memberCount(org.id)).toBe(3);
  });

  it("Free: a lead past 500 is refused with the limit and how to raise it; at the last place, of five at once exactly one gets in", async () => {
    const org = await h.organization("Leads Limit Co");
    await addLeads(org.id, 499);
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => org.member.caller.leads.create({ firstName: `Racer ${i}` })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await leadCount(org.id)).toBe(500);
    const refused = await refusal(org.member.caller.leads.create({ firstName: "One too many" }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", reason: "LEAD_LIMIT_REACHED", message: expect.stringMatching(/Free plan allows 500 leads.*has 500.*Billing page/) });
    expect(await leadCount(org.id)).toBe(500);

    await subscribe(org.id);
    await org.member.caller.leads.create({ firstName: "On Pro" });
    expect(await leadCount(org.id)).toBe(501);
  });

  it("Free: an import that would pass 500 leads imports nothing and says why; one that fits goes in", async () => {
    const org = await h.organization("Import Limit Co");
    await addLeads(org.id, 497);
    const started = await startImport(org, "First name\nA\nB\nC\nD\n");
    expect(await importOf(started)).toMatchObject({ status: "failed", failure: expect.stringMatching(/bring the organization to 501 leads; its plan allows 500\. Nothing was imported/) });
    expect(await leadCount(org.id)).toBe(497);

    const fits = await startImport(org, "First name\nA\nB\nC\n");
    expect(await importOf(fits)).toMatchObject({ status: "completed", insertedRows: 3 });
    expect(await leadCount(org.id)).toBe(500);
    // At the limit, a new import is refused at once.
    const upload = await uploadAs(org.owner, "First name\nE\n");
    expect(await refusal(org.owner.caller.leads.imports.start({ id: upload, mapping: { firstName: 0 }, duplicateMode: "create" }))).toMatchObject({
      reason: "LEAD_LIMIT_REACHED",
    });
  });
});

describe("a payment overdue", () => {
  it("within the grace period: everything works, and the page says until when", async () => {
    const org = await h.organization("Grace Co");
    await subscribe(org.id, "past_due");
    await org.member.caller.leads.create({ firstName: "Still fine" });
    const overview = await org.member.caller.billing.overview();
    expect(overview.entitlements).toMatchObject({ plan: { id: "pro" }, writable: true, overdue: { since: expect.any(Date), graceEndsAt: expect.any(Date) } });
    expect(overview.state.subscription?.pastDueSince).toBeInstanceOf(Date);
    expect(await org.admin.caller.billing.paymentNotice()).toMatchObject({ writable: true, canManage: true, graceEndsAt: overview.entitlements.overdue?.graceEndsAt });
    expect(await org.member.caller.billing.paymentNotice()).toMatchObject({ writable: true, canManage: false });
  });

  it("after the grace period: reads and export work, writes are refused (invitations too), the portal opens; all writable again once an invoice is paid", async () => {
    const org = await h.organization("Overdue Co");
    const { customer, subscription } = await subscribe(org.id, "past_due");
    const [lead] = await h.db.insert(leadTable).values({ organizationId: org.id, firstName: "Kept" }).returning();
    await h.db.execute(sql`update subscription set past_due_since = now() - interval '8 days' where id = ${subscription.id}`);
    const snapshot = async () => ({
      leads: await h.db.select().from(leadTable).where(eq(leadTable.organizationId, org.id)).orderBy(leadTable.id),
      members: await memberCount(org.id),
      invitations: await pendingInvitations(org.id),
    });
    const before = await snapshot();

    // Reads and export.
    expect((await org.member.caller.leads.list({})).items.map((item) => item.firstName)).toEqual(["Kept"]);
    expect((await org.member.caller.billing.overview()).entitlements.writable).toBe(false);
    expect(await org.member.caller.billing.paymentNotice()).toMatchObject({ writable: false, canManage: false });
    const exported = await openOrganizationStream(h.contextFor(org.member.browser.headers()), { permission: { lead: ["read"] } }, async function* () {
      yield "exported";
    });
    expect(await new Response(exported).text()).toBe("exported");

    // Writes: procedures, an upload's entry point, and Better Auth's invitations.
    for (const attempt of [
      () => org.member.caller.leads.create({ firstName: "Refused" }),
      () => org.owner.caller.leads.delete({ id: lead!.id }),
      () => uploadAs(org.owner, "First name\nRefused\n"),
    ]) {
      expect(await refusal(attempt())).toMatchObject({ code: "PAYMENT_REQUIRED", reason: "PAYMENT_OVERDUE", message: expect.stringContaining("Reading and export still work") });
    }
    const invited = await invite(org.owner, org.id);
    expect(invited.status).toBe(402);
    expect(invited.body.code).toBe("PAYMENT_OVERDUE");
    const renamed = await org.owner.browser.post("/organization/update", { organizationId: org.id, data: { name: "Renamed while overdue" } });
    expect([renamed.status, renamed.body.code]).toEqual([402, "PAYMENT_OVERDUE"]);
    const [memberRow] = await h.db.select().from(memberTable).where(and(eq(memberTable.organizationId, org.id), eq(memberTable.userId, org.member.userId)));
    const promoted = await org.owner.browser.post("/organization/update-member-role", { organizationId: org.id, memberId: memberRow!.id, role: "admin" });
    expect([promoted.status, promoted.body.code]).toEqual([402, "PAYMENT_OVERDUE"]);
    expect((await h.db.select().from(organizationTable).where(eq(organizationTable.id, org.id)))[0]?.name).toBe("Overdue Co");
    expect((await h.db.select().from(memberTable).where(eq(memberTable.id, memberRow!.id)))[0]?.role).toBe("member");
    expect(await snapshot()).toEqual(before);

    // Fixing the payment stays possible.
    expect((await org.owner.caller.billing.openPortal()).url).toMatch(/^https:/);

    // The customer pays: invoice.paid, the subscription read back as active.
    subscription.status = "active";
    stripeServer.putSubscription(subscription);
    await ingestStripeEvent(
      h.billing!,
      stripeEvent("invoice.paid", invoiceObject({ customer, subscription: subscription.id, subscriptionMetadata: { organizationId: org.id } }), { created: ++eventClock }),
    );
    expect((await h.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id)))[0]).toMatchObject({ status: "active", pastDueSince: null });
    await org.member.caller.leads.create({ firstName: "Writes again" });
    expect(await org.owner.caller.billing.paymentNotice()).toBeNull();
    expect(await leadCount(org.id)).toBe(2);
    expect((await org.owner.browser.post("/organization/update", { organizationId: org.id, data: { name: "Paid Up Co" } })).status).toBe(200);
  });
});

describe("billing health, for staff", () => {
  it("counts events that need a person and lists failing seat syncs; customers get nothing", async () => {
    const staff = await h.person();
    await h.db.update(userTable).set({ role: "admin", twoFactorEnabled: true }).where(eq(userTable.id, staff.userId));
    const before = await staff.caller.staff.billingHealth();
    // An event for a customer nobody knows: kept as unmatched, visible.
    const stranger = proSubscription(stripeId("cus"), "00000000-0000-4000-8000-000000000000", { metadata: {} });
    await ingestStripeEvent(h.billing!, stripeEvent("customer.subscription.created", stranger, { created: ++eventClock }));
    const after = await staff.caller.staff.billingHealth();
    expect(after.events.unmatched).toBe(before.events.unmatched + 1);

    const org = await h.organization("Not Staff Co");
    expect(await refusal(org.owner.caller.staff.billingHealth())).toMatchObject({ code: "FORBIDDEN" });
  });
});

/** Uploads a CSV as `person`, through the same entry point as the web app's route handler. */
async function uploadAs(person: Person, content: string): Promise<string> {
  async function* body() {
    yield new TextEncoder().encode(content);
  }
  const uploaded = await asOrganizationMember(h.contextFor(person.browser.headers()), { write: true, permission: { lead: ["import"] } }, ({ tx, organization, user }) =>
    uploadLeadImport(tx, { organizationId: organization.id, userId: user.id }, { fileName: "leads.csv", body: body() }),
  );
  return uploaded.id;
}

/** Uploads and starts an import as the owner, and waits for its run. */
async function startImport(org: OrganizationFixture, content: string): Promise<string> {
  const id = await uploadAs(org.owner, content);
  await org.owner.caller.leads.imports.start({ id, mapping: { firstName: 0 }, duplicateMode: "create" });
  // The run the request started, off the request.
  await h.settleBackground();
  return id;
}

const importOf = async (id: string) => (await h.db.select().from(leadImportTable).where(eq(leadImportTable.id, id)))[0];
