import { subscriptionHistoryTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { asc, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BillingDeps } from "../deps";
import { createTestCatalog, startLocalStripeServer, stripeEvent, subscriptionObject, TEST_PRICES, type LocalStripeServer, type TestSubscriptionItem } from "../testing";
import { createCustomerOrganization, proSubscription } from "../testing/fixtures";
import { ingestStripeEvent } from "./ingest-stripe-event";
import { inboxSql } from "./sql";
import { monthlyRecurringAmount, upsertSubscription } from "./upsert-subscription";

// The subscription history is written by the statement that writes the subscription: one row per
// applied change of what the revenue report follows, none for an event that is not applied or
// changes nothing it follows.

let t: TestDatabase;
let stripeServer: LocalStripeServer;
let deps: BillingDeps;
const catalog = createTestCatalog();

beforeAll(async () => {
  t = await createTestDatabase();
  stripeServer = await startLocalStripeServer();
  deps = { db: t.db, stripe: stripeServer.client(), catalog };
});
afterAll(async () => {
  await stripeServer.close();
  await t.dispose();
});

const history = (subscriptionId: string) =>
  t.db
    .select()
    .from(subscriptionHistoryTable)
    .where(eq(subscriptionHistoryTable.subscriptionId, subscriptionId))
    .orderBy(asc(subscriptionHistoryTable.occurredAt), asc(subscriptionHistoryTable.createdAt));

describe("monthlyRecurringAmount", () => {
  const items = (...list: TestSubscriptionItem[]) => subscriptionObject({ customer: "cus_x", items: list }).items.data;
  it.each([
    ["monthly, 3 seats", items({ price: "p", unitAmount: 1_200, quantity: 3 }), 3_600],
    ["yearly 120,000 is 10,000 a month", items({ price: "p", unitAmount: 120_000, interval: "year" }), 10_000],
    ["every 3 months", items({ price: "p", unitAmount: 3_000, intervalCount: 3 }), 1_000],
    ["weekly: × 52 / 12, rounded", items({ price: "p", unitAmount: 1_000, interval: "week" }), 4_333],
    ["daily: × 365 / 12, rounded", items({ price: "p", unitAmount: 100, interval: "day" }), 3_042],
    ["metered counts 0", items({ price: "p", unitAmount: 500, usageType: "metered" }), 0],
    ["no unit amount (tiered) counts 0", items({ price: "p", unitAmount: null }), 0],
    [
      "items add up, rounded once",
      items({ price: "a", unitAmount: 1_000, interval: "year" }, { price: "b", unitAmount: 1_000, interval: "year" }, { price: "c", unitAmount: 250, quantity: 2 }),
      667,
    ],
  ])("%s", (_name, list, expected) => {
    expect(monthlyRecurringAmount(list)).toBe(expected);
  });
});

describe("subscription_history, written with the subscription", () => {
  it("an applied event writes one row (its id, its time, the amount a month); a duplicate, a stale event and a change of nothing followed write none", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const created = 1_800_000_000;
    const subscription = proSubscription(customer, organization.id);
    const first = stripeEvent("customer.subscription.created", subscription, { created });

    expect(await ingestStripeEvent(deps, first)).toMatchObject({ status: "processed" });
    const rows = await history(subscription.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organizationId: organization.id,
      status: "active",
      planId: "pro",
      quantity: 3,
      mrrAmount: 3_600,
      currency: "usd",
      interval: "month",
      intervalCount: 1,
      stripeEventId: first.id,
      source: "event",
      occurredAt: new Date(created * 1000),
    });

    // The same event again: acknowledged, nothing written.
    expect(await ingestStripeEvent(deps, first)).toMatchObject({ status: "duplicate" });
    // An older event with other seats arrives late: recorded, not applied, no row.
    const stale = stripeEvent("customer.subscription.updated", { ...subscription, items: proSubscription(customer, organization.id, { items: [{ price: TEST_PRICES.proMonthly, quantity: 9 }] }).items }, { created: created - 10 });
    expect(await ingestStripeEvent(deps, stale)).toMatchObject({ status: "processed" });
    // A newer event that changes only what the history does not follow (metadata).
    const noChange = stripeEvent("customer.subscription.updated", { ...subscription, metadata: { ...subscription.metadata, note: "x" } }, { created: created + 10 });
    expect(await ingestStripeEvent(deps, noChange)).toMatchObject({ status: "processed" });
    expect(await history(subscription.id)).toHaveLength(1);

    // A newer event with 5 seats: one more row.
    const upgraded = proSubscription(customer, organization.id, { id: subscription.id, items: [{ ...subscription.items.data[0]!, price: TEST_PRICES.proMonthly, quantity: 5 }] });
    const seats = stripeEvent("customer.subscription.updated", upgraded, { created: created + 20 });
    expect(await ingestStripeEvent(deps, seats)).toMatchObject({ status: "processed" });
    const after = await history(subscription.id);
    expect(after.map((row) => [row.quantity, row.mrrAmount, row.stripeEventId])).toEqual([
      [3, 3_600, first.id],
      [5, 6_000, seats.id],
    ]);
  });

  it("the transactional path writes the same row; a read from the API names its event (fetched) or none (reconcile)", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const sql = inboxSql(t.db);
    const trial = proSubscription(customer, organization.id, { status: "trialing", currency: "eur", items: [{ price: TEST_PRICES.proYearly, unitAmount: 120_000, interval: "year", quantity: 2 }] });
    const write = (subscription: Stripe.Subscription, source: Parameters<typeof upsertSubscription>[4]) =>
      sql.begin((tx) => upsertSubscription(tx, catalog, organization.id, subscription, source));

    expect(await write(trial, { kind: "event", created: 1_800_000_000, eventId: "evt_trial" })).toMatchObject({ applied: true });
    const active = { ...trial, status: "active" } as Stripe.Subscription;
    expect(await write(active, { kind: "fetched", created: 1_800_000_100, readVersion: await version(trial.id), eventId: "evt_invoice" })).toMatchObject({ applied: true });
    // Reconcile reads the same state: the row is rewritten, the history has nothing new.
    expect(await write(active, { kind: "fetched", created: 0, readVersion: await version(trial.id) })).toMatchObject({ applied: true });
    const canceled = { ...active, status: "canceled" } as Stripe.Subscription;
    expect(await write(canceled, { kind: "fetched", created: 0, readVersion: await version(trial.id) })).toMatchObject({ applied: true });

    const rows = await history(trial.id);
    // A trial is recorded with the amount its prices come to (the report counts it as 0).
    expect(rows.map((row) => [row.status, row.mrrAmount, row.currency, row.interval, row.source, row.stripeEventId])).toEqual([
      ["trialing", 20_000, "eur", "year", "event", "evt_trial"],
      ["active", 20_000, "eur", "year", "fetched", "evt_invoice"],
      ["canceled", 20_000, "eur", "year", "reconcile", null],
    ]);
    expect(rows[0]?.occurredAt).toEqual(new Date(1_800_000_000_000));
    // A read from the API is timed now, but never before the row it follows (the events here are in 2027).
    expect(rows[1]!.occurredAt.getTime()).toBeGreaterThanOrEqual(rows[0]!.occurredAt.getTime());
  });
});

async function version(id: string) {
  const [row] = await inboxSql(t.db)<{ v: string }[]>`select xmin::text as v from subscription where id = ${id}`;
  return row?.v ?? null;
}
