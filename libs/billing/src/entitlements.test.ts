import { subscriptionTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BillingDeps } from "./deps";
import { getEntitlements } from "./entitlements";
import { createTestCatalog, invoiceObject, startLocalStripeServer, stripeEvent, type LocalStripeServer } from "./testing";
import { createCustomerOrganization, proSubscription } from "./testing/fixtures";
import { ingestStripeEvent } from "./webhooks/ingest-stripe-event";

let t: TestDatabase;
let stripeServer: LocalStripeServer;
let deps: BillingDeps;
const catalog = createTestCatalog();
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase();
  stripeServer = await startLocalStripeServer();
  deps = { db: t.db, stripe: stripeServer.client(), catalog };
});
afterAll(async () => {
  await stripeServer.close();
  await t.dispose();
});

const entitlementsOf = (organizationId: string, now?: Date) => getEntitlements(t.db, { organizationId, catalog, now });

/** Stripe changes the subscription, and tells us with an event (later than the last one). */
let clock = 1_900_000_000;
async function stripeSays(subscription: Stripe.Subscription, status: Stripe.Subscription.Status) {
  subscription.status = status;
  stripeServer.putSubscription(subscription);
  await ingestStripeEvent(deps, stripeEvent("customer.subscription.updated", subscription, { created: ++clock }));
}
const pastDueSince = async (id: string) =>
  (await t.db.select({ since: subscriptionTable.pastDueSince }).from(subscriptionTable).where(eq(subscriptionTable.id, id)))[0]?.since ?? null;

describe("getEntitlements", () => {
  it("without billing configured: everything allowed, and it says why", async () => {
    const { organization } = await createCustomerOrganization(t.db);
    expect(await getEntitlements(t.db, { organizationId: organization.id, catalog: null })).toMatchObject({
      basis: "unlimited",
      limits: { members: null, leads: null, aiCreditsPerMonth: null },
      features: { aiAssistant: true },
      writable: true,
    });
  });

  it("no subscription: the Free plan's limits; Pro while active or trialing; Free again once canceled", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    expect(await entitlementsOf(organization.id)).toMatchObject({
      plan: { id: "free" },
      basis: "plan",
      limits: catalog.plan("free").limits,
      features: { aiAssistant: true },
      overdue: null,
      writable: true,
    });
    const subscription = proSubscription(customer, organization.id);
    await stripeSays(subscription, "trialing");
    expect(await entitlementsOf(organization.id)).toMatchObject({ plan: { id: "pro" }, limits: catalog.plan("pro").limits, features: { aiAssistant: true } });
    await stripeSays(subscription, "active");
    expect((await entitlementsOf(organization.id)).plan.id).toBe("pro");
    await stripeSays(subscription, "canceled");
    expect(await entitlementsOf(organization.id)).toMatchObject({ plan: { id: "free" }, limits: catalog.plan("free").limits, writable: true });
  });

  it("past due: Pro and writable through the grace period, read-only after it, writable again once an invoice is paid", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id);
    await stripeSays(subscription, "active");
    expect(await pastDueSince(subscription.id)).toBeNull();

    await stripeSays(subscription, "past_due");
    const since = await pastDueSince(subscription.id);
    expect(since).toBeInstanceOf(Date);
    const graceEndsAt = new Date(since!.getTime() + catalog.pastDueGraceDays * DAY);
    const during = await entitlementsOf(organization.id);
    expect(during).toMatchObject({ plan: { id: "pro" }, overdue: { since, graceEndsAt }, writable: true });
    expect(await entitlementsOf(organization.id, new Date(graceEndsAt.getTime() - 1))).toMatchObject({ writable: true });
    expect(await entitlementsOf(organization.id, graceEndsAt)).toMatchObject({ plan: { id: "pro" }, writable: false });

    // Stripe gives up retrying: unpaid. The overdue clock keeps its start, the plan falls to Free.
    await stripeSays(subscription, "unpaid");
    expect(await pastDueSince(subscription.id)).toEqual(since);
    expect(await entitlementsOf(organization.id, graceEndsAt)).toMatchObject({ plan: { id: "free" }, overdue: { since }, writable: false });

    // The customer pays: invoice.paid makes us read the subscription, now active.
    subscription.status = "active";
    stripeServer.putSubscription(subscription);
    await ingestStripeEvent(
      deps,
      stripeEvent("invoice.paid", invoiceObject({ customer, subscription: subscription.id, subscriptionMetadata: { organizationId: organization.id } }), { created: ++clock }),
    );
    expect(await pastDueSince(subscription.id)).toBeNull();
    expect(await entitlementsOf(organization.id, graceEndsAt)).toMatchObject({ plan: { id: "pro" }, overdue: null, writable: true });
  });

  it("the overdue clock starts again at a later late payment, not at the first one", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id);
    await stripeSays(subscription, "past_due");
    await t.db.execute(sql`update subscription set past_due_since = now() - interval '30 days' where id = ${subscription.id}`);
    await stripeSays(subscription, "active");
    await stripeSays(subscription, "past_due");
    const since = await pastDueSince(subscription.id);
    expect(Date.now() - since!.getTime()).toBeLessThan(DAY);
    expect((await entitlementsOf(organization.id)).writable).toBe(true);
  });
});
