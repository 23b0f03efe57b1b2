import { mkdir } from "node:fs/promises";
import path from "node:path";
import { invoiceObject, proSubscription, signStripeEvent, startLocalStripeServer, stripeEvent, stripeId, TEST_WEBHOOK_SECRET } from "@saas/billing/testing";
import { billingEventTable, createDb, organizationTable, subscriptionHistoryTable, subscriptionTable, userTable, type Database } from "@saas/db";
import { issueStaffEnrolment } from "@saas/auth";
import { totpFromUri } from "@saas/auth/test-authenticator";
import type { Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { environment, expect, PASSWORD, randomIp, signIn, signUpThroughTheForms, test, uniqueEmail } from "./support/fixtures";

/** From the one-time enrolment link (what `npm run staff:enrol` prints) to the console's overview. */
async function enrolTwoFactor(page: Page, db: Database, email: string, password: string) {
  const link = await issueStaffEnrolment(db, { email, adminUrl: environment.adminUrl });
  await page.goto(link.url);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  await page.getByLabel("Code from the app").fill(totpFromUri(`otpauth://totp/x?secret=${secret}`));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Backup codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByRole("heading", { name: "Platform overview" })).toBeVisible();
}

test.use({ baseURL: environment.adminUrl });

test("a customer is turned away from the staff console", async ({ page, browser }) => {
  const customer = { name: "Cathy Customer", email: uniqueEmail("customer") };
  const web = await browser.newContext({ baseURL: environment.webUrl });
  const webPage = await web.newPage();
  await webPage.goto("/sign-up");
  await signUpThroughTheForms(webPage, customer);
  await expect(webPage.getByRole("heading", { name: "Create your first organization" })).toBeVisible();
  await web.close();

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, { email: customer.email, password: PASSWORD });
  await expect(page.getByRole("alert").filter({ hasText: "This console is for staff only" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  // Still nothing to see.
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByText("Platform overview")).toHaveCount(0);
  // "Forgot your password?" stays in the console (its link is emailed to staff accounts only).
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(environment.adminUrl).origin);
});

test("staff set up two-factor authentication from their enrolment link first; a demoted staff member gets a 403 and no data", async ({ page }) => {
  // The staff login `npm run dev` prints (demo data), with its printed password.
  const staffEmail = "staff@acme.example";
  await page.goto("/");
  await signIn(page, { email: staffEmail, password: "acme-demo-password" });
  await expect(page).toHaveURL(/\/enrol-two-factor$/);
  await expect(page.getByRole("heading", { name: "Set up two-factor authentication" })).toBeVisible();
  // The password alone does not open enrolment, and nothing else opens before it.
  await expect(page.getByText("Open your enrolment link")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await page.goto("/");
  await expect(page).toHaveURL(/\/enrol-two-factor$/);

  // The one-time link (`npm run staff:enrol -- staff@acme.example`, or the one `npm run dev` prints).
  const db = createDb(environment.databaseUrl, { max: 1 });
  await enrolTwoFactor(page, db, staffEmail, "acme-demo-password");

  // The role is checked on every request: once demoted, the same session gets a 403 page with no data.
  try {
    await db.update(userTable).set({ role: "user" }).where(eq(userTable.email, staffEmail));
    const response = await page.goto("/");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Staff only" })).toBeVisible();
    await expect(page.getByText("Platform overview")).toHaveCount(0);
    await expect(page.getByText("Users")).toHaveCount(0);
  } finally {
    await db.update(userTable).set({ role: "admin" }).where(eq(userTable.email, staffEmail));
    await db.close();
  }
});

/** A staff member of their own: signed up through the auth API, made a verified platform admin, through 2FA enrolment, signed in to the console. */
async function signInAsNewStaffMember(page: Page, db: Database, path: string) {
  const staff = { name: "Sam Support", email: uniqueEmail("support") };
  const signUp = await fetch(`${environment.webUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: environment.webUrl, "x-forwarded-for": randomIp() },
    body: JSON.stringify({ ...staff, password: PASSWORD }),
  });
  expect(signUp.status).toBe(200);
  await db.update(userTable).set({ role: "admin", emailVerified: true }).where(eq(userTable.email, staff.email));
  await page.goto(path);
  await signIn(page, { email: staff.email });
  await expect(page).toHaveURL(/\/enrol-two-factor/);
  await enrolTwoFactor(page, db, staff.email, PASSWORD);
  return staff;
}

test("staff find a user, ban them with a reason and lift the ban; both are in the audit log", async ({ page }) => {
  const db = createDb(environment.databaseUrl, { max: 1 });
  try {
    const staff = await signInAsNewStaffMember(page, db, "/users");
    const surname = `Banme${Date.now().toString(36)}`;
    await db.insert(userTable).values({ name: `Troy ${surname}`, email: uniqueEmail("troy"), emailVerified: true });
    await page.goto("/users");

    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    await page.getByLabel("Email or name").fill(surname.toLowerCase().slice(0, 8));
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: `Troy ${surname}` }).click();
    await expect(page.getByRole("heading", { name: `Troy ${surname}` })).toBeVisible();

    const ban = page.getByRole("form", { name: "Ban", exact: true });
    await ban.getByLabel("Reason").fill("Chargebacks on three cards");
    await ban.getByRole("button", { name: "Ban", exact: true }).click();
    await expect(page.getByText("Banned", { exact: true }).first()).toBeVisible();
    await expect(page.getByText("Chargebacks on three cards").first()).toBeVisible();
    const unban = page.getByRole("form", { name: "Unban", exact: true });
    await unban.getByLabel("Reason (optional)").fill("Cleared by finance");
    await unban.getByRole("button", { name: "Unban" }).click();
    await expect(page.getByRole("form", { name: "Ban", exact: true })).toBeVisible();
    await expect(page.getByText("Banned. Their sessions have ended.")).toHaveCount(0);
    const [troy] = await db.select().from(userTable).where(eq(userTable.name, `Troy ${surname}`));
    expect(troy?.banned).toBe(false);

    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" }).click();
    await page.getByLabel("Staff member").fill(staff.email);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("user.unban")).toBeVisible();
    await expect(page.getByText("user.ban", { exact: true })).toBeVisible();
    await expect(page.getByText("“Cleared by finance”")).toBeVisible();

    const dir = environment.screenshotsDir;
    if (dir) {
      await mkdir(dir, { recursive: true });
      // The demo organization (npm run dev's): members, a credits ledger.
      const [demo] = await db.select().from(organizationTable).orderBy(organizationTable.createdAt).limit(1);
      const shoot = async (name: string) => {
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
      };
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`/users?q=${surname.toLowerCase()}`);
        await shoot(`console-users-${scheme}`);
        await page.goto(`/users/${troy!.id}`);
        await shoot(`console-user-${scheme}`);
        await page.goto("/audit");
        await shoot(`console-audit-${scheme}`);
        await page.goto("/organizations");
        await shoot(`console-organizations-${scheme}`);
        await page.goto(`/organizations/${demo!.id}`);
        await shoot(`console-organization-${scheme}`);
        await page.goto("/account");
        await shoot(`console-account-${scheme}`);
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/users/${troy!.id}`);
      await shoot("console-user-390");
      await page.goto(`/organizations/${demo!.id}`);
      await shoot("console-organization-390");
      await page.goto("/users");
      await shoot("console-users-390");
    }
  } finally {
    await db.close();
  }
});

test("staff replay a failed billing event once its cause is fixed, and see it applied", async ({ page }) => {
  const stripe = await startLocalStripeServer({ port: environment.stripePort });
  const db = createDb(environment.databaseUrl, { max: 1 });
  try {
    // An invoice for a subscription Stripe does not know yet: the worker records the event as failed.
    const [organization] = await db.insert(organizationTable).values({ name: "Replay Co", slug: `replay-${Date.now().toString(36)}` }).returning();
    const customer = stripeId("cus");
    const subscription = proSubscription(customer, organization!.id);
    const event = stripeEvent("invoice.paid", invoiceObject({ customer, subscription: subscription.id, subscriptionMetadata: { organizationId: organization!.id } }));
    const { payload, signature } = signStripeEvent(event, TEST_WEBHOOK_SECRET);
    await fetch(`${environment.workerUrl}/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
    await expect.poll(async () => (await db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, event.id)))[0]?.status).toBe("failed");

    await signInAsNewStaffMember(page, db, "/billing-events");
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Billing events" }).click();
    await page.getByLabel("Stripe event id").fill(event.id);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByRole("link", { name: "invoice.paid" }).click();
    await expect(page.getByText("No such subscription").first()).toBeVisible();
    await expect(page.getByText(`"${event.id}"`)).toBeVisible(); // the payload

    stripe.putSubscription(subscription);
    const replay = page.getByRole("form", { name: "Replay", exact: true });
    await replay.getByLabel("Reason").fill("The subscription exists in Stripe now");
    await replay.getByRole("button", { name: "Replay" }).click();
    await expect(page.getByText("Replayed: the event is applied.")).toBeVisible();
    await expect(page.getByText("processed", { exact: true }).first()).toBeVisible();
    await expect(page.getByText("billing_event.replay")).toBeVisible();
    expect((await db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, event.id)))[0]?.status).toBe("processed");

    const dir = environment.screenshotsDir;
    if (dir) {
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(dir, `console-event-${scheme}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/billing-events");
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(dir, "console-events-390.png"), fullPage: true });
    }
  } finally {
    await db.close();
    await stripe.close();
  }
});

test("staff find a customer from the header's search, impersonate them with a reason and see the banner in the web app until they stop; the revenue page opens", async ({ page }) => {
  const db = createDb(environment.databaseUrl, { max: 1 });
  try {
    const surname = `Viewme${Date.now().toString(36)}`;
    const [ivy] = await db.insert(userTable).values({ name: `Ivy ${surname}`, email: uniqueEmail("ivy"), emailVerified: true }).returning();
    await signInAsNewStaffMember(page, db, "/");

    await page.getByRole("searchbox").fill(ivy!.email);
    await page.getByRole("searchbox").press("Enter");
    await expect(page.getByRole("heading", { name: "Search" })).toBeVisible();
    await page.getByRole("link", { name: `Ivy ${surname}` }).click();
    await expect(page.getByRole("heading", { name: `Ivy ${surname}` })).toBeVisible();

    const impersonate = page.getByRole("form", { name: "Impersonate", exact: true });
    await impersonate.getByLabel("Reason").fill("Ticket 4711: cannot find the leads page");
    await impersonate.getByRole("button", { name: "Impersonate" }).click();
    const popup = page.context().waitForEvent("page");
    await page.getByRole("link", { name: "Open the web app as this person" }).click();
    const web = await popup;
    const banner = web.getByRole("status").filter({ hasText: "You are viewing as" });
    await expect(banner).toContainText(`Ivy ${surname}`);
    await expect(web.getByRole("heading", { name: "Create your first organization" })).toBeVisible();

    const dir = environment.screenshotsDir;
    if (dir) {
      for (const scheme of ["light", "dark"] as const) {
        await web.emulateMedia({ colorScheme: scheme });
        await web.waitForTimeout(400);
        await web.screenshot({ path: path.join(dir, `web-impersonation-${scheme}.png`), fullPage: true });
      }
      await web.setViewportSize({ width: 390, height: 844 });
      await web.waitForTimeout(400);
      await web.screenshot({ path: path.join(dir, "web-impersonation-390.png"), fullPage: true });
    }

    await banner.getByRole("button", { name: "Stop" }).click();
    await expect(web.getByText("Impersonation ended.")).toBeVisible();
    await expect(web).toHaveURL(/\/sign-in\?impersonation=ended$/);
    // Signed out of the web app (the context's base URL is the console's: the web app's in full).
    await web.goto(`${environment.webUrl}/`);
    await expect(web).toHaveURL(/\/sign-in/);

    await page.reload();
    await expect(page.getByText("user.impersonate.start")).toBeVisible();
    await expect(page.getByText("user.impersonate.stop")).toBeVisible();
    await expect(page.getByText("“Ticket 4711: cannot find the leads page”")).toBeVisible();

    // A customer paying in euros since four months ago, upgraded last month (what the webhook inbox
    // would have written; no other test bills in euros).
    const [euro] = await db.insert(organizationTable).values({ name: "Euro GmbH", slug: `euro-${Date.now().toString(36)}` }).returning();
    const subscriptionId = `sub_e2e_${Date.now().toString(36)}`;
    await db.insert(subscriptionTable).values({ id: subscriptionId, organizationId: euro!.id, stripeCustomerId: stripeId("cus"), status: "active", planId: "pro", quantity: 4 });
    const monthsAgo = (months: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - months, 10));
    await db.insert(subscriptionHistoryTable).values([
      { subscriptionId, organizationId: euro!.id, status: "active", planId: "pro", quantity: 2, mrrAmount: 2400, currency: "eur", interval: "month", intervalCount: 1, source: "event", occurredAt: monthsAgo(4) },
      { subscriptionId, organizationId: euro!.id, status: "active", planId: "pro", quantity: 4, mrrAmount: 4800, currency: "eur", interval: "month", intervalCount: 1, source: "event", occurredAt: monthsAgo(1) },
    ]);

    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Revenue" }).click();
    await expect(page.getByRole("heading", { name: "Revenue", exact: true })).toBeVisible();
    const eur = page.getByRole("region", { name: "EUR" });
    await expect(eur.getByText("€48.00").first()).toBeVisible(); // MRR
    await expect(eur.getByText("€576.00")).toBeVisible(); // ARR
    await expect(page.getByRole("heading", { name: "Subscriptions and payments, all currencies" })).toBeVisible();
    if (dir) {
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(dir, `console-revenue-${scheme}.png`), fullPage: true });
        await page.goto(`/search?q=${surname.toLowerCase()}`);
        await page.screenshot({ path: path.join(dir, `console-search-${scheme}.png`), fullPage: true });
        await page.goto("/revenue");
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(dir, "console-revenue-390.png"), fullPage: true });
    }
  } finally {
    await db.close();
  }
});
