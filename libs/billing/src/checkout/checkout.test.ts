import { memberTable, organizationTable, subscriptionTable } from "@saas/db";
import {
  createTestDatabase,
  createTestOrganization,
  createTestUser,
  type TestDatabase,
} from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalog } from "../catalog";
import type { BillingDeps } from "../deps";
import { BillingError, BillingErrorCode } from "../errors";
import {
  createTestCatalog,
  startLocalStripeServer,
  stripeId,
  TEST_PRICES,
  type LocalStripeServer,
} from "../testing";
import { createCheckoutSession } from "./create-checkout-session";
import { createPortalSession } from "./create-portal-session";

let t: TestDatabase;
let stripeServer: LocalStripeServer;
let deps: BillingDeps;

beforeAll(async () => {
  t = await createTestDatabase({ max: 10 });
  stripeServer = await startLocalStripeServer();
  deps = {
    db: t.db,
    stripe: stripeServer.client(),
    catalog: createTestCatalog(),
  };
});
afterAll(async () => {
  await stripeServer.close();
  await t.dispose();
});

const urls = {
  successUrl: "https://app.example.com/billing?done=1",
  cancelUrl: "https://app.example.com/billing",
};

async function organizationWithMembers(count: number) {
  const { organization, owner } = await createTestOrganization(t.db);
  for (let i = 1; i < count; i++) {
    const user = await createTestUser(t.db);
    await t.db
      .insert(memberTable)
      .values({ organizationId: organization.id, userId: user.id });
  }
  return { organization, owner };
}

const requestsFor = (organizationId: string) =>
  stripeServer.requests.filter((request) =>
    JSON.stringify(request.params).includes(organizationId),
  );
const customerOf = async (organizationId: string) =>
  (
    await t.db
      .select()
      .from(organizationTable)
      .where(eq(organizationTable.id, organizationId))
  )[0]?.stripeCustomerId;

async function expectBillingError(
  promise: Promise<unknown>,
  code: BillingErrorCode,
  message?: RegExp,
) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BillingError);
  expect((error as BillingError).billingCode).toBe(code);
  if (message) expect((error as BillingError).message).toMatch(message);
}

describe("createCheckoutSession", () => {
  it("Pro: one Stripe customer for the organization, one seat per member, the organization in every reference", async () => {
    const { organization, owner } = await organizationWithMembers(3);

    const session = await createCheckoutSession(deps, {
      organizationId: organization.id,
      buyerEmail: owner.email,
      item: { kind: "plan", planId: "pro", interval: "year" },
      ...urls,
    });

    expect(session.url).toMatch(/^https:\/\//);
    const customerId = await customerOf(organization.id);
    expect(customerId).toMatch(/^cus_/);
    expect(stripeServer.customers.get(customerId!)).toMatchObject({
      name: organization.name,
      email: owner.email,
      metadata: { organizationId: organization.id },
    });
    expect(stripeServer.checkoutSessions.get(session.id)).toMatchObject({
      mode: "subscription",
      customer: customerId,
      client_reference_id: organization.id,
      metadata: { organizationId: organization.id, planId: "pro" },
      subscription_data: {
        metadata: { organizationId: organization.id, planId: "pro" },
      },
      line_items: [{ price: TEST_PRICES.proYearly, quantity: "3" }],
      success_url: urls.successUrl,
      cancel_url: urls.cancelUrl,
    });
  });

  it("the Stripe customer carries the organization's own name and billing email, read from the database", async () => {
    const { organization, owner } = await organizationWithMembers(1);
    await t.db.update(organizationTable).set({ name: "Acme Billing Ltd", billingEmail: "accounts@acme.test" }).where(eq(organizationTable.id, organization.id));
    await createCheckoutSession(deps, { organizationId: organization.id, buyerEmail: owner.email, item: { kind: "product", productId: "credit-pack" }, ...urls });
    expect(stripeServer.customers.get((await customerOf(organization.id))!)).toMatchObject({ name: "Acme Billing Ltd", email: "accounts@acme.test" });
  });

  it("a credit pack: a one-time payment with the product and quantity in the metadata", async () => {
    const { organization } = await organizationWithMembers(1);
    const session = await createCheckoutSession(deps, {
      organizationId: organization.id,
      item: { kind: "product", productId: "credit-pack", quantity: 3 },
      ...urls,
    });
    expect(stripeServer.checkoutSessions.get(session.id)).toMatchObject({
      mode: "payment",
      client_reference_id: organization.id,
      metadata: {
        organizationId: organization.id,
        productId: "credit-pack",
        quantity: "3",
      },
      payment_intent_data: { metadata: { organizationId: organization.id } },
      invoice_creation: { enabled: "true" },
      line_items: [{ price: TEST_PRICES.creditPack, quantity: "3" }],
    });
  });

  it("two checkouts at once for one organization create one Stripe customer, used by both", async () => {
    const { organization } = await organizationWithMembers(1);
    const sessions = await Promise.all(
      Array.from({ length: 5 }, () =>
        createCheckoutSession(deps, {
          organizationId: organization.id,
          item: { kind: "product", productId: "credit-pack" },
          ...urls,
        }),
      ),
    );
    const customers = [...stripeServer.customers.values()].filter(
      (customer) =>
        (customer["metadata"] as Record<string, string>)["organizationId"] ===
        organization.id,
    );
    expect(customers).toHaveLength(1);
    const customerId = await customerOf(organization.id);
    expect(customerId).toBe(customers[0]!["id"]);
    expect(
      new Set(
        sessions.map(
          (s) => stripeServer.checkoutSessions.get(s.id)?.["customer"],
        ),
      ),
    ).toEqual(new Set([customerId]));
    // One create reached Stripe (the lock), with the key derived from the organization (a retry's safety).
    const creates = requestsFor(organization.id).filter(
      (r) => r.method === "POST" && r.path === "/v1/customers",
    );
    expect(creates).toHaveLength(1);
    expect(creates[0]?.idempotencyKey).toBe(
      `organization-customer-${organization.id}`,
    );
  });

  it("a customer a webhook linked while Stripe created ours: the stored one is used, never replaced", async () => {
    const { organization } = await organizationWithMembers(1);
    const linkedByWebhook = stripeId("cus");
    stripeServer.whileAnswering("POST", /^\/v1\/customers$/, async () => {
      await t.db
        .update(organizationTable)
        .set({ stripeCustomerId: linkedByWebhook })
        .where(eq(organizationTable.id, organization.id));
    });
    const session = await createCheckoutSession(deps, {
      organizationId: organization.id,
      item: { kind: "product", productId: "credit-pack" },
      ...urls,
    });
    expect(await customerOf(organization.id)).toBe(linkedByWebhook);
    expect(stripeServer.checkoutSessions.get(session.id)?.["customer"]).toBe(
      linkedByWebhook,
    );
  });

  it("an organization with a live subscription is refused before anything reaches Stripe", async () => {
    const { organization } = await organizationWithMembers(1);
    await t.db
      .insert(subscriptionTable)
      .values({
        id: stripeId("sub"),
        organizationId: organization.id,
        stripeCustomerId: "cus_x",
        status: "past_due",
      });
    await expectBillingError(
      createCheckoutSession(deps, {
        organizationId: organization.id,
        item: { kind: "plan", planId: "pro", interval: "month" },
        ...urls,
      }),
      BillingErrorCode.alreadySubscribed,
      /past_due.*billing portal/,
    );
    expect(requestsFor(organization.id)).toEqual([]);
    expect(await customerOf(organization.id)).toBeNull();
  });

  it.each([
    [
      { kind: "plan", planId: "free", interval: "month" },
      urls,
      BillingErrorCode.invalidInput,
      /Free plan needs no checkout/,
    ],
    [
      { kind: "plan", planId: "enterprise", interval: "month" },
      urls,
      BillingErrorCode.invalidInput,
      /sold by contract/,
    ],
    [
      { kind: "plan", planId: "gold", interval: "month" },
      urls,
      BillingErrorCode.invalidInput,
      /item.planId/,
    ],
    [
      { kind: "plan", planId: "pro", interval: "week" },
      urls,
      BillingErrorCode.invalidInput,
      /item.interval/,
    ],
    [
      { kind: "product", productId: "credit-pack", quantity: 0 },
      urls,
      BillingErrorCode.invalidInput,
      /item.quantity/,
    ],
    [
      { kind: "product", productId: "credit-pack" },
      { ...urls, successUrl: "javascript:alert(1)" },
      BillingErrorCode.invalidInput,
      /successUrl/,
    ],
    [
      { kind: "product", productId: "credit-pack" },
      { ...urls, cancelUrl: "/relative" },
      BillingErrorCode.invalidInput,
      /cancelUrl/,
    ],
  ] as const)(
    "refuses %j with a message naming the field, and changes nothing",
    async (item, urlInput, code, message) => {
      const { organization } = await organizationWithMembers(1);
      await expectBillingError(
        // Inputs arrive from a form: the wrong ones must be refused at run time, whatever the types say.
        createCheckoutSession(deps, {
          organizationId: organization.id,
          item: item as never,
          ...urlInput,
        }),
        code,
        message,
      );
      expect(requestsFor(organization.id)).toEqual([]);
      expect(await customerOf(organization.id)).toBeNull();
    },
  );

  it("says billing is not configured when the catalog has no Stripe prices", async () => {
    const { organization } = await organizationWithMembers(1);
    await expectBillingError(
      createCheckoutSession(
        { ...deps, catalog: createCatalog(null) },
        {
          organizationId: organization.id,
          item: { kind: "plan", planId: "pro", interval: "month" },
          ...urls,
        },
      ),
      BillingErrorCode.notConfigured,
    );
    expect(await customerOf(organization.id)).toBeNull();
  });

  it("when Stripe fails to create the customer, no customer is recorded and the error surfaces", async () => {
    const { organization } = await organizationWithMembers(1);
    stripeServer.failNext("POST", /^\/v1\/customers$/);
    await expect(
      createCheckoutSession(deps, {
        organizationId: organization.id,
        item: { kind: "product", productId: "credit-pack" },
        ...urls,
      }),
    ).rejects.toThrow(/told to fail/);
    expect(await customerOf(organization.id)).toBeNull();
  });
});

describe("createPortalSession", () => {
  it("opens the portal of the organization's Stripe customer", async () => {
    const { organization } = await organizationWithMembers(1);
    await createCheckoutSession(deps, {
      organizationId: organization.id,
      item: { kind: "product", productId: "credit-pack" },
      ...urls,
    });
    const customer = await customerOf(organization.id);

    const portal = await createPortalSession(deps, {
      organizationId: organization.id,
      returnUrl: urls.cancelUrl,
    });

    expect(portal.url).toMatch(/^https:\/\//);
    expect(stripeServer.requests.at(-1)).toMatchObject({
      path: "/v1/billing_portal/sessions",
      params: { customer, return_url: urls.cancelUrl },
    });
  });

  it("refuses an organization that never bought anything, and a bad return URL", async () => {
    const { organization } = await organizationWithMembers(1);
    const before = stripeServer.requests.length;
    await expectBillingError(
      createPortalSession(deps, {
        organizationId: organization.id,
        returnUrl: urls.cancelUrl,
      }),
      BillingErrorCode.noCustomer,
    );
    await expectBillingError(
      createPortalSession(deps, {
        organizationId: organization.id,
        returnUrl: "ftp://x",
      }),
      BillingErrorCode.invalidInput,
      /returnUrl/,
    );
    expect(stripeServer.requests.length).toBe(before);
  });
});
