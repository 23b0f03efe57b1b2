import { memberTable, subscriptionItemTable, subscriptionTable } from "@saas/db";
import { createTestDatabase, createTestUser, type TestDatabase } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BillingDeps } from "./deps";
import { getBillingState } from "./get-billing-state";
import { syncSubscriptionSeats } from "./sync-subscription-seats";
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

describe("syncSubscriptionSeats", () => {
  it("bills one seat per member, with proration, and writes the new quantity; a second call does nothing", async () => {
    const { organization, subscription, itemId } = await subscribedOrganization(1);
    await addMembers(organization.id, 2);

    expect(await syncSubscriptionSeats(deps, organization.id)).toEqual({
      status: "updated",
      subscriptionId: subscription.id,
      from: 1,
      to: 3,
    });
    expect(seatUpdates(itemId)).toMatchObject([{ params: { quantity: "3", proration_behavior: "create_prorations" } }]);
    const [row] = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id));
    expect(row?.quantity).toBe(3);
    const [item] = await t.db.select().from(subscriptionItemTable).where(eq(subscriptionItemTable.id, itemId));
    expect(item?.quantity).toBe(3);

    expect(await syncSubscriptionSeats(deps, organization.id)).toMatchObject({ status: "unchanged", seats: 3 });
    expect(seatUpdates(itemId)).toHaveLength(1);
  });

  it("called concurrently (members joining at once): Stripe is updated once, to the final count", async () => {
    const { organization, itemId } = await subscribedOrganization(1);
    await addMembers(organization.id, 4);
    const results = await Promise.all(Array.from({ length: 6 }, () => syncSubscriptionSeats(deps, organization.id)));
    expect(results.filter((r) => r.status === "updated")).toHaveLength(1);
    expect(results.filter((r) => r.status === "unchanged")).toHaveLength(5);
    expect(seatUpdates(itemId)).toMatchObject([{ params: { quantity: "5" } }]);
  });

  it("a member leaving lowers the seats", async () => {
    const { organization, itemId } = await subscribedOrganization(4);
    expect(await syncSubscriptionSeats(deps, organization.id)).toMatchObject({ status: "updated", from: 4, to: 1 });
    expect(seatUpdates(itemId)).toMatchObject([{ params: { quantity: "1" } }]);
  });

  it("does nothing without a live per-seat subscription", async () => {
    const { organization: free } = await createCustomerOrganization(t.db);
    const { organization: ended, itemId } = await subscribedOrganization(3, "canceled");
    const before = stripeServer.requests.length;
    expect(await syncSubscriptionSeats(deps, free.id)).toEqual({ status: "no_subscription", members: 1 });
    expect(await syncSubscriptionSeats(deps, ended.id)).toEqual({ status: "no_subscription", members: 1 });
    expect(stripeServer.requests.length).toBe(before);
    const [item] = await t.db.select().from(subscriptionItemTable).where(eq(subscriptionItemTable.id, itemId));
    expect(item?.quantity).toBe(3);
  });

  it("when Stripe refuses the update, our quantity stays as it was and the error surfaces", async () => {
    const { organization, subscription, itemId } = await subscribedOrganization(1);
    await addMembers(organization.id, 1);
    stripeServer.failNext("POST", new RegExp(`/v1/subscription_items/${itemId}$`));
    await expect(syncSubscriptionSeats(deps, organization.id)).rejects.toThrow(/told to fail/);
    const [row] = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id));
    expect(row?.quantity).toBe(1);
  });
});

describe("getBillingState", () => {
  it("a new organization: Free, no subscription, no orders, no credits", async () => {
    const { organization } = await createCustomerOrganization(t.db);
    expect(await getBillingState(t.db, { organizationId: organization.id, catalog })).toEqual({
      plan: { id: "free", name: "Free" },
      subscription: null,
      seats: { members: 1, billed: null },
      orders: [],
      credits: { balance: 0 },
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

    const state = await getBillingState(t.db, { organizationId: organization.id, catalog });

    expect(state).toMatchObject({
      plan: { id: "pro", name: "Pro" },
      subscription: {
        id: subscription.id,
        status: "active",
        entitled: true,
        seats: 2,
        currentPeriodEnd: new Date(1_802_592_000_000),
        cancelAtPeriodEnd: false,
      },
      seats: { members: 3, billed: 2 },
      orders: [{ status: "paid", amountTotal: 1_000, items: [{ description: "1,000 AI credits", quantity: 1 }] }],
      credits: { balance: 1_000 },
    });
    const neighbourState = await getBillingState(t.db, { organizationId: neighbour.id, catalog });
    expect(neighbourState.orders).toEqual([]);
    expect(neighbourState.credits.balance).toBe(0);
  });

  it("a canceled subscription: back on Free, the subscription still shown", async () => {
    const { organization, subscription } = await subscribedOrganization(2, "canceled");
    const state = await getBillingState(t.db, { organizationId: organization.id, catalog });
    expect(state.plan).toEqual({ id: "free", name: "Free" });
    expect(state.subscription).toMatchObject({ id: subscription.id, status: "canceled", entitled: false });
    expect(state.seats.billed).toBeNull();
  });
});
