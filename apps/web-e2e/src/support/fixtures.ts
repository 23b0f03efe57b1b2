import { randomBytes, randomInt } from "node:crypto";
import { waitForEmail } from "@saas/email/outbox";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eEnvironment } from "./environment.mjs";

export const environment = e2eEnvironment();
export const PASSWORD = "a long enough passphrase";

/** A client address of its own for each browser, as the trusted proxy header would carry. */
export const randomIp = () => `10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 254)}`;

export const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.test`;

export const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this parameter
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": randomIp() });
  },
});
export { expect };

/** A second person, in a browser of their own (own cookies, own client address). */
export function newPerson(browser: Browser, baseURL = environment.webUrl): Promise<BrowserContext> {
  return browser.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": randomIp() } });
}

/** The link in the newest email to `to` whose subject contains `subject`, read from the outbox. */
export async function emailedLink(to: string, subject: string): Promise<string> {
  const mail = await waitForEmail(environment.outbox, { to, subject }, 30_000);
  if (!mail.actionUrl) throw new Error(`The email "${mail.subject}" to ${to} has no link`);
  return mail.actionUrl;
}

/** Signs up through the form, then follows the emailed link, as a person would. */
export async function signUpThroughTheForms(page: Page, person: { name: string; email: string }) {
  await page.getByLabel("Your name").fill(person.name);
  await expect(page.getByLabel("Work email")).toBeVisible();
  if ((await page.getByLabel("Work email").inputValue()) !== person.email) await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(person.email)).toBeVisible();
  await page.goto(await emailedLink(person.email, "Confirm your email"));
}

export async function signIn(page: Page, { email, password = PASSWORD }: { email: string; password?: string }) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
