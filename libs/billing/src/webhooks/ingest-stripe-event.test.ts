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
    expect(recorded).toMatchObject({ status: "failed", attempts: 1, organizationId: null });
    expect(recorded?.lastError).toContain("on_vacation");
    expect(recorded?.nextAttemptAt).toBeInstanceOf(Date);
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
