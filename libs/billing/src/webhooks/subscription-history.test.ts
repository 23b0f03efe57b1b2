import { subscriptionHistoryTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { asc, eq, sql } from "drizzle-orm";
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
    .orderBy(asc(subscriptionHistoryTable.seq));

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

describe("subscription_history's insert trigger", () => {
  it("a write that waited for a concurrent one compares with it: the change it reverts is written (the statement's snapshot would have missed it)", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const created = 1_810_000_000;
    const three = proSubscription(customer, organization.id);
    const withSeats = (quantity: number) => proSubscription(customer, organization.id, { id: three.id, items: [{ ...three.items.data[0]!, price: TEST_PRICES.proMonthly, quantity }] });
    expect(await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", three, { created }))).toMatchObject({ status: "processed" });

    // Five seats, applied in a transaction held open; meanwhile back to three seats, newer.
    let applied!: () => void;
    const heldOpen = new Promise<void>((resolve) => (applied = resolve));
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const inbox = inboxSql(t.db);
    const five = inbox.begin(async (tx) => {
      await upsertSubscription(tx, catalog, organization.id, withSeats(5), { kind: "event", created: created + 10, eventId: "evt_five" });
      applied();
      await committed;
    });
    await heldOpen;
    const back = ingestStripeEvent(deps, stripeEvent("customer.subscription.updated", withSeats(3), { created: created + 20 }));
    // The second write waits on the subscription's row lock, its snapshot taken before five seats committed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    commit();
    await five;
    expect(await back).toMatchObject({ status: "processed" });

    expect((await history(three.id)).map((row) => [row.seq, row.quantity, row.previousMrrAmount])).toEqual([
      [1, 3, null],
      [2, 5, 3_600],
      [3, 3, 6_000],
    ]);
  });

  it("numbers rows, derives what each follows (ignoring what the insert says), drops a repeat, never goes back in time, refuses updates", async () => {
    const { organization } = await createCustomerOrganization(t.db);
    const id = `sub_trigger_${organization.slug}`;
    await t.db.execute(sql`insert into subscription (id, organization_id, stripe_customer_id, status) values (${id}, ${organization.id}, 'cus_x', 'trialing')`);
    const insert = (status: string, amount: number, at: string) =>
      t.db.execute(sql`
        insert into subscription_history (subscription_id, organization_id, status, quantity, mrr_amount, currency, source, occurred_at,
          seq, previous_status, previous_mrr_amount, starts_trial, converts_trial)
        values (${id}, ${organization.id}, ${status}, 1, ${amount}, 'usd', 'event', ${at}::timestamptz, 99, 'canceled', 1, true, true)`);
    await insert("trialing", 1_000, "2027-01-10T00:00:00Z");
    await insert("trialing", 1_000, "2027-01-12T00:00:00Z"); // repeats the latest: no row
    await insert("active", 1_000, "2027-01-05T00:00:00Z"); // before the latest: at the latest's time
    await insert("trialing", 1_000, "2027-02-01T00:00:00Z"); // a second trial: not a new trial start
    await insert("active", 1_000, "2027-02-15T00:00:00Z"); // converts again: not the first conversion

    expect(
      (await history(id)).map((row) => [row.seq, row.status, row.occurredAt.toISOString().slice(0, 10), row.previousStatus, row.previousMrrAmount, row.startsTrial, row.convertsTrial, row.trialStartedAt?.toISOString().slice(0, 10)]),
    ).toEqual([
      [1, "trialing", "2027-01-10", null, null, true, false, "2027-01-10"],
      [2, "active", "2027-01-10", "trialing", 1_000, false, true, "2027-01-10"],
      [3, "trialing", "2027-02-01", "active", 1_000, false, false, "2027-01-10"],
      [4, "active", "2027-02-15", "trialing", 1_000, false, false, "2027-01-10"],
    ]);
    await expect(t.db.execute(sql`update subscription_history set mrr_amount = 5 where subscription_id = ${id}`)).rejects.toMatchObject({ cause: { code: "42501" } });
    expect((await history(id)).map((row) => row.mrrAmount)).toEqual([1_000, 1_000, 1_000, 1_000]);
  });
});

async function version(id: string) {
  const [row] = await inboxSql(t.db)<{ v: string }[]>`select xmin::text as v from subscription where id = ${id}`;
  return row?.v ?? null;
}
