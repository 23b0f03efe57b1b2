import { organizationTable, userTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeNextPath } from "./redirects";
import { createAuthHarness, PASSWORD, type AuthHarness } from "./testing/harness";

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness({ extraTrustedOrigins: ["https://partner.example.com"] });
});
afterAll(() => h.dispose());

const EVIL = "https://evil.example";
const userExists = async (email: string) => (await h.database.db.select().from(userTable).where(eq(userTable.email, email))).length > 0;

describe("requests from another origin", () => {
  it("refuses a cross-origin POST even without cookies, and creates nothing", async () => {
    const response = await h.browser().post("/sign-up/email", { name: "Forged", email: "forged@example.test", password: PASSWORD }, { origin: EVIL });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("INVALID_ORIGIN");
    expect(await userExists("forged@example.test")).toBe(false);
  });

  it("refuses a cross-origin POST that carries the victim's cookies", async () => {
    const { browser } = await h.signUp();
    const response = await browser.post("/organization/create", { name: "Forged Org", slug: "forged-org" }, { origin: EVIL });
    expect(response.status).toBe(403);
    expect(await h.database.db.select().from(organizationTable).where(eq(organizationTable.slug, "forged-org"))).toEqual([]);
  });

  it("refuses a cross-site request without an Origin header when the browser says it is cross-site", async () => {
    const { browser } = await h.signUp();
    const response = await browser.request("POST", "/organization/create", {
      body: { name: "Forged Org", slug: "forged-org-2" },
      headers: { origin: "", "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(403);
  });

  it("accepts the app's own origin and the exact extra origins, and nothing that merely looks like them", async () => {
    for (const origin of ["http://localhost:3000.evil.example", "http://localhost:30000", "https://partner.example.com.evil.example", "null"]) {
      const response = await h.browser().post("/request-password-reset", { email: "x@example.test", redirectTo: "/reset-password" }, { origin });
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
    }
    for (const origin of ["http://localhost:3000", "https://partner.example.com"]) {
      const response = await h.browser().post("/request-password-reset", { email: "x@example.test", redirectTo: "/reset-password" }, { origin });
      expect({ origin, status: response.status }).toEqual({ origin, status: 200 });
    }
  });
});

describe("callback and redirect URLs", () => {
  it("refuses an off-site callbackURL at sign-up, and creates nothing", async () => {
    for (const callbackURL of [`${EVIL}/welcome`, "//evil.example/welcome", "/\\evil.example"]) {
      const email = `callback-${encodeURIComponent(callbackURL).length}@example.test`;
      const response = await h.browser().post("/sign-up/email", { name: "Victim", email, password: PASSWORD, callbackURL });
      expect({ callbackURL, status: response.status }).toEqual({ callbackURL, status: 403 });
      expect(await userExists(email)).toBe(false);
    }
  });

  it("refuses an off-site password-reset redirect, and sends no email", async () => {
    const { email } = await h.signUp();
    const before = (await h.sentEmails()).length;
    const response = await h.browser().post("/request-password-reset", { email, redirectTo: `${EVIL}/steal` });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("INVALID_REDIRECT_URL");
    expect((await h.sentEmails()).length).toBe(before);
  });

  it("refuses an emailed verification link whose callback was changed to another site", async () => {
    const browser = h.browser();
    await browser.post("/sign-up/email", { name: "Link", email: "link@example.test", password: PASSWORD, callbackURL: "/" });
    const mail = await h.waitForEmail("link@example.test");
    const tampered = mail.actionUrl!.replace(/callbackURL=[^&]*/, `callbackURL=${encodeURIComponent(`${EVIL}/x`)}`);
    const response = await browser.get(tampered);
    expect(response.status).toBe(403);
    expect((await h.database.db.select().from(userTable).where(eq(userTable.email, "link@example.test")))[0]?.emailVerified).toBe(false);
  });

  it("accepts a path on this site", async () => {
    const response = await h.browser().post("/sign-up/email", { name: "Fine", email: "fine@example.test", password: PASSWORD, callbackURL: "/welcome?step=2" });
    expect(response.status).toBe(200);
  });
});

describe("safeNextPath (the ?next= of the sign-in pages)", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/members?tab=invitations#top")).toBe("/members?tab=invitations#top");
    expect(safeNextPath("/accept-invitation/0b7f")).toBe("/accept-invitation/0b7f");
  });

  it("replaces anything that could leave the site", () => {
    const cases: [string | null | undefined, string][] = [
      ["https://evil.example", "/home"],
      ["//evil.example", "/home"],
      ["/\\evil.example", "/home"],
      ["\\\\evil.example", "/home"],
      ["javascript:alert(1)", "/home"],
      ["/\tx", "/home"],
      ["/x\r\nLocation: https://evil.example", "/home"],
      ["evil.example", "/home"],
      ["", "/home"],
      [null, "/home"],
      [undefined, "/home"],
      [`/${"a".repeat(2048)}`, "/home"],
      // Percent-encoded CR/LF stay encoded: a path on this site, no header injection.
      ["/%0d%0aLocation:evil", "/%0d%0aLocation:evil"],
      // Dot segments are resolved, and cannot climb above this site.
      ["/../../evil.example", "/evil.example"],
    ];
    for (const [next, expected] of cases) {
      expect({ next, result: safeNextPath(next, "/home") }).toEqual({ next, result: expected });
    }
  });
});
