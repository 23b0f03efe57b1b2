import { memberTable, subscriptionItemTable, subscriptionTable } from "@saas/db";
import { createTestDatabase, createTestUser, type TestDatabase } from "@saas/db/testing";
import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BillingDeps } from "../deps";
import { createTestCatalog, startLocalStripeServer, stripeEvent, stripeId, subscriptionObject, TEST_PRICES, type LocalStripeServer } from "../testing";
import { createCustomerOrganization, proSubscription } from "../testing/fixtures";
import { ingestStripeEvent } from "../webhooks/ingest-stripe-event";
import { reconcileBilling } from "./reconcile-billing";

// A database and a Stripe account per test: the job looks at everything in both.
let t: TestDatabase;
let stripeServer: LocalStripeServer;
let deps: BillingDeps;
beforeEach(async () => {
  t = await createTestDatabase();
  stripeServer = await startLocalStripeServer();
  deps = { db: t.db, stripe: stripeServer.client(), catalog: createTestCatalog() };
});
afterEach(async () => {
  await stripeServer.close();
  await t.dispose();
});

const snapshot = async () => ({
  subscriptions: await t.db.select().from(subscriptionTable).orderBy(asc(subscriptionTable.id)),
  items: await t.db.select().from(subscriptionItemTable).orderBy(asc(subscriptionItemTable.id)),
});

/** A subscription of one seat (the organization has one member), known to Stripe and applied here. */
async function inSync(created = 1_000) {
  const { organization, customer } = await createCustomerOrganization(t.db);
  const subscription = proSubscription(customer, organization.id);
  subscription.items.data[0]!.quantity = 1;
  stripeServer.putSubscription(subscription);
  await ingestStripeEvent(deps, stripeEvent("customer.subscription.created", subscription, { created }));
  return { organization, customer, subscription };
}

describe("reconcile-billing", () => {
  it("corrects drift from Stripe, writes missing subscriptions, reports what needs a person; a second run changes nothing", async () => {
    const untouched = await inSync();

    // Drift: our row says past_due with 4 seats; Stripe says active with 1 (a lost event, a bad edit).
    const drifted = await inSync(2_000);
    await t.db.update(subscriptionTable).set({ status: "past_due", quantity: 4 }).where(eq(subscriptionTable.id, drifted.subscription.id));

    // Missing here: Stripe has it, we never received its events.
    const { organization: late, customer: lateCustomer } = await createCustomerOrganization(t.db);
    const missing = proSubscription(lateCustomer, late.id);
    missing.items.data[0]!.quantity = 1;
    stripeServer.putSubscription(missing);

    // In Stripe for a customer we do not know.
    const stranger = subscriptionObject({ customer: stripeId("cus"), items: [{ price: TEST_PRICES.proMonthly }] });
    stripeServer.putSubscription(stranger);

    // Here but not in Stripe.
    const ghostId = stripeId("sub");
    await t.db.insert(subscriptionTable).values({ id: ghostId, organizationId: untouched.organization.id, stripeCustomerId: untouched.customer, status: "active" });

    // Seats behind the members: billed 1, has 3 members.
    const growing = await inSync(3_000);
    for (let i = 0; i < 2; i++) {
      const user = await createTestUser(t.db);
      await t.db.insert(memberTable).values({ organizationId: growing.organization.id, userId: user.id });
    }

    const first = await reconcileBilling(deps);

    expect(first).toMatchObject({
      checked: 5,
      created: [missing.id],
      corrected: [drifted.subscription.id],
      unmatched: [stranger.id],
      missingInStripe: [ghostId],
      multipleLiveSubscriptions: [{ organizationId: untouched.organization.id, subscriptionIds: [ghostId, untouched.subscription.id].sort() }],
      seatsCorrected: [{ organizationId: growing.organization.id, from: 1, to: 3 }],
      errors: [],
    });
    const [fixed] = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, drifted.subscription.id));
    // Corrected, keeping its event watermark so a newer event still applies.
    expect(fixed).toMatchObject({ status: "active", quantity: 1, lastEventCreated: 2_000 });
    const [written] = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, missing.id));
    expect(written).toMatchObject({ organizationId: late.id, status: "active", planId: "pro" });
    expect(stripeServer.subscriptions.get(growing.subscription.id)?.items.data[0]?.quantity).toBe(3);

    const before = await snapshot();
    const second = await reconcileBilling(deps);
    expect(second).toMatchObject({ checked: 5, created: [], corrected: [], seatsCorrected: [], errors: [] });
    // Still reported: they need a person, not a job.
    expect(second.unmatched).toEqual([stranger.id]);
    expect(second.missingInStripe).toEqual([ghostId]);
    expect(await snapshot()).toEqual(before);
  });

  it("pages through every subscription Stripe has", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    for (let i = 0; i < 105; i++) {
      stripeServer.putSubscription(proSubscription(customer, organization.id, { status: "canceled", created: 10_000 + i }));
    }
    const result = await reconcileBilling(deps);
    expect(result.checked).toBe(105);
    expect(result.created).toHaveLength(105);
  });
});
