import {
  checkoutSessionObject,
  signStripeEvent,
  startLocalStripeServer,
  stripeEvent,
  stripeId,
  subscriptionObject,
  TEST_PRICES,
  TEST_WEBHOOK_SECRET,
  type LocalStripeServer,
} from "@saas/billing/testing";
import { createCustomerOrganization, proSubscription } from "@saas/billing/testing/fixtures";
import { billingEventTable, creditTransactionTable, orderTable, subscriptionTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { deliver, postWebhook, testWorkerDeps, triggerJob, type TestApp } from "../testing/test-worker";
import { WEBHOOK_BODY_LIMIT_BYTES } from "./stripe-webhook";

let t: TestDatabase;
let stripeServer: LocalStripeServer;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDatabase({ max: 20 });
  stripeServer = await startLocalStripeServer();
  app = createApp(testWorkerDeps(t.db, stripeServer.client()));
});
afterAll(async () => {
  await stripeServer.close();
  await t.dispose();
});

/** Every billing row there is, to show a refused request changed nothing. */
async function billingSnapshot() {
  const rows = async (table: typeof billingEventTable | typeof subscriptionTable | typeof orderTable | typeof creditTransactionTable) =>
    (await t.db.select({ n: count() }).from(table))[0]?.n;
  return {
    events: await rows(billingEventTable),
    subscriptions: await rows(subscriptionTable),
    orders: await rows(orderTable),
    credits: await rows(creditTransactionTable),
    latest: await t.db.execute(sql`select max(updated_at) as at from subscription`),
  };
}

async function aSubscriptionEvent() {
  const { organization, customer } = await createCustomerOrganization(t.db);
  return stripeEvent("customer.subscription.created", proSubscription(customer, organization.id));
}

describe("POST /webhooks/stripe refuses what Stripe did not send, with 400 and nothing written", () => {
  it.each([
    ["no Stripe-Signature header", /Missing Stripe-Signature/],
    ["a signature made with another secret", /No signatures found/],
    ["one byte of the body changed after signing", /No signatures found/],
    ["one byte of the signature changed", /No signatures found/],
    ["a timestamp older than the tolerance (a replayed delivery)", /Timestamp outside the tolerance zone/],
    ["a signature header that is not one", /Unable to extract timestamp and signatures/],
  ])("%s", async (label, message) => {
    const event = await aSubscriptionEvent();
    const signed = signStripeEvent(event, TEST_WEBHOOK_SECRET);
    const requests: Record<string, () => Promise<Response>> = {
      "no Stripe-Signature header": () => postWebhook(app, signed.payload),
      "a signature made with another secret": () => deliver(app, event, { secret: "whsec_someone_else" }),
      "one byte of the body changed after signing": () =>
        postWebhook(app, signed.payload.replace('"status": "active"', '"status": "activf"'), signed.signature),
      "one byte of the signature changed": () => {
        const last = signed.signature.at(-1) === "0" ? "1" : "0";
        return postWebhook(app, signed.payload, signed.signature.slice(0, -1) + last);
      },
      "a timestamp older than the tolerance (a replayed delivery)": () =>
        deliver(app, event, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      "a signature header that is not one": () => postWebhook(app, signed.payload, "garbage"),
    };
    const before = await billingSnapshot();

    const response = await requests[label]!();

    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("BAD_SIGNATURE");
    expect(body.error.message).toMatch(message);
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
    expect(await t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, event.id))).toEqual([]);
    expect(await billingSnapshot()).toEqual(before);
  });

  it("a body over the size limit: 413, nothing written", async () => {
    const before = await billingSnapshot();
    const response = await postWebhook(app, "x".repeat(WEBHOOK_BODY_LIMIT_BYTES + 1), "t=1,v1=00");
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await billingSnapshot()).toEqual(before);
  });

  it("while billing or the webhook secret is not configured: 503, nothing written", async () => {
    const event = await aSubscriptionEvent();
    const before = await billingSnapshot();
    const unconfigured = createApp(testWorkerDeps(t.db, null));
    expect((await deliver(unconfigured, event)).status).toBe(503);
    const deps = testWorkerDeps(t.db, stripeServer.client());
    const noSecret = createApp({ ...deps, billing: { ...deps.billing!, webhookSecrets: [] } });
    const response = await deliver(noSecret, event);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "WEBHOOKS_NOT_CONFIGURED" } });
    expect(await billingSnapshot()).toEqual(before);
  });
});

describe("POST /webhooks/stripe applies a genuine event exactly once", () => {
  it("accepts an event signed with a secret being rolled out (several configured)", async () => {
    const deps = testWorkerDeps(t.db, stripeServer.client());
    const rolling = createApp({ ...deps, billing: { ...deps.billing!, webhookSecrets: ["whsec_new_one", TEST_WEBHOOK_SECRET] } });
    const response = await deliver(rolling, await aSubscriptionEvent());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, status: "processed" });
  });

  it("the same event twice in a row: 200 both times, one event row, one subscription", async () => {
    const event = await aSubscriptionEvent();
    const first = await deliver(app, event);
    const second = await deliver(app, event);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual({ received: true, status: "duplicate" });
    const recorded = await t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, event.id));
    expect(recorded).toHaveLength(1);
    // The body as received is what is kept.
    expect(recorded[0]?.payload).toEqual(JSON.parse(JSON.stringify(event)));
    const subscription = event.data.object as { id: string };
    expect(await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id))).toHaveLength(1);
  });

  it("a credit-pack checkout delivered 20 times at once: 200 each, one event row, one order, credits once", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const event = stripeEvent(
      "checkout.session.completed",
      checkoutSessionObject({
        mode: "payment",
        customer,
        clientReferenceId: organization.id,
        metadata: { organizationId: organization.id, productId: "credit-pack", quantity: "1" },
      }),
    );
    const responses = await Promise.all(Array.from({ length: 20 }, () => deliver(app, event)));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const statuses = await Promise.all(responses.map(async (r) => ((await r.json()) as { status: string }).status));
    expect(statuses.filter((s) => s === "processed")).toHaveLength(1);
    expect(await t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, event.id))).toHaveLength(1);
    expect(await t.db.select().from(orderTable).where(eq(orderTable.organizationId, organization.id))).toHaveLength(1);
    const credits = await t.db.select().from(creditTransactionTable).where(eq(creditTransactionTable.organizationId, organization.id));
    expect(credits).toMatchObject([{ amount: 1_000, reason: "purchase" }]);
  });

  it("an event for an unknown customer: 200 (Stripe must not retry it), stored as unmatched and visible", async () => {
    const event = stripeEvent("customer.subscription.created", subscriptionObject({ customer: stripeId("cus"), items: [{ price: TEST_PRICES.proMonthly }] }));
    const response = await deliver(app, event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, status: "unmatched" });
    const unmatched = await t.db.select().from(billingEventTable).where(eq(billingEventTable.status, "unmatched"));
    expect(unmatched.find((row) => row.stripeEventId === event.id)).toMatchObject({ organizationId: null, type: event.type });
  });

  it("a handler failure: 500 so Stripe retries, the event kept as failed with its error; retry-billing-events applies it", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const inStripe = proSubscription(customer, organization.id);
    stripeServer.putSubscription(inStripe);
    const event = stripeEvent(
      "checkout.session.completed",
      checkoutSessionObject({ mode: "subscription", customer, clientReferenceId: organization.id, subscription: inStripe.id }),
    );
    stripeServer.failNext("GET", new RegExp(`/v1/subscriptions/${inStripe.id}$`));

    const response = await deliver(app, event);

    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: "EVENT_NOT_APPLIED" } });
    const [failed] = await t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, event.id));
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed?.lastError).toMatch(/told to fail/);
    expect(await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, inStripe.id))).toEqual([]);

    // A few minutes later, its backoff has elapsed.
    await t.db.update(billingEventTable).set({ nextAttemptAt: new Date(Date.now() - 1_000) }).where(eq(billingEventTable.stripeEventId, event.id));
    const retried = await triggerJob(app, "retry-billing-events");
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ status: "ran", result: { due: 1, processed: 1 } });
    expect((await t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, event.id)))[0]).toMatchObject({
      status: "processed",
      attempts: 2,
    });
    expect(await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, inStripe.id))).toMatchObject([
      { status: "active", organizationId: organization.id },
    ]);
    // Stripe's own redelivery, afterwards, is acknowledged and changes nothing.
    const redelivered = await deliver(app, event);
    expect(await redelivered.json()).toEqual({ received: true, status: "duplicate" });
  });
});
