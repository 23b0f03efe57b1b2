import { memberTable, organizationTable, seatSyncTable, subscriptionItemTable, subscriptionTable } from "@saas/db";
import { createTestDatabase, createTestUser, type TestDatabase } from "@saas/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBillingHealth } from "./billing-health";
import type { BillingDeps } from "./deps";
import { getBillingState } from "./get-billing-state";
import { requestSeatSync, syncPendingSeats } from "./jobs/sync-seats";
import { checkoutSessionObject, createTestCatalog, startLocalStripeServer, stripeEvent, type LocalStripeServer } from "./testing";
import { createCustomerOrganization, proSubscription } from "./testing/fixtures";
import { ingestStripeEvent } from "./webhooks/ingest-stripe-event";

let t: TestDatabase;
let stripeServer: LocalStripeServer;
let deps: BillingDeps;
const catalog = createTestCatalog();

beforeAll(async () => {
  t = await createTestDatabase({ max: 10 });
  stripeServer = await startLocalStripeServer();
  deps = { db: t.db, stripe: stripeServer.client(), catalog };
});
afterAll(async () => {
  await stripeServer.close();
  await t.dispose();
});

async function addMembers(organizationId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const user = await createTestUser(t.db);
    await t.db.insert(memberTable).values({ organizationId, userId: user.id });
  }
}

/** An organization with a Pro subscription for `seats` seats, known to Stripe and to us. */
async function subscribedOrganization(seats: number, status: "active" | "canceled" = "active") {
  const { organization, customer } = await createCustomerOrganization(t.db);
  const subscription = proSubscription(customer, organization.id, { status });
  subscription.items.data[0]!.quantity = seats;
  stripeServer.putSubscription(subscription);
  await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", subscription));
  return { organization, subscription, itemId: subscription.items.data[0]!.id };
}

const seatUpdates = (itemId: string) =>
  stripeServer.requests.filter((request) => request.method === "POST" && request.path === `/v1/subscription_items/${itemId}`);

const outboxRow = async (organizationId: string) => (await t.db.select().from(seatSyncTable).where(eq(seatSyncTable.organizationId, organizationId)))[0];
/** One run of the `sync-seats` job, limited to these organizations (other tests' rows stay out). */
const syncSeats = (organizationIds: string[], now?: Date) => syncPendingSeats(deps, { organizationIds, now });
const subscriptionQuantity = async (subscriptionId: string) =>
  (await t.db.select({ quantity: subscriptionTable.quantity }).from(subscriptionTable).where(eq(subscriptionTable.id, subscriptionId)))[0]?.quantity;

describe("the seat-sync outbox (job sync-seats)", () => {
  it("a membership change asks for a sync in its own transaction: a rollback asks nothing, a deleted organization leaves nothing", async () => {
    const { organization } = await createCustomerOrganization(t.db);
    await t.db.delete(seatSyncTable).where(eq(seatSyncTable.organizationId, organization.id));
    const user = await createTestUser(t.db);
    await t.db
      .transaction(async (tx) => {
        await tx.insert(memberTable).values({ organizationId: organization.id, userId: user.id });
        throw new Error("changed my mind");
      })
      .catch(() => undefined);
    expect(await outboxRow(organization.id)).toBeUndefined();

    await t.db.insert(memberTable).values({ organizationId: organization.id, userId: user.id });
    const asked = await outboxRow(organization.id);
    expect(asked).toMatchObject({ attempts: 0, leasedUntil: null, lastError: null });
    await t.db.delete(memberTable).where(and(eq(memberTable.organizationId, organization.id), eq(memberTable.userId, user.id)));
    expect((await outboxRow(organization.id))!.requestedAt.getTime()).toBeGreaterThanOrEqual(asked!.requestedAt.getTime());

    await t.db.delete(organizationTable).where(eq(organizationTable.id, organization.id));
    expect(await outboxRow(organization.id)).toBeUndefined();
  });

  it("bills one seat per member, with proration, writes the new quantity and empties the outbox; a second run does nothing", async () => {
    const { organization, subscription, itemId } = await subscribedOrganization(1);
    await addMembers(organization.id, 2);

    expect(await syncSeats([organization.id])).toEqual({
      synced: [{ organizationId: organization.id, status: "updated", subscriptionId: subscription.id, from: 1, to: 3 }],
      failed: [],
    });
    expect(seatUpdates(itemId)).toMatchObject([{ params: { quantity: "3", proration_behavior: "create_prorations" } }]);
    expect(seatUpdates(itemId)[0]?.idempotencyKey).toMatch(new RegExp(`^seat-sync:${organization.id}:`));
    expect(await subscriptionQuantity(subscription.id)).toBe(3);
    const [item] = await t.db.select().from(subscriptionItemTable).where(eq(subscriptionItemTable.id, itemId));
    expect(item?.quantity).toBe(3);
    expect(await outboxRow(organization.id)).toBeUndefined();

    expect(await syncSeats([organization.id])).toEqual({ synced: [], failed: [] });
    expect(seatUpdates(itemId)).toHaveLength(1);
  });

  it("runs at once (several workers): one of them syncs, Stripe is updated once, to the final count", async () => {
    const { organization, itemId } = await subscribedOrganization(1);
    await addMembers(organization.id, 4);
    const results = await Promise.all(Array.from({ length: 6 }, () => syncSeats([organization.id])));
    expect(results.flatMap((result) => result.synced)).toMatchObject([{ status: "updated", from: 1, to: 5 }]);
    expect(seatUpdates(itemId)).toMatchObject([{ params: { quantity: "5" } }]);
  });

  it("a member leaving lowers the seats", async () => {
    const { organization, itemId } = await subscribedOrganization(4);
    await requestSeatSync(t.db, [organization.id]);
    expect((await syncSeats([organization.id])).synced).toMatchObject([{ status: "updated", from: 4, to: 1 }]);
    expect(seatUpdates(itemId)).toMatchObject([{ params: { quantity: "1" } }]);
  });

  it("without a live per-seat subscription: nothing is sent to Stripe, and the request is done", async () => {
    const { organization: free } = await createCustomerOrganization(t.db);
    const { organization: ended, itemId } = await subscribedOrganization(3, "canceled");
    await requestSeatSync(t.db, [free.id, ended.id]);
    const before = stripeServer.requests.length;
    const { synced } = await syncSeats([free.id, ended.id]);
    expect(synced.map((s) => s.status)).toEqual(["no_subscription", "no_subscription"]);
    expect(stripeServer.requests.length).toBe(before);
    const [item] = await t.db.select().from(subscriptionItemTable).where(eq(subscriptionItemTable.id, itemId));
    expect(item?.quantity).toBe(3);
    expect(await outboxRow(free.id)).toBeUndefined();
  });

  it("a change while Stripe answers is not lost: the next round sets the newer count", async () => {
    const { organization, subscription, itemId } = await subscribedOrganization(1);
    await addMembers(organization.id, 1);
    stripeServer.whileAnswering("POST", new RegExp(`/v1/subscription_items/${itemId}$`), () => addMembers(organization.id, 1));
    const { synced } = await syncSeats([organization.id]);
    expect(synced).toMatchObject([{ status: "updated", from: 1, to: 2 }, { status: "updated", from: 2, to: 3 }]);
    expect(await subscriptionQuantity(subscription.id)).toBe(3);
    expect(await outboxRow(organization.id)).toBeUndefined();
  });

  it("20 members join at once while Stripe is down for half of them: no join fails, nothing is lost, the seats end at the member count", async () => {
    const { organization, subscription, itemId } = await subscribedOrganization(1);
    const users = await Promise.all(Array.from({ length: 20 }, () => createTestUser(t.db)));
    const join = (batch: typeof users) => Promise.all(batch.map((user) => t.db.insert(memberTable).values({ organizationId: organization.id, userId: user.id })));

    // Stripe down: the first ten join at once, the sync fails and keeps the request with its error.
    stripeServer.failNext("POST", new RegExp(`/v1/subscription_items/${itemId}$`), 1, 503);
    await join(users.slice(0, 10));
    const down = await syncSeats([organization.id]);
    expect(down.synced).toEqual([]);
    expect(down.failed).toMatchObject([{ organizationId: organization.id, attempts: 1 }]);
    const kept = await outboxRow(organization.id);
    expect(kept).toMatchObject({ attempts: 1, leasedUntil: null });
    expect(kept?.lastError).toMatch(/told to fail/);
    // Visible to staff while it fails (the console's billing health).
    expect((await getBillingHealth(t.db, { failingLimit: 1000 })).seatSyncs.failing).toContainEqual(
      expect.objectContaining({ organizationId: organization.id, organizationName: organization.name, attempts: 1, lastError: expect.stringMatching(/told to fail/) }),
    );
    expect(kept!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(await subscriptionQuantity(subscription.id)).toBe(1);
    // Not retried before its backoff.
    expect(await syncSeats([organization.id])).toEqual({ synced: [], failed: [] });

    // Stripe back: ten more join at once (asking afresh), and the next run catches up.
    await join(users.slice(10));
    const back = await syncSeats([organization.id]);
    expect(back.failed).toEqual([]);
    expect(back.synced).toMatchObject([{ status: "updated", from: 1, to: 21 }]);
    expect(await t.db.$count(memberTable, eq(memberTable.organizationId, organization.id))).toBe(21);
    expect(await subscriptionQuantity(subscription.id)).toBe(21);
    expect(stripeServer.subscriptions.get(subscription.id)?.items.data[0]?.quantity).toBe(21);
    expect(await outboxRow(organization.id)).toBeUndefined();
    expect((await getBillingHealth(t.db, { failingLimit: 1000 })).seatSyncs.failing.map((row) => row.organizationId)).not.toContain(organization.id);
  });
});

describe("getBillingState", () => {
  it("a new organization: Free, no subscription, no orders, no credits", async () => {
    const { organization } = await createCustomerOrganization(t.db);
    expect(await t.db.withTenant(organization.id, (tx) => getBillingState(tx, { organizationId: organization.id, catalog }))).toEqual({
      plan: { id: "free", name: "Free" },
      subscription: null,
      seats: { members: 1, billed: null },
      orders: [],
      credits: { balance: 0 },
      nextCharge: null,
    });
  });

  it("a Pro subscriber with a credit pack: plan, seats, period, orders with items, credits — and only its own", async () => {
    const { organization, subscription } = await subscribedOrganization(2);
    await addMembers(organization.id, 2);
    await ingestStripeEvent(
      deps,
      stripeEvent(
        "checkout.session.completed",
        checkoutSessionObject({
          mode: "payment",
          customer: subscription.customer as string,
          clientReferenceId: organization.id,
          metadata: { organizationId: organization.id, productId: "credit-pack", quantity: "1" },
        }),
      ),
    );
    const { organization: neighbour } = await subscribedOrganization(7);

    const state = await t.db.withTenant(organization.id, (tx) => getBillingState(tx, { organizationId: organization.id, catalog }));

    expect(state).toMatchObject({
      plan: { id: "pro", name: "Pro" },
      subscription: {
        id: subscription.id,
        status: "active",
        entitled: true,
        seats: 2,
        currentPeriodEnd: new Date(1_802_592_000_000),
        cancelAtPeriodEnd: false,
        pastDueSince: null,
        interval: "month",
      },
      // Two seats at $12, at the end of the period.
      nextCharge: { amount: 2_400, currency: "usd", on: new Date(1_802_592_000_000) },
      seats: { members: 3, billed: 2 },
      orders: [{ status: "paid", amountTotal: 1_000, items: [{ description: "1,000 AI credits", quantity: 1 }] }],
      credits: { balance: 1_000 },
    });
    const neighbourState = await t.db.withTenant(neighbour.id, (tx) => getBillingState(tx, { organizationId: neighbour.id, catalog }));
    expect(neighbourState.orders).toEqual([]);
    expect(neighbourState.credits.balance).toBe(0);
  });

  it("a canceled subscription: back on Free, the subscription still shown", async () => {
    const { organization, subscription } = await subscribedOrganization(2, "canceled");
    const state = await t.db.withTenant(organization.id, (tx) => getBillingState(tx, { organizationId: organization.id, catalog }));
    expect(state.plan).toEqual({ id: "free", name: "Free" });
    expect(state.subscription).toMatchObject({ id: subscription.id, status: "canceled", entitled: false });
    expect(state.seats.billed).toBeNull();
    expect(state.nextCharge).toBeNull();
  });
});
