import {
  checkoutSessionObject,
  signStripeEvent,
  startLocalStripeServer,
  stripeEvent,
  subscriptionObject,
  TEST_PRICES,
  TEST_STRIPE_SECRET_KEY,
  TEST_WEBHOOK_SECRET,
  type LocalStripeServer,
} from "@saas/billing/testing";
import { createDb, organizationTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { environment, expect, newPerson, signIn, test } from "./support/fixtures";

// Billing in a real browser against the running stack, with billing on: the web app and the
// worker talk to a local Stripe-shaped server (STRIPE_API_BASE_URL) through the real Stripe SDK,
// and the webhook reaches the worker over HTTP, signed as Stripe signs it. The demo organization
// Globex (Dan the owner, Eve a member) starts on Free.

let stripe: LocalStripeServer;

test.beforeAll(async () => {
  stripe = await startLocalStripeServer({ port: environment.stripePort });
});
test.afterAll(async () => {
  await stripe.close();
});

async function globexId(): Promise<string> {
  const db = createDb(environment.databaseUrl, { max: 1 });
  try {
    const [globex] = await db.select({ id: organizationTable.id }).from(organizationTable).where(eq(organizationTable.slug, "globex"));
    if (!globex) throw new Error("The demo organization Globex is missing");
    return globex.id;
  } finally {
    await db.close();
  }
}

test("the apps are configured with the local Stripe server's test values", () => {
  expect(environment.devEnv).toMatchObject({
    STRIPE_SECRET_KEY: TEST_STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_PRICE_PRO_MONTHLY: TEST_PRICES.proMonthly,
    STRIPE_PRICE_PRO_YEARLY: TEST_PRICES.proYearly,
    STRIPE_PRICE_CREDIT_PACK: TEST_PRICES.creditPack,
  });
});

test("a member sees the plan and no upgrade button; the owner upgrades through Checkout and the return page turns to Pro when the webhook lands", async ({ page, browser }) => {
  const organizationId = await globexId();

  // Eve, a member: the plan, what it allows, and whom to ask — no upgrade button.
  const eveContext = await newPerson(browser);
  const eve = await eveContext.newPage();
  await eve.goto("/sign-in");
  await signIn(eve, { email: "eve@globex.example", password: "acme-demo-password" });
  await expect(eve.getByRole("link", { name: "Billing" })).toBeVisible();
  await eve.goto("/billing");
  await expect(eve.getByRole("heading", { name: "Billing", level: 1 })).toBeVisible();
  await expect(eve.getByText(/Only owners and admins can change the plan/)).toBeVisible();
  await expect(eve.getByText(/Dan Owner/).first()).toBeVisible();
  await expect(eve.getByRole("button", { name: "Upgrade to Pro" })).toHaveCount(0);

  // Dan, the owner: upgrade. Stripe's hosted page is not part of the test: the redirect is caught.
  await page.route("https://checkout.stripe.test/**", (route) => route.fulfill({ contentType: "text/html", body: "<h1>Stripe Checkout (test double)</h1>" }));
  await page.goto("/sign-in");
  await signIn(page, { email: "dan@globex.example", password: "acme-demo-password" });
  await expect(page.getByRole("link", { name: "Billing" })).toBeVisible();
  await page.goto("/billing");
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await page.waitForURL(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_/);
  const sessionId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  const session = stripe.checkoutSessions.get(sessionId);
  if (!session) throw new Error(`The local Stripe server knows no checkout session ${sessionId}`);
  expect(session).toMatchObject({ mode: "subscription", client_reference_id: organizationId, line_items: [{ quantity: "2" }] });
  const customer = session["customer"] as string;
  expect(customer).toMatch(/^cus_/);

  // Stripe sends Dan back before its webhook has reached us: the page waits, never says Free.
  await page.goto((session["success_url"] as string).replace("{CHECKOUT_SESSION_ID}", sessionId));
  await expect(page.getByText("Confirming your payment…")).toBeVisible();
  await expect(page.getByText(/Free/)).toHaveCount(0);

  // The payment goes through: Stripe holds the subscription and signs the event to the worker.
  const subscription = subscriptionObject({
    customer,
    status: "active",
    metadata: { organizationId, planId: "pro" },
    items: [{ price: TEST_PRICES.proMonthly, quantity: 2 }],
  });
  stripe.putSubscription(subscription);
  const completed = stripeEvent(
    "checkout.session.completed",
    checkoutSessionObject({
      id: sessionId,
      mode: "subscription",
      customer,
      clientReferenceId: organizationId,
      metadata: { organizationId, planId: "pro" },
      subscription: subscription.id,
    }),
  );
  const { payload, signature } = signStripeEvent(completed, TEST_WEBHOOK_SECRET);
  const delivered = await fetch(`${environment.workerUrl}/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  expect(delivered.status).toBe(200);

  await expect(page.getByRole("heading", { name: "You're on the Pro plan" })).toBeVisible();
  // The member's page says Pro too, and still offers no plan change.
  await eve.reload();
  await expect(eve.getByText("Pro").first()).toBeVisible();
  await expect(eve.getByRole("button", { name: "Upgrade to Pro" })).toHaveCount(0);
  await eveContext.close();
});
