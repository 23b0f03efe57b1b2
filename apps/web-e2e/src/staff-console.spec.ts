import { createDb, userTable } from "@saas/db";
import { issueStaffEnrolment } from "@saas/auth";
import { totpFromUri } from "@saas/auth/test-authenticator";
import { eq } from "drizzle-orm";
import { environment, expect, PASSWORD, signIn, signUpThroughTheForms, test, uniqueEmail } from "./support/fixtures";

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
  const link = await issueStaffEnrolment(db, { email: staffEmail, adminUrl: environment.adminUrl });
  await page.goto(link.url);
  await page.getByLabel("Password").fill("acme-demo-password");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  await page.getByLabel("Code from the app").fill(totpFromUri(`otpauth://totp/x?secret=${secret}`));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Backup codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByRole("heading", { name: "Platform overview" })).toBeVisible();

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
