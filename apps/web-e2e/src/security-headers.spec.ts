import { environment, expect, test } from "./support/fixtures";

// The security headers on a page and an API of both apps, and pages that still work under their
// Content-Security-Policy (a script it blocked would show in the console and break the page).

const EXPECTED = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
};

for (const app of [
  { name: "web", url: environment.webUrl, referrer: "strict-origin-when-cross-origin" },
  { name: "admin", url: environment.adminUrl, referrer: "no-referrer" },
]) {
  test(`${app.name}: a page and an API answer with the security headers`, async ({ request }) => {
    const page = await request.get(`${app.url}/sign-in`);
    const headers = page.headers();
    expect(headers).toMatchObject({ ...EXPECTED, "referrer-policy": app.referrer });
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["permissions-policy"]).toContain("camera=()");

    const api = await request.get(`${app.url}/api/health`);
    expect(api.headers()).toMatchObject({ ...EXPECTED, "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" });
  });

  test(`${app.name}: the sign-in page works under its policy, with no violation`, async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${app.url}/sign-in`);
    // The form is checked in the browser before any request: its scripts ran.
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email address")).toBeVisible();
    expect(violations).toEqual([]);
  });
}
