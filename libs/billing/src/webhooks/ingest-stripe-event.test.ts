import {
  billingEventTable,
  createDb,
  creditTransactionTable,
  orderItemTable,
  orderTable,
  organizationTable,
  subscriptionItemTable,
  subscriptionTable,
  SubscriptionStatuses,
  type Database,
} from "@saas/db";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { asc, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCreditBalance } from "../credits";
import type { BillingDeps } from "../deps";
import {
  chargeObject,
  checkoutSessionObject,
  createTestCatalog,
  invoiceObject,
  startLocalStripeServer,
  stripeEvent,
  stripeId,
  subscriptionObject,
  TEST_PRICES,
  type LocalStripeServer,
} from "../testing";
import { createCustomerOrganization, proSubscription } from "../testing/fixtures";
import { retryBillingEvents } from "../jobs/retry-billing-events";
import { ingestStripeEvent } from "./ingest-stripe-event";

let t: TestDatabase;
let stripeServer: LocalStripeServer;
let deps: BillingDeps;
const catalog = createTestCatalog();

beforeAll(async () => {
  t = await createTestDatabase({ max: 20 });
  stripeServer = await startLocalStripeServer();
  deps = { db: t.db, stripe: stripeServer.client(), catalog };
});
afterAll(async () => {
  await stripeServer.close();
  await t.dispose();
});

const eventRows = (stripeEventId: string) =>
  t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, stripeEventId));
const subscriptionRow = async (id: string) =>
  (await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, id)))[0];
const itemRows = (subscriptionId: string) =>
  t.db.select().from(subscriptionItemTable).where(eq(subscriptionItemTable.subscriptionId, subscriptionId)).orderBy(asc(subscriptionItemTable.id));

describe("customer.subscription.* events", () => {
  it("write the subscription and its items, map the plan, and record the event as processed", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id, { trialStart: 1_799_000_000, trialEnd: 1_800_000_000 });
    const event = stripeEvent("customer.subscription.created", subscription);

    const outcome = await ingestStripeEvent(deps, event);

    expect(outcome).toMatchObject({ status: "processed", organizationId: organization.id });
    expect(await subscriptionRow(subscription.id)).toMatchObject({
      organizationId: organization.id,
      stripeCustomerId: customer,
      status: "active",
      planId: "pro",
      quantity: 3,
      currentPeriodStart: new Date(1_800_000_000_000),
      currentPeriodEnd: new Date(1_802_592_000_000),
      trialEnd: new Date(1_800_000_000_000),
      lastEventCreated: event.created,
    });
    const items = await itemRows(subscription.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ stripePriceId: TEST_PRICES.proMonthly, quantity: 3, organizationId: organization.id });
    const [recorded] = await eventRows(event.id);
    expect(recorded).toMatchObject({ status: "processed", attempts: 1, organizationId: organization.id, type: event.type });
    expect(recorded?.payload).toEqual(JSON.parse(JSON.stringify(event)));
  });

  it("replace the items as a whole when they change", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const first = proSubscription(customer, organization.id, {
      items: [
        { id: "si_keep_" + organization.slug, price: TEST_PRICES.proMonthly, quantity: 2 },
        { id: "si_drop_" + organization.slug, price: "price_addon", quantity: 1 },
      ],
    });
    await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", first, { created: 1_000 }));
    const second = proSubscription(customer, organization.id, {
      id: first.id,
      items: [
        { id: "si_keep_" + organization.slug, price: TEST_PRICES.proYearly, quantity: 5 },
        { id: "si_new_" + organization.slug, price: "price_other_addon", quantity: 2 },
      ],
    });
    await ingestStripeEvent(deps, stripeEvent("customer.subscription.updated", second, { created: 1_001 }));

    const items = await itemRows(first.id);
    expect(items.map((item) => [item.id, item.stripePriceId, item.quantity])).toEqual([
      ["si_keep_" + organization.slug, TEST_PRICES.proYearly, 5],
      ["si_new_" + organization.slug, "price_other_addon", 2],
    ]);
    expect(await subscriptionRow(first.id)).toMatchObject({ planId: "pro", quantity: 5 });
  });

  it.each(SubscriptionStatuses)("map Stripe status %s to the same status", async (status) => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id, { status });
    const outcome = await ingestStripeEvent(deps, stripeEvent("customer.subscription.updated", subscription));
    expect(outcome.status).toBe("processed");
    expect((await subscriptionRow(subscription.id))?.status).toBe(status);
  });

  it("refuse a status this code does not know: the event fails with the status named, nothing is written", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id, { status: "on_vacation" as Stripe.Subscription.Status });
    const event = stripeEvent("customer.subscription.created", subscription);
    const outcome = await ingestStripeEvent(deps, event);
    expect(outcome).toMatchObject({ status: "failed", attempts: 1 });
    expect(outcome.error).toContain('"on_vacation"');
    expect(await subscriptionRow(subscription.id)).toBeUndefined();
    expect(await itemRows(subscription.id)).toEqual([]);
    const [recorded] = await eventRows(event.id);
    // Resolved before it failed: staff find it among the organization's failed events.
    expect(recorded).toMatchObject({ status: "failed", attempts: 1, organizationId: organization.id });
    expect(recorded?.lastError).toContain("on_vacation");
    expect(recorded?.nextAttemptAt).toBeInstanceOf(Date);
  });

  it.each([
    ["customer.subscription.paused", { status: "paused" }],
    ["customer.subscription.resumed", { status: "active" }],
    ["customer.subscription.trial_will_end", { status: "trialing", trialStart: 2_400, trialEnd: 2_600 }],
    ["customer.subscription.pending_update_applied", { status: "active", quantity: 7 }],
    ["customer.subscription.pending_update_expired", { status: "past_due" }],
  ] as const)("%s writes the subscription it carries", async (type, change) => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id);
    await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", subscription, { created: 2_400 }));
    const quantity = "quantity" in change ? change.quantity : 3;
    const changed = proSubscription(customer, organization.id, {
      id: subscription.id,
      ...change,
      items: [{ id: subscription.items.data[0]!.id, price: TEST_PRICES.proMonthly, quantity }],
    });
    const outcome = await ingestStripeEvent(deps, stripeEvent(type, changed, { created: 2_401 }));
    expect(outcome.status).toBe("processed");
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: change.status, quantity, lastEventCreated: 2_401 });
  });

  it("deleted: the subscription is kept as canceled, with when it ended", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id);
    await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", subscription, { created: 2_000 }));
    const ended = { ...proSubscription(customer, organization.id, { id: subscription.id, status: "canceled", canceledAt: 2_100, endedAt: 2_100 }) };
    await ingestStripeEvent(deps, stripeEvent("customer.subscription.deleted", ended, { created: 2_100 }));
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "canceled", endedAt: new Date(2_100_000), canceledAt: new Date(2_100_000) });
  });

  it("link the organization to its Stripe customer when the subscription names the organization", async () => {
    const { organization } = await createTestOrganization(t.db);
    const customer = stripeId("cus");
    const subscription = proSubscription(customer, organization.id);
    expect((await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", subscription))).status).toBe("processed");
    const [linked] = await t.db.select().from(organizationTable).where(eq(organizationTable.id, organization.id));
    expect(linked?.stripeCustomerId).toBe(customer);
  });
});

describe("delivered more than once", () => {
  it("the same subscription event twice in a row: one event row, one subscription, applied once", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const event = stripeEvent("customer.subscription.created", proSubscription(customer, organization.id));
    expect((await ingestStripeEvent(deps, event)).status).toBe("processed");
    const [before] = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.organizationId, organization.id));

    expect((await ingestStripeEvent(deps, event)).status).toBe("duplicate");

    expect(await eventRows(event.id)).toHaveLength(1);
    const after = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.organizationId, organization.id));
    expect(after).toEqual([before]);
  });

  it("the same subscription event 20 times at once: one applied, 19 acknowledged, the state written once", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id);
    const event = stripeEvent("customer.subscription.created", subscription);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => ingestStripeEvent(deps, event)));
    expect(outcomes.filter((o) => o.status === "processed")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(19);
    expect(await eventRows(event.id)).toMatchObject([{ status: "processed", attempts: 1 }]);
    expect(await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.organizationId, organization.id))).toHaveLength(1);
    expect(await itemRows(subscription.id)).toHaveLength(1);
  });

  it("an unhandled event delivered twice: recorded once, as ignored", async () => {
    const event = stripeEvent("customer.updated", { object: "customer" });
    expect((await ingestStripeEvent(deps, event)).status).toBe("ignored");
    expect((await ingestStripeEvent(deps, event)).status).toBe("duplicate");
    expect(await eventRows(event.id)).toMatchObject([{ status: "ignored", attempts: 1 }]);
  });

  it("a paid credit-pack checkout 20 times at once: one order, one item, credits granted once", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const session = checkoutSessionObject({
      mode: "payment",
      customer,
      clientReferenceId: organization.id,
      metadata: { organizationId: organization.id, productId: "credit-pack", quantity: "2" },
      amountTotal: 2_000,
    });
    const event = stripeEvent("checkout.session.completed", session);

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => ingestStripeEvent(deps, event)));

    expect(outcomes.filter((o) => o.status === "processed")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(19);
    expect(await eventRows(event.id)).toHaveLength(1);
    const orders = await t.db.select().from(orderTable).where(eq(orderTable.organizationId, organization.id));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: "paid", amountTotal: 2_000, stripeCheckoutSessionId: session.id });
    const items = await t.db.select().from(orderItemTable).where(eq(orderItemTable.orderId, orders[0]!.id));
    expect(items).toMatchObject([{ stripePriceId: TEST_PRICES.creditPack, quantity: 2, unitAmount: 1_000, amountTotal: 2_000 }]);
    const credits = await t.db.select().from(creditTransactionTable).where(eq(creditTransactionTable.organizationId, organization.id));
    expect(credits).toMatchObject([{ amount: 2_000, reason: "purchase", orderId: orders[0]!.id }]);
    expect(await getCreditBalance(t.db, organization.id)).toBe(2_000);
  });
});

describe("events out of order", () => {
  it("subscription.updated(active) then an older subscription.created(incomplete): stays active", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const id = stripeId("sub");
    const created = stripeEvent("customer.subscription.created", proSubscription(customer, organization.id, { id, status: "incomplete" }), { created: 5_000 });
    const updated = stripeEvent("customer.subscription.updated", proSubscription(customer, organization.id, { id, status: "active" }), { created: 5_001 });

    expect((await ingestStripeEvent(deps, updated)).status).toBe("processed");
    const stale = await ingestStripeEvent(deps, created);

    expect(stale.status).toBe("processed");
    expect(stale.notes.join()).toContain("stale");
    expect(await subscriptionRow(id)).toMatchObject({ status: "active", lastEventCreated: 5_001 });
    expect((await eventRows(created.id))[0]?.status).toBe("processed");
  });

  it("invoice.paid before checkout.session.completed (and before the subscription events): ends active and linked", async () => {
    const { organization } = await createTestOrganization(t.db);
    const customer = stripeId("cus");
    const inStripe = proSubscription(customer, organization.id, { status: "active" });
    stripeServer.putSubscription(inStripe);
    const invoicePaid = stripeEvent(
      "invoice.paid",
      invoiceObject({ customer, subscription: inStripe.id, subscriptionMetadata: { organizationId: organization.id } }),
      { created: 7_002 },
    );
    const completed = stripeEvent(
      "checkout.session.completed",
      checkoutSessionObject({ mode: "subscription", customer, clientReferenceId: organization.id, subscription: inStripe.id }),
      { created: 7_001 },
    );
    const createdIncomplete = stripeEvent(
      "customer.subscription.created",
      proSubscription(customer, organization.id, { id: inStripe.id, status: "incomplete" }),
      { created: 7_000 },
    );

    for (const event of [invoicePaid, completed, createdIncomplete]) {
      expect((await ingestStripeEvent(deps, event)).status).toBe("processed");
    }

    expect(await subscriptionRow(inStripe.id)).toMatchObject({
      organizationId: organization.id,
      status: "active",
      quantity: 3,
      currentPeriodEnd: new Date(1_802_592_000_000),
    });
    const [linked] = await t.db.select().from(organizationTable).where(eq(organizationTable.id, organization.id));
    expect(linked?.stripeCustomerId).toBe(customer);
  });

  // Stripe's `created` is in whole seconds: events of one second cannot be ordered by it.
  it.each([
    ["updated(active) then created(incomplete)", ["active", "incomplete"]],
    ["created(incomplete) then updated(active)", ["incomplete", "active"]],
  ] as const)("two events of the same second, %s: the state is read from Stripe, and is active", async (_name, order) => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const id = stripeId("sub");
    stripeServer.putSubscription(proSubscription(customer, organization.id, { id, status: "active" }));
    const [first, second] = order.map((status) =>
      stripeEvent(
        status === "incomplete" ? "customer.subscription.created" : "customer.subscription.updated",
        proSubscription(customer, organization.id, { id, status }),
        { created: 12_000 },
      ),
    );
    const readsBefore = stripeServer.requests.filter((r) => r.method === "GET" && r.path === `/v1/subscriptions/${id}`).length;

    expect((await ingestStripeEvent(deps, first!)).status).toBe("processed");
    expect((await ingestStripeEvent(deps, second!)).status).toBe("processed");

    expect(await subscriptionRow(id)).toMatchObject({ status: "active", lastEventCreated: 12_000 });
    const reads = stripeServer.requests.filter((r) => r.method === "GET" && r.path === `/v1/subscriptions/${id}`).length;
    expect(reads - readsBefore).toBe(1);
  });

  it("invoice.paid whose subscription changes while Stripe is read: the newer event is not overwritten, the read is repeated", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const id = stripeId("sub");
    const itemId = stripeId("si");
    const state = (status: Stripe.Subscription.Status, quantity: number) =>
      proSubscription(customer, organization.id, { id, status, items: [{ id: itemId, price: TEST_PRICES.proMonthly, quantity }] });
    await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", state("incomplete", 3), { created: 13_000 }));
    stripeServer.putSubscription(state("active", 3));
    // While the invoice's read is on the wire, a seat is added in Stripe and its event applied.
    stripeServer.whileAnswering("GET", new RegExp(`^/v1/subscriptions/${id}$`), async () => {
      stripeServer.putSubscription(state("active", 4));
      await ingestStripeEvent(deps, stripeEvent("customer.subscription.updated", state("active", 4), { created: 13_002 }));
    });

    const paid = stripeEvent("invoice.paid", invoiceObject({ customer, subscription: id }), { created: 13_001 });
    expect((await ingestStripeEvent(deps, paid)).status).toBe("processed");

    expect(await subscriptionRow(id)).toMatchObject({ status: "active", quantity: 4, lastEventCreated: 13_002 });
    expect(await itemRows(id)).toMatchObject([{ id: itemId, quantity: 4 }]);
    expect(stripeServer.requests.filter((r) => r.method === "GET" && r.path === `/v1/subscriptions/${id}`)).toHaveLength(2);
  });

  it("invoice.payment_failed: the subscription's dunning state is read from Stripe", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id, { status: "active" });
    await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", subscription, { created: 14_000 }));
    stripeServer.putSubscription({ ...subscription, status: "past_due" });
    const failed = stripeEvent("invoice.payment_failed", invoiceObject({ customer, subscription: subscription.id, status: "open" }), { created: 14_001 });
    expect((await ingestStripeEvent(deps, failed)).status).toBe("processed");
    expect(await subscriptionRow(subscription.id)).toMatchObject({ status: "past_due", lastEventCreated: 14_001 });
  });

  it("created and updated for one subscription, 50 at once on 50 connections: one row, no errors, the newest wins", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const id = stripeId("sub");
    const itemId = stripeId("si");
    const events = Array.from({ length: 50 }, (_, i) =>
      stripeEvent(
        i === 0 ? "customer.subscription.created" : "customer.subscription.updated",
        proSubscription(customer, organization.id, {
          id,
          status: i === 0 ? "incomplete" : "active",
          items: [{ id: itemId, price: TEST_PRICES.proMonthly, quantity: i + 1 }],
        }),
        { created: 9_000 + i },
      ),
    );
    const connections: Database[] = events.map(() => createDb(t.url, { max: 1 }));
    try {
      const outcomes = await Promise.all(events.map((event, i) => ingestStripeEvent({ ...deps, db: connections[i]! }, event)));
      expect(outcomes.map((o) => o.status)).toEqual(events.map(() => "processed"));
    } finally {
      await Promise.all(connections.map((db) => db.close()));
    }
    const rows = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.organizationId, organization.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, status: "active", quantity: 50, lastEventCreated: 9_049 });
    expect(await itemRows(id)).toMatchObject([{ id: itemId, quantity: 50 }]);
  });
});

describe("one-time orders", () => {
  function creditPackSession(customer: string, organizationId: string, overrides: Partial<Parameters<typeof checkoutSessionObject>[0]> = {}) {
    return checkoutSessionObject({
      mode: "payment",
      customer,
      clientReferenceId: organizationId,
      metadata: { organizationId, productId: "credit-pack", quantity: "1" },
      amountTotal: 1_000,
      ...overrides,
    });
  }

  it("a delayed payment: pending without credits, then paid with credits; a late failure does not undo it", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const session = creditPackSession(customer, organization.id, { paymentStatus: "unpaid" });
    await ingestStripeEvent(deps, stripeEvent("checkout.session.completed", session));
    const [pending] = await t.db.select().from(orderTable).where(eq(orderTable.stripeCheckoutSessionId, session.id));
    expect(pending).toMatchObject({ status: "pending", paidAt: null });
    expect(await getCreditBalance(t.db, organization.id)).toBe(0);

    await ingestStripeEvent(deps, stripeEvent("checkout.session.async_payment_succeeded", { ...session, payment_status: "paid" }));
    await ingestStripeEvent(deps, stripeEvent("checkout.session.async_payment_failed", session));

    const orders = await t.db.select().from(orderTable).where(eq(orderTable.organizationId, organization.id));
    expect(orders).toHaveLength(1);
    expect(orders[0]?.status).toBe("paid");
    expect(await getCreditBalance(t.db, organization.id)).toBe(1_000);
  });

  it("a failed delayed payment leaves a failed order and grants nothing", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const session = creditPackSession(customer, organization.id, { paymentStatus: "unpaid" });
    await ingestStripeEvent(deps, stripeEvent("checkout.session.completed", session));
    await ingestStripeEvent(deps, stripeEvent("checkout.session.async_payment_failed", session));
    const [order] = await t.db.select().from(orderTable).where(eq(orderTable.stripeCheckoutSessionId, session.id));
    expect(order?.status).toBe("failed");
    expect(await getCreditBalance(t.db, organization.id)).toBe(0);
  });

  it("a second session claiming a payment intent that another order holds: failed with the reason, nothing written", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const first = creditPackSession(customer, organization.id);
    await ingestStripeEvent(deps, stripeEvent("checkout.session.completed", first));
    const impostor = creditPackSession(customer, organization.id, { paymentIntent: first.payment_intent as string });
    const outcome = await ingestStripeEvent(deps, stripeEvent("checkout.session.completed", impostor));
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toContain("already belongs to another order");
    expect(await t.db.select().from(orderTable).where(eq(orderTable.organizationId, organization.id))).toHaveLength(1);
    expect(await getCreditBalance(t.db, organization.id)).toBe(1_000);
  });

  it("charge.refunded: partial then full refund take back credits in proportion, once each, in any order", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const session = creditPackSession(customer, organization.id);
    await ingestStripeEvent(deps, stripeEvent("checkout.session.completed", session));
    const paymentIntent = session.payment_intent as string;
    const partial = stripeEvent("charge.refunded", chargeObject({ customer, paymentIntent, amount: 1_000, amountRefunded: 250 }), { created: 3_000 });
    const full = stripeEvent("charge.refunded", chargeObject({ customer, paymentIntent, amount: 1_000, amountRefunded: 1_000 }), { created: 3_001 });

    await ingestStripeEvent(deps, partial);
    expect(await getCreditBalance(t.db, organization.id)).toBe(750);
    const [partly] = await t.db.select().from(orderTable).where(eq(orderTable.stripeCheckoutSessionId, session.id));
    expect(partly).toMatchObject({ status: "partially_refunded", amountRefunded: 250 });

    await ingestStripeEvent(deps, full);
    await ingestStripeEvent(deps, { ...partial, id: stripeId("evt") }); // an older refund state, as a new event
    await ingestStripeEvent(deps, full);

    const [refunded] = await t.db.select().from(orderTable).where(eq(orderTable.stripeCheckoutSessionId, session.id));
    expect(refunded).toMatchObject({ status: "refunded", amountRefunded: 1_000 });
    expect(await getCreditBalance(t.db, organization.id)).toBe(0);
  });

  it("charge.refunded before its checkout: failed (not lost), and applied by the retry once the order exists", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const session = creditPackSession(customer, organization.id);
    const paymentIntent = session.payment_intent as string;
    const refund = stripeEvent(
      "charge.refunded",
      chargeObject({ customer, paymentIntent, amount: 1_000, amountRefunded: 1_000, metadata: { organizationId: organization.id } }),
    );

    const early = await ingestStripeEvent(deps, refund);
    expect(early).toMatchObject({ status: "failed", organizationId: organization.id });
    expect(early.error).toContain("not recorded yet");

    await ingestStripeEvent(deps, stripeEvent("checkout.session.completed", session));
    expect(await getCreditBalance(t.db, organization.id)).toBe(1_000);
    await retryBillingEvents(deps, { now: new Date(Date.now() + 3_600_000) });

    const [order] = await t.db.select().from(orderTable).where(eq(orderTable.stripeCheckoutSessionId, session.id));
    expect(order).toMatchObject({ status: "refunded", amountRefunded: 1_000 });
    expect(await getCreditBalance(t.db, organization.id)).toBe(0);
    expect((await eventRows(refund.id))[0]).toMatchObject({ status: "processed", attempts: 2 });
  });

  it("a refund of a charge that is not one of our orders (a subscription invoice's) is noted and settled", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const event = stripeEvent("charge.refunded", chargeObject({ customer, paymentIntent: stripeId("pi"), amount: 1_200, amountRefunded: 1_200 }));
    const outcome = await ingestStripeEvent(deps, event);
    expect(outcome).toMatchObject({ status: "processed", organizationId: organization.id });
    expect(outcome.notes.join()).toContain("no order for payment intent");
  });
});

describe("resolution to an organization", () => {
  it("an event for an unknown customer is recorded as unmatched, visible, and changes nothing", async () => {
    const subscription = subscriptionObject({ customer: stripeId("cus"), items: [{ price: TEST_PRICES.proMonthly }] });
    const event = stripeEvent("customer.subscription.created", subscription);
    const outcome = await ingestStripeEvent(deps, event);
    expect(outcome).toMatchObject({ status: "unmatched", organizationId: null });
    const unmatched = await t.db.select().from(billingEventTable).where(eq(billingEventTable.status, "unmatched"));
    expect(unmatched.map((row) => row.stripeEventId)).toContain(event.id);
    expect(await subscriptionRow(subscription.id)).toBeUndefined();
  });

  it("an unmatched event is applied once its customer is linked to an organization (by a later checkout)", async () => {
    const { organization } = await createTestOrganization(t.db);
    const customer = stripeId("cus");
    // Made in the dashboard for a customer nobody knows yet: no clue names the organization.
    const subscription = subscriptionObject({ customer, items: [{ price: TEST_PRICES.proMonthly, quantity: 2 }] });
    const early = stripeEvent("customer.subscription.created", subscription, { created: 15_000 });
    expect((await ingestStripeEvent(deps, early)).status).toBe("unmatched");
    expect(await retryBillingEvents(deps, { now: new Date(Date.now() + 60_000) })).toMatchObject({ processed: 0 });

    const session = checkoutSessionObject({ mode: "payment", customer, clientReferenceId: organization.id, amountTotal: 0 });
    expect((await ingestStripeEvent(deps, stripeEvent("checkout.session.completed", session))).status).toBe("processed");
    expect((await eventRows(early.id))[0]).toMatchObject({ status: "pending" });
    expect((await eventRows(early.id))[0]?.lastError).toContain(organization.id);

    await retryBillingEvents(deps, { now: new Date(Date.now() + 60_000) });
    expect((await eventRows(early.id))[0]).toMatchObject({ status: "processed", organizationId: organization.id });
    expect(await subscriptionRow(subscription.id)).toMatchObject({ organizationId: organization.id, quantity: 2 });
  });

  it("clues pointing at two organizations: failed with the reason, nothing applied", async () => {
    const { customer } = await createCustomerOrganization(t.db);
    const { organization: other } = await createTestOrganization(t.db);
    const subscription = proSubscription(customer, other.id);
    const outcome = await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", subscription));
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toContain("more than one organization");
    expect(await subscriptionRow(subscription.id)).toBeUndefined();
  });

  it("an event type we do not handle is recorded as ignored", async () => {
    const event = stripeEvent("customer.created", { object: "customer" });
    const o = await ingestStripeEvent(deps, event);
    expect(o).toMatchObject({ status: "ignored" });
    expect((await eventRows(event.id))[0]?.status).toBe("ignored");
  });
});
