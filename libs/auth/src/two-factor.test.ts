import { twoFactorTable, userTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthHarness, PASSWORD, type AuthHarness, type TestBrowser } from "./testing/harness";
import { totpFromUri } from "./test-authenticator";

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(() => h.dispose());

/** Enrols the signed-in browser the way the settings page does, with a code computed here. */
async function enrol(browser: TestBrowser) {
  const enable = await browser.post("/two-factor/enable", { password: PASSWORD });
  expect(enable.status).toBe(200);
  const { totpURI, backupCodes } = enable.body as { totpURI: string; backupCodes: string[] };
  const confirm = await browser.post("/two-factor/verify-totp", { code: totpFromUri(totpURI) });
  expect(confirm.status).toBe(200);
  return { totpURI, backupCodes };
}

describe("two-factor authentication", () => {
  it("enrols with a TOTP code; sign-in then needs the code and gives no session before it", async () => {
    const { browser, email, userId } = await h.signUp();
    const enable = await browser.post("/two-factor/enable", { password: PASSWORD });
    const { totpURI, backupCodes } = enable.body as { totpURI: string; backupCodes: string[] };
    expect(totpURI).toMatch(/^otpauth:\/\/totp\/Acme%20CRM:/);
    expect(backupCodes).toHaveLength(10);
    // Not on until a code from the app proves the secret was scanned.
    expect((await h.database.db.select().from(userTable).where(eq(userTable.id, userId)))[0]?.twoFactorEnabled).toBe(false);

    const wrong = await browser.post("/two-factor/verify-totp", { code: "000000" === totpFromUri(totpURI) ? "111111" : "000000" });
    expect(wrong.status).toBe(401);
    expect((await h.database.db.select().from(userTable).where(eq(userTable.id, userId)))[0]?.twoFactorEnabled).toBe(false);

    expect((await browser.post("/two-factor/verify-totp", { code: totpFromUri(totpURI) })).status).toBe(200);
    expect((await h.database.db.select().from(userTable).where(eq(userTable.id, userId)))[0]?.twoFactorEnabled).toBe(true);
    const notice = await h.waitForEmail(email, "Two-factor authentication is on");
    expect(notice.actionUrl).toBe("http://localhost:3000/settings/two-factor");

    // Secrets at rest are encrypted: neither the TOTP secret nor a backup code appears in the row.
    const [stored] = await h.database.db.select().from(twoFactorTable).where(eq(twoFactorTable.userId, userId));
    expect(stored?.secret).not.toContain(new URL(totpURI).searchParams.get("secret"));
    for (const code of backupCodes) expect(stored?.backupCodes).not.toContain(code);

    const device = h.browser();
    const signIn = await device.post("/sign-in/email", { email, password: PASSWORD });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ twoFactorRedirect: true });
    // Password alone: no session, and protected endpoints refuse.
    expect([...device.cookies.keys()].some((name) => name.endsWith("session_token"))).toBe(false);
    expect((await device.get("/get-session")).body).toBeNull();
    expect((await device.get("/organization/list")).status).toBe(401);

    const badCode = await device.post("/two-factor/verify-totp", { code: "12345" });
    expect(badCode.status).toBe(400);
    expect(badCode.body.fieldErrors).toEqual({ code: "Enter the 6-digit code from your authenticator app" });
    expect((await device.get("/get-session")).body).toBeNull();

    const verified = await device.post("/two-factor/verify-totp", { code: totpFromUri(totpURI) });
    expect(verified.status).toBe(200);
    expect((await device.get("/get-session")).body.user.email).toBe(email);
  });

  it("accepts a backup code once and only once", async () => {
    const { browser, email } = await h.signUp();
    const { backupCodes } = await enrol(browser);
    const code = backupCodes[0]!;

    const first = h.browser();
    await first.post("/sign-in/email", { email, password: PASSWORD });
    const used = await first.post("/two-factor/verify-backup-code", { code });
    expect(used.status).toBe(200);
    expect((await first.get("/get-session")).body.user.email).toBe(email);

    const second = h.browser();
    await second.post("/sign-in/email", { email, password: PASSWORD });
    const reused = await second.post("/two-factor/verify-backup-code", { code });
    expect(reused.status).toBe(401);
    expect((await second.get("/get-session")).body).toBeNull();
    // Another, unused code still works.
    expect((await second.post("/two-factor/verify-backup-code", { code: backupCodes[1]! })).status).toBe(200);
  });

  it("refuses to verify a code without the password step, and to enrol without the password", async () => {
    const { browser } = await h.signUp();
    expect((await browser.post("/two-factor/enable", { password: "wrong password!" })).status).toBe(400);
    await enrol(browser);

    // No pending sign-in cookie: verifying a code alone signs nobody in.
    const stranger = h.browser();
    const attempt = await stranger.post("/two-factor/verify-totp", { code: "123456" });
    expect(attempt.status).toBe(401);
    expect((await stranger.get("/get-session")).body).toBeNull();
  });
});
