import { invitationTable, rateLimitTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMIT_RULES } from "./policy";
import { createAuthHarness, nextIp, PASSWORD, type AuthHarness } from "./testing/harness";
import { totpFromUri } from "./test-authenticator";

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(() => h.dispose());

const signInLimit = RATE_LIMIT_RULES["/sign-in/email"].max;

describe("the client's address (rate limits, audit entries)", () => {
  it("is the right-most address of the trusted header that is not a trusted proxy, never the client's own first entry", async () => {
    const behindProxies = h.app({ trustedProxies: ["10.0.0.0/8"] }).auth;
    const forged = new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.1.2.3" });
    expect(behindProxies.clientIp(forged)).toBe("198.51.100.7");
    // Without trusted proxies, only a single address is believed: a chain could start with anything
    // (what is left is Better Auth's fallback: none in production, loopback in development and tests).
    expect([null, "127.0.0.1"]).toContain(h.auth.clientIp(forged));
    expect(h.auth.clientIp(new Headers({ "x-forwarded-for": "198.51.100.8" }))).toBe("198.51.100.8");
    expect(h.app({ trustedIpHeader: undefined }).auth.clientIp(new Headers({ "x-forwarded-for": "198.51.100.8" }))).toBeNull();
  });
});

describe("rate limits stored in PostgreSQL", () => {
  it(`answers 429 with Retry-After to attempt ${signInLimit + 1}, across two instances sharing the database`, async () => {
    const { email } = await h.signUp();
    const second = h.app();
    const ip = nextIp();
    const instances = [h.browser(ip), second.browser(ip)];
    for (let attempt = 1; attempt <= signInLimit; attempt++) {
      const response = await instances[attempt % 2]!.post("/sign-in/email", { email, password: `wrong password ${attempt}` });
      expect({ attempt, status: response.status }).toEqual({ attempt, status: 401 });
    }
    const limited = await instances[(signInLimit + 1) % 2]!.post("/sign-in/email", { email, password: "wrong password again" });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMIT_RULES["/sign-in/email"].window);
    expect(limited.headers.get("x-retry-after")).toBe(String(retryAfter));

    // Even the right password waits: the limit is on the endpoint, per client.
    expect((await instances[0]!.post("/sign-in/email", { email, password: PASSWORD })).status).toBe(429);
    // A freshly started instance (a restart, a new server) reads the same counters.
    expect((await h.app().browser(ip).post("/sign-in/email", { email, password: PASSWORD })).status).toBe(429);
    // Another client is not affected.
    expect((await h.browser().post("/sign-in/email", { email, password: PASSWORD })).status).toBe(200);
    // The counters are rows in PostgreSQL.
    const rows = await h.database.db.select().from(rateLimitTable);
    expect(rows.some((row) => row.key === `${ip}|/sign-in/email` && row.count >= signInLimit)).toBe(true);
  });

  it("believes no client-IP header unless one is configured: rotating X-Forwarded-For does not escape", async () => {
    const { email } = await h.signUp();
    const untrusting = h.app({ trustedIpHeader: undefined });
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= signInLimit + 1; attempt++) {
      // Each request claims another address; none is believed, so they share one bucket.
      statuses.push((await untrusting.browser(nextIp()).post("/sign-in/email", { email, password: "wrong password" })).status);
    }
    expect(statuses.slice(0, signInLimit)).toEqual(Array(signInLimit).fill(401));
    expect(statuses.at(-1)).toBe(429);
  });

  it("limits 2FA code guesses", async () => {
    const { browser, email } = await h.signUp();
    const { totpURI } = (await browser.post("/two-factor/enable", { password: PASSWORD })).body as { totpURI: string };
    await browser.post("/two-factor/verify-totp", { code: totpFromUri(totpURI) });
    const device = h.browser();
    await device.post("/sign-in/email", { email, password: PASSWORD });
    const wrong = totpFromUri(totpURI) === "000000" ? "111111" : "000000";
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= RATE_LIMIT_RULES["/two-factor/*"].max + 1; attempt++) {
      statuses.push((await device.post("/two-factor/verify-totp", { code: wrong })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect((await device.get("/get-session")).body).toBeNull();
  });

  it("limits sign-ups and password-reset requests", async () => {
    const browser = h.browser();
    const signUps: number[] = [];
    for (let attempt = 1; attempt <= RATE_LIMIT_RULES["/sign-up/email"].max + 1; attempt++) {
      signUps.push((await browser.post("/sign-up/email", { name: "Flood", email: `flood-${attempt}@example.test`, password: PASSWORD })).status);
    }
    expect(signUps.at(-1)).toBe(429);

    const resets: number[] = [];
    for (let attempt = 1; attempt <= RATE_LIMIT_RULES["/request-password-reset"].max + 1; attempt++) {
      resets.push((await browser.post("/request-password-reset", { email: "flood-1@example.test", redirectTo: "/reset-password" })).status);
    }
    expect(resets.slice(0, -1).every((status) => status === 200)).toBe(true);
    expect(resets.at(-1)).toBe(429);
  });

  it("limits invitations (each one emails an address the inviter chooses): the next one answers 429 and sends nothing", async () => {
    const rule = RATE_LIMIT_RULES["/organization/invite-member"];
    expect(rule).toEqual({ window: 600, max: 10 });
    const owner = await h.signUp();
    const organizationId = (await owner.browser.post("/organization/create", { name: "Spam Co", slug: `spam-co-${Date.now().toString(36)}` })).body.id as string;
    const invite = (browser: typeof owner.browser, n: number) =>
      browser.post("/organization/invite-member", { email: `spam-target-${organizationId}-${n}@example.test`, role: "member", organizationId });
    for (let n = 1; n <= rule.max; n++) {
      const response = await invite(owner.browser, n);
      expect({ n, status: response.status }).toEqual({ n, status: 200 });
    }
    const invitationsBefore = await h.database.db.select().from(invitationTable).where(eq(invitationTable.organizationId, organizationId));
    expect(invitationsBefore).toHaveLength(rule.max);

    const limited = await invite(owner.browser, rule.max + 1);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(rule.window);
    // Nothing was created and no email went out for the refused one (the last allowed one did).
    await h.waitForEmail(`spam-target-${organizationId}-${rule.max}@example.test`);
    expect(await h.database.db.select().from(invitationTable).where(eq(invitationTable.organizationId, organizationId))).toEqual(invitationsBefore);
    const refusedAddress = `spam-target-${organizationId}-${rule.max + 1}@example.test`;
    expect((await h.sentEmails()).some((mail) => mail.to.includes(refusedAddress))).toBe(false);
  });
});
