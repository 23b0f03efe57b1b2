import { ingestStripeEvent, reapplyBillingEvent } from "@saas/billing";
import { invoiceObject, proSubscription, startLocalStripeServer, stripeEvent, stripeId, type LocalStripeServer } from "@saas/billing/testing";
import { billingEventTable, organizationTable, staffAuditLogTable, subscriptionTable } from "@saas/db";
import { createTestOrganization } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness, type Person } from "./testing";

let stripeServer: LocalStripeServer;
let h: ApiHarness;
let staff: Person;

beforeAll(async () => {
  stripeServer = await startLocalStripeServer();
  h = await createApiHarness({ stripe: stripeServer.client() });
  staff = await h.staff();
});
afterAll(async () => {
  await h.dispose();
  await stripeServer.close();
});

const asStaff = () => h.callerFor(staff.browser.headers());
const eventRow = async (stripeEventId: string) => (await h.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, stripeEventId)))[0]!;
const auditOf = (eventId: string) => h.db.select().from(staffAuditLogTable).where(eq(staffAuditLogTable.targetId, eventId));
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "answered",
    (error: { code?: string; cause?: { reason?: string } }) => `${error.code}:${error.cause?.reason ?? ""}`,
  );

/** An `invoice.paid` for a subscription Stripe does not know yet: the inbox records it as failed. */
async function failedEvent() {
  const { organization } = await createTestOrganization(h.db);
  const subscription = proSubscription(stripeId("cus"), organization.id);
  const event = stripeEvent("invoice.paid", invoiceObject({ customer: subscription.customer as string, subscription: subscription.id, subscriptionMetadata: { organizationId: organization.id } }));
  expect((await ingestStripeEvent(h.billing!, event)).status).toBe("failed");
  return { organization, subscription, event, row: await eventRow(event.id) };
}

describe("staff: billing events", () => {
  it("lists by status, type and organization, newest first, with the error and attempts; one in detail with its payload", async () => {
    const { organization, event, row } = await failedEvent();
    const failed = await asStaff().staff.billingEvents.list({ status: "failed", organizationId: organization.id });
    expect(failed.items).toEqual([expect.objectContaining({ id: row.id, stripeEventId: event.id, type: "invoice.paid", attempts: 1, organizationName: organization.name })]);
    expect(failed.items[0]?.lastError).toContain("No such subscription");
    expect((await asStaff().staff.billingEvents.list({ status: "processed", organizationId: organization.id })).items).toEqual([]);
    expect((await asStaff().staff.billingEvents.list({ stripeEventId: event.id })).items.map((e) => e.id)).toEqual([row.id]);
    const detail = await asStaff().staff.billingEvents.get({ eventId: row.id });
    expect(detail.replayable).toBe(true);
    expect(detail.event.payload).toMatchObject({ id: event.id, type: "invoice.paid" });
    await expect(reasonOf(asStaff().staff.billingEvents.list({ status: "lost" as "failed" }))).resolves.toBe("BAD_REQUEST:VALIDATION_ERROR");
  });

  it("replay: a failed event replayed once the cause is fixed is applied, with one audit entry in the same transaction; a second replay is refused", async () => {
    const { subscription, row } = await failedEvent();
    stripeServer.putSubscription(subscription);
    const outcome = await asStaff().staff.billingEvents.replay({ eventId: row.id, reason: "Subscription exists in Stripe now" });
    expect(outcome).toMatchObject({ status: "processed" });
    expect((await eventRow(row.stripeEventId)).status).toBe("processed");
    expect((await h.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id)))[0]).toMatchObject({ status: "active" });
    const audit = await auditOf(row.id);
    expect(audit).toEqual([
      expect.objectContaining({ action: "billing_event.replay", actorId: staff.userId, reason: "Subscription exists in Stripe now", before: { status: "failed" }, after: expect.objectContaining({ status: "processed" }) }),
    ]);

    const before = await eventRow(row.stripeEventId);
    expect(await reasonOf(asStaff().staff.billingEvents.replay({ eventId: row.id, reason: "Once more" }))).toBe("CONFLICT:NOT_REPLAYABLE");
    expect(await eventRow(row.stripeEventId)).toEqual(before);
    expect(await auditOf(row.id)).toHaveLength(1);
  });

  it("a replay that fails again records the attempt on the event and writes no audit entry", async () => {
    const { row } = await failedEvent();
    const outcome = await asStaff().staff.billingEvents.replay({ eventId: row.id, reason: "Trying again" });
    expect(outcome).toMatchObject({ status: "failed", attempts: 2 });
    expect((await eventRow(row.stripeEventId)).attempts).toBe(2);
    expect(await auditOf(row.id)).toEqual([]);
  });

  it("refusals change nothing: no reason, an unknown event, billing not configured", async () => {
    const { row } = await failedEvent();
    const unbilled = await createApiHarness();
    try {
      const outsider = await unbilled.staff();
      expect(
        await Promise.all([
          reasonOf(asStaff().staff.billingEvents.replay({ eventId: row.id, reason: "" })),
          reasonOf(asStaff().staff.billingEvents.replay({ eventId: crypto.randomUUID(), reason: "Nothing there" })),
          reasonOf(unbilled.callerFor(outsider.browser.headers()).staff.billingEvents.replay({ eventId: row.id, reason: "No Stripe here" })),
        ]),
      ).toEqual(["BAD_REQUEST:VALIDATION_ERROR", "NOT_FOUND:", "SERVICE_UNAVAILABLE:BILLING_NOT_CONFIGURED"]);
    } finally {
      await unbilled.dispose();
    }
    expect(await eventRow(row.stripeEventId)).toEqual(row);
    expect(await auditOf(row.id)).toEqual([]);
  });
});

describe("staff: attach an unmatched event's customer to an organization", () => {
  /** A subscription event for a customer nobody knows: unmatched. */
  async function unmatchedEvent() {
    const { organization } = await createTestOrganization(h.db);
    const customer = stripeId("cus");
    const subscription = { ...proSubscription(customer, organization.id), metadata: {} };
    const event = stripeEvent("customer.subscription.created", subscription);
    stripeServer.putSubscription(subscription);
    expect((await ingestStripeEvent(h.billing!, event)).status).toBe("unmatched");
    return { organization, customer, subscription, row: await eventRow(event.id) };
  }

  it("links the customer, requeues its unmatched events, one audit entry; a replay then applies the event to that organization", async () => {
    const { organization, customer, subscription, row } = await unmatchedEvent();
    const result = await asStaff().staff.billingEvents.attach({ eventId: row.id, organizationSlug: organization.slug, reason: "Customer emailed us their receipt" });
    expect(result).toEqual({ requeued: 1 });
    expect((await h.db.select().from(organizationTable).where(eq(organizationTable.id, organization.id)))[0]?.stripeCustomerId).toBe(customer);
    expect((await eventRow(row.stripeEventId)).status).toBe("pending");
    expect(await auditOf(row.id)).toEqual([expect.objectContaining({ action: "billing_event.attach", subjectOrganizationId: organization.id, after: { stripeCustomerId: customer, eventsRequeued: 1 } })]);
    // The retry job would apply it; a replay does it now.
    expect(await asStaff().staff.billingEvents.replay({ eventId: row.id, reason: "Apply it now" }).catch((error: { cause?: { reason?: string } }) => error.cause?.reason)).toBe("NOT_REPLAYABLE");
    await reapplyBillingEvent(h.billing!, row.stripeEventId, { reason: "retry" });
    expect((await h.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id)))[0]).toMatchObject({ organizationId: organization.id });
  });

  it("refused, with nothing written: an organization with another customer, a customer that is someone else's, an event that is not unmatched, an unknown slug", async () => {
    const first = await unmatchedEvent();
    const other = await createTestOrganization(h.db);
    await h.db.update(organizationTable).set({ stripeCustomerId: stripeId("cus") }).where(eq(organizationTable.id, other.organization.id));
    const taken = await createTestOrganization(h.db);
    const second = await unmatchedEvent();
    await h.db.update(organizationTable).set({ stripeCustomerId: second.customer }).where(eq(organizationTable.id, taken.organization.id));
    const { row: failed } = await failedEvent();
    const attach = (eventId: string, organizationSlug: string) => reasonOf(asStaff().staff.billingEvents.attach({ eventId, organizationSlug, reason: "Checking" }));
    expect(
      await Promise.all([
        attach(first.row.id, other.organization.slug),
        attach(second.row.id, first.organization.slug),
        attach(failed.id, first.organization.slug),
        attach(first.row.id, "no-such-organization"),
      ]),
    ).toEqual(["CONFLICT:OTHER_CUSTOMER", "CONFLICT:CUSTOMER_TAKEN", "CONFLICT:NOT_UNMATCHED", "NOT_FOUND:NOT_FOUND"]);
    for (const row of [first.row, second.row]) {
      expect(await eventRow(row.stripeEventId)).toEqual(row);
      expect(await auditOf(row.id)).toEqual([]);
    }
    expect((await h.db.select().from(organizationTable).where(eq(organizationTable.id, first.organization.id)))[0]?.stripeCustomerId).toBeNull();
  });
});
