import { billingEventTable, organizationTable, subscriptionTable } from "@saas/db";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BillingDeps } from "../deps";
import {
  checkoutSessionObject,
  createTestCatalog,
  invoiceObject,
  startLocalStripeServer,
  stripeEvent,
  stripeId,
  type LocalStripeServer,
} from "../testing";
import { proSubscription } from "../testing/fixtures";
import { ingestStripeEvent, reapplyBillingEvent, retryDelaySeconds } from "../webhooks/ingest-stripe-event";
import { retryBillingEvents } from "./retry-billing-events";

let stripeServer: LocalStripeServer;
let t: TestDatabase;
let deps: BillingDeps;

beforeAll(async () => {
  stripeServer = await startLocalStripeServer();
});
afterAll(() => stripeServer.close());
// A database per test: the job works on every failed event there is.
beforeEach(async () => {
  t = await createTestDatabase();
  deps = { db: t.db, stripe: stripeServer.client(), catalog: createTestCatalog() };
});
afterEach(() => t.dispose());

const eventRow = async (stripeEventId: string) =>
  (await t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, stripeEventId)))[0];
const subscriptionRow = async (id: string) => (await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, id)))[0];
const inTenMinutes = () => new Date(Date.now() + 10 * 60_000);

describe("a pending event", () => {
  it("left behind by a worker that died before applying it, is applied by the retry job once due, once", async () => {
    const { organization } = await createTestOrganization(t.db);
    const customer = stripeId("cus");
    await t.db.update(organizationTable).set({ stripeCustomerId: customer }).where(eq(organizationTable.id, organization.id));
    const subscription = proSubscription(customer, organization.id);
    const event = stripeEvent("customer.subscription.created", subscription);
    // What the inbox's single statement writes before handing an event to the transactional path.
    await t.db.insert(billingEventTable).values({
      stripeEventId: event.id,
      type: event.type,
      organizationId: organization.id,
      stripeCreated: event.created,
      payload: event as unknown as Record<string, unknown>,
      status: "pending",
      attempts: 1,
      nextAttemptAt: new Date(),
    });

    expect(await retryBillingEvents(deps, { now: inTenMinutes() })).toMatchObject({ due: 1, processed: 1 });
    expect(await eventRow(event.id)).toMatchObject({ status: "processed", attempts: 2 });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ organizationId: organization.id, status: "active" });
    expect(await retryBillingEvents(deps, { now: inTenMinutes() })).toMatchObject({ due: 0 });
    // A redelivery from Stripe now is a duplicate.
    expect((await ingestStripeEvent(deps, event)).status).toBe("duplicate");
  });
});

describe("a failed event", () => {
  it("is recorded as failed with its error and everything rolled back; retry-billing-events applies it later, once", async () => {
    const { organization } = await createTestOrganization(t.db);
    const customer = stripeId("cus");
    const inStripe = proSubscription(customer, organization.id);
    stripeServer.putSubscription(inStripe);
    const event = stripeEvent(
      "checkout.session.completed",
      checkoutSessionObject({ mode: "subscription", customer, clientReferenceId: organization.id, subscription: inStripe.id }),
    );
    stripeServer.failNext("GET", new RegExp(`/v1/subscriptions/${inStripe.id}$`));

    expect(await ingestStripeEvent(deps, event)).toMatchObject({ status: "failed", attempts: 1 });

    const failed = await eventRow(event.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed?.lastError).toMatch(/told to fail/);
    expect(failed?.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // The customer link made before the failure was rolled back with it.
    const [unlinked] = await t.db.select().from(organizationTable).where(eq(organizationTable.id, organization.id));
    expect(unlinked?.stripeCustomerId).toBeNull();
    expect(await subscriptionRow(inStripe.id)).toBeUndefined();

    // Not due yet: the job leaves it alone.
    expect(await retryBillingEvents(deps)).toMatchObject({ due: 0 });
    expect(await retryBillingEvents(deps, { now: inTenMinutes() })).toMatchObject({ due: 1, processed: 1, failed: 0 });

    expect(await eventRow(event.id)).toMatchObject({
      status: "processed",
      attempts: 2,
      lastError: null,
      nextAttemptAt: null,
      organizationId: organization.id,
    });
    expect(await subscriptionRow(inStripe.id)).toMatchObject({ status: "active", organizationId: organization.id });
    // Running the job again changes nothing.
    const before = await eventRow(event.id);
    expect(await retryBillingEvents(deps, { now: inTenMinutes() })).toMatchObject({ due: 0, processed: 0 });
    expect(await eventRow(event.id)).toEqual(before);
  });

  it("Stripe's own redelivery of a failed event applies it (before the job's turn)", async () => {
    const { organization } = await createTestOrganization(t.db);
    const customer = stripeId("cus");
    const inStripe = proSubscription(customer, organization.id);
    stripeServer.putSubscription(inStripe);
    const event = stripeEvent(
      "invoice.paid",
      invoiceObject({ customer, subscription: inStripe.id, subscriptionMetadata: { organizationId: organization.id } }),
    );
    stripeServer.failNext("GET", new RegExp(`/v1/subscriptions/${inStripe.id}$`));
    expect((await ingestStripeEvent(deps, event)).status).toBe("failed");

    expect(await ingestStripeEvent(deps, event)).toMatchObject({ status: "processed", organizationId: organization.id });
    expect(await eventRow(event.id)).toMatchObject({ status: "processed", attempts: 2, lastError: null });
    expect(await subscriptionRow(inStripe.id)).toMatchObject({ status: "active" });
    expect(await retryBillingEvents(deps, { now: inTenMinutes() })).toMatchObject({ due: 0 });
  });

  it("is retried with a growing delay, then marked dead after the last attempt", async () => {
    const { organization } = await createTestOrganization(t.db);
    // The API does not know this subscription: every attempt fails.
    const event = stripeEvent(
      "invoice.paid",
      invoiceObject({ customer: stripeId("cus"), subscription: stripeId("sub"), subscriptionMetadata: { organizationId: organization.id } }),
    );
    expect((await ingestStripeEvent(deps, event)).status).toBe("failed");

    const delays: number[] = [];
    for (let attempt = 2; attempt <= 4; attempt++) {
      const row = await eventRow(event.id);
      delays.push(row!.nextAttemptAt!.getTime() - row!.updatedAt.getTime());
      const result = await retryBillingEvents(deps, { now: new Date(row!.nextAttemptAt!.getTime() + 1_000), maxAttempts: 4 });
      expect(result).toMatchObject(attempt < 4 ? { due: 1, failed: 1 } : { due: 1, dead: 1 });
    }
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(delays[2]).toBeGreaterThan(delays[1]!);
    const dead = await eventRow(event.id);
    expect(dead).toMatchObject({ status: "dead", attempts: 4, nextAttemptAt: null });
    expect(dead?.lastError).toContain("No such subscription");
    // Dead events are left to people: the job does not pick them up again.
    expect(await retryBillingEvents(deps, { now: new Date(Date.now() + 7 * 86_400_000) })).toMatchObject({ due: 0 });
  });

  it("a dead event replayed by staff after the cause is fixed is applied", async () => {
    const { organization } = await createTestOrganization(t.db);
    const customer = stripeId("cus");
    const subscription = proSubscription(customer, organization.id);
    const event = stripeEvent(
      "invoice.paid",
      invoiceObject({ customer, subscription: subscription.id, subscriptionMetadata: { organizationId: organization.id } }),
    );
    expect((await ingestStripeEvent(deps, event)).status).toBe("failed");
    await retryBillingEvents(deps, { now: inTenMinutes(), maxAttempts: 2 });
    expect((await eventRow(event.id))?.status).toBe("dead");

    stripeServer.putSubscription(subscription);
    expect(await reapplyBillingEvent(deps, event.id, { reason: "replay" })).toMatchObject({ status: "processed" });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "active" });
    // Replaying a processed event does nothing.
    expect(await reapplyBillingEvent(deps, event.id, { reason: "replay" })).toMatchObject({ status: "duplicate" });
  });
});

describe("retryDelaySeconds", () => {
  it("doubles from one minute and stops at six hours", () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([60, 120, 240, 480]);
    expect(retryDelaySeconds(30)).toBe(6 * 3600);
  });
});
