import { accountTable, memberTable, organizationTable, sessionTable, twoFactorTable, UserRole, userTable, verificationTable } from "@saas/db";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { IMPERSONATION_SESSION_SECONDS, SESSION_COOKIE_CACHE_SECONDS } from "./policy";
import { isStaffAuthPath, staffAccessOf } from "./staff-access";
import { issueImpersonationHandoff } from "./impersonation";
import { issueStaffEnrolment, StaffEnrolmentError } from "./staff-enrolment";
import { createAuthHarness, PASSWORD, type AuthHarness, type TestBrowser } from "./testing/harness";
import { totpFromUri } from "./test-authenticator";

const ADMIN_URL = "http://localhost:3001";
let h: AuthHarness;
let console_: ReturnType<AuthHarness["app"]>;

beforeAll(async () => {
  h = await createAuthHarness();
  console_ = h.app({ audience: "staff", baseUrl: ADMIN_URL, webUrl: "http://localhost:3000", cookiePrefix: "saas-admin" });
});
afterAll(() => h.dispose());
afterEach(() => vi.useRealTimers());

const userRow = async (userId: string) => (await h.database.db.select().from(userTable).where(eq(userTable.id, userId)))[0]!;

/** A customer account promoted to staff (as `db:seed` or a database admin would do). */
async function staffMember() {
  const person = await h.signUp();
  await h.database.db.update(userTable).set({ role: UserRole.admin }).where(eq(userTable.id, person.userId));
  return person;
}

/** Signs in to the console, answering the 2FA challenge when there is one. */
async function consoleSignIn(email: string, totpURI?: string): Promise<TestBrowser> {
  const browser = console_.browser();
  const signIn = await browser.post("/sign-in/email", { email, password: PASSWORD });
  expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
  if (signIn.body.twoFactorRedirect) {
    expect(totpURI).toBeDefined();
    expect((await browser.post("/two-factor/verify-totp", { code: totpFromUri(totpURI!) })).status).toBe(200);
  }
  return browser;
}

/** The token of a fresh enrolment link for this staff member, as `npm run staff:enrol` issues. */
async function enrolmentToken(email: string): Promise<string> {
  const { url } = await issueStaffEnrolment(h.database.db, { email, adminUrl: ADMIN_URL });
  expect(url.startsWith(`${ADMIN_URL}/enrol-two-factor?token=`)).toBe(true);
  return new URL(url).searchParams.get("token")!;
}

async function enrolOnConsole(browser: TestBrowser) {
  const email = (await browser.get("/get-session")).body.user.email as string;
  const enable = await browser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: await enrolmentToken(email) });
  expect(enable.status, JSON.stringify(enable.body)).toBe(200);
  const { totpURI } = enable.body as { totpURI: string };
  expect((await browser.post("/two-factor/verify-totp", { code: totpFromUri(totpURI) })).status).toBe(200);
  return totpURI;
}

describe("the staff console", () => {
  it("refuses to sign in anyone whose platform role is not admin, and leaves no session", async () => {
    const customer = await h.signUp();
    const browser = console_.browser();
    const response = await browser.post("/sign-in/email", { email: customer.email, password: PASSWORD });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("STAFF_ONLY");
    expect((await browser.get("/get-session")).body).toBeNull();
    const sessions = await h.database.db.select().from(sessionTable).where(eq(sessionTable.userId, customer.userId));
    expect(sessions).toHaveLength(1); // only the web session from signing up
  });

  it("has no sign-up", async () => {
    const response = await console_.browser().post("/sign-up/email", { name: "Sneaky", email: "sneaky@example.test", password: PASSWORD });
    expect(response.status).toBe(404);
    expect(await h.database.db.select().from(userTable).where(eq(userTable.email, "sneaky@example.test"))).toEqual([]);
  });

  it("lets staff without 2FA in only to enrol; admin endpoints need 2FA and then work", async () => {
    const staff = await staffMember();
    const browser = await consoleSignIn(staff.email);
    const session = await console_.auth.getSession(browser.headers());
    expect(staffAccessOf(session)).toBe("needs-two-factor");
    const early = await browser.get("/admin/list-users");
    expect(early.status).toBe(403);
    expect(early.body.code).toBe("STAFF_NEEDS_TWO_FACTOR");

    const totpURI = await enrolOnConsole(browser);
    // The 2FA-enabled notice links to the console, not to the customer app.
    expect((await h.waitForEmail(staff.email, "Two-factor authentication is on")).actionUrl).toBe(`${ADMIN_URL}/`);
    const again = await consoleSignIn(staff.email, totpURI);
    expect(staffAccessOf(await console_.auth.getSession(again.headers()))).toBe("ok");
    const users = await again.get("/admin/list-users");
    expect(users.status).toBe(200);
    expect(users.body.users.length).toBeGreaterThan(0);
  });

  it("refuses an impersonation session, whether started in the console or presented to it", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = await consoleSignIn(staff.email, totpURI);
    const customer = await h.signUp();
    // Better Auth's own impersonation is not served in the console (it starts from a staff action).
    expect((await browser.post("/admin/impersonate-user", { userId: customer.userId })).status).toBe(404);
    expect(await h.database.db.select().from(sessionTable).where(eq(sessionTable.userId, customer.userId))).toHaveLength(1);

    // A staff session marked as an impersonation (as one started elsewhere would be).
    const colleague = await staffMember();
    await h.database.db.update(sessionTable).set({ impersonatedBy: colleague.userId }).where(eq(sessionTable.userId, staff.userId));
    expect(staffAccessOf(await console_.auth.getSession(browser.headers()))).toBe("impersonated");
    const refused = await browser.get("/admin/list-users");
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("STAFF_IMPERSONATED");
  });

  it("re-checks the role on every request: a demoted staff member is refused at once", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = await consoleSignIn(staff.email, totpURI);
    expect((await browser.get("/admin/list-users")).status).toBe(200);
    await h.database.db.update(userTable).set({ role: UserRole.user }).where(eq(userTable.id, staff.userId));
    expect(staffAccessOf(await console_.auth.getSession(browser.headers()))).toBe("not-staff");
    expect((await browser.get("/admin/list-users")).status).toBe(403);
  });

  it("staff change their own password in the console: the current one is required, other sessions end when asked", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = await consoleSignIn(staff.email, totpURI);
    const other = await consoleSignIn(staff.email, totpURI);
    expect((await browser.post("/change-password", { currentPassword: "not the password at all", newPassword: "a brand new passphrase" })).status).toBe(400);
    const changed = await browser.post("/change-password", { currentPassword: PASSWORD, newPassword: "a brand new passphrase", revokeOtherSessions: true });
    expect(changed.status).toBe(200);
    expect(staffAccessOf(await console_.auth.getSession(browser.headers(), { fresh: true }))).toBe("ok");
    expect(await console_.auth.getSession(other.headers(), { fresh: true })).toBeNull();
    expect((await browser.post("/sign-out")).status).toBe(200);
    expect((await console_.browser().post("/sign-in/email", { email: staff.email, password: PASSWORD })).status).toBe(401);
  });

  it("staff reset a forgotten password in the console (the link leads back to it); a customer's address gets the same answer and no email", async () => {
    const staff = await staffMember();
    await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = console_.browser();
    expect((await browser.post("/request-password-reset", { email: staff.email, redirectTo: "/reset-password" })).status).toBe(200);
    const link = (await h.waitForEmail(staff.email, "Reset your")).actionUrl!;
    expect(new URL(link).origin).toBe(new URL(ADMIN_URL).origin);
    const landing = await browser.get(link);
    const target = new URL(landing.headers.get("location")!, ADMIN_URL);
    expect(target.origin + target.pathname).toBe(`${new URL(ADMIN_URL).origin}/reset-password`);
    expect((await browser.post("/reset-password", { token: target.searchParams.get("token"), newPassword: "a console reset passphrase" })).status).toBe(200);
    // The new password signs in, and two-factor authentication is still asked.
    const signIn = await console_.browser().post("/sign-in/email", { email: staff.email, password: "a console reset passphrase" });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ twoFactorRedirect: true });

    const { email: customer } = await h.signUp();
    const answer = await console_.browser().post("/request-password-reset", { email: customer, redirectTo: "/reset-password" });
    expect(answer.status).toBe(200);
    expect((await h.sentEmails()).filter((mail) => mail.to === customer && mail.subject.includes("Reset your"))).toEqual([]);
  });

  it("serves only the endpoints the console needs: organization, profile, email and account ones answer 404 there and work in the customer app", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = await consoleSignIn(staff.email, totpURI);
    const before = await userRow(staff.userId);
    const slug = `console-org-${Date.now().toString(36)}`;
    const organizationsNamed = () => h.database.db.select().from(organizationTable).where(eq(organizationTable.slug, slug));

    for (const [path, body] of [
      ["/organization/create", { name: "Console Org", slug }],
      ["/update-user", { name: "Renamed In Console" }],
      ["/change-email", { newEmail: `console-${slug}@example.test` }],
      ["/delete-user", {}],
      ["/revoke-sessions", {}],
      // Spellings that must not slip past the list.
      ["//organization/create", { name: "Console Org", slug }],
      ["/organization/create/", { name: "Console Org", slug }],
      ["/admin/../organization/create", { name: "Console Org", slug }],
      ["/two-factor/%2e%2e/organization/create", { name: "Console Org", slug }],
    ] as const) {
      const response = await browser.post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect((await browser.get("/organization/list")).status).toBe(404);
    expect((await browser.get("/list-sessions")).status).toBe(404);
    // Nothing changed: no organization, same user row, the console session still there.
    expect(await organizationsNamed()).toEqual([]);
    expect(await userRow(staff.userId)).toEqual(before);
    expect(staffAccessOf(await console_.auth.getSession(browser.headers()))).toBe("ok");

    // Every other endpoint Better Auth builds for the console, including any a future version adds.
    const endpoints = Object.values(console_.auth.api) as unknown as { path?: string; options?: { method?: string | string[] } }[];
    const refused = endpoints.filter((endpoint) => endpoint.path && !isStaffAuthPath(endpoint.path));
    expect(refused.length).toBeGreaterThan(40);
    for (const endpoint of refused) {
      const path = endpoint.path!.replace(/:[A-Za-z]+/g, "x");
      const method = [endpoint.options?.method ?? "POST"].flat()[0]!;
      const response = await browser.request(method === "*" ? "POST" : method, path, method === "GET" ? {} : { body: {} });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    // What the console does need still answers.
    expect((await browser.get("/get-session")).body?.user?.id).toBe(staff.userId);
    expect((await browser.get("/admin/list-users")).status).toBe(200);

    // The same person in the customer app: those endpoints are there.
    expect((await staff.browser.post("/organization/create", { name: "Console Org", slug })).status).toBe(200);
    expect(await organizationsNamed()).toHaveLength(1);
    expect((await staff.browser.post("/update-user", { name: "Renamed In Web" })).status).toBe(200);
    expect((await userRow(staff.userId)).name).toBe("Renamed In Web");
  });

  it("serves none of Better Auth's admin writes (staff actions are audited tRPC procedures), to any staff member, and its reads to none without 2FA or demoted; nothing changes", async () => {
    const withoutTwoFactor = await consoleSignIn((await staffMember()).email);
    const demotedStaff = await staffMember();
    const demoted = await consoleSignIn(demotedStaff.email, await enrolOnConsole(await consoleSignIn(demotedStaff.email)));
    await h.database.db.update(userTable).set({ role: UserRole.user }).where(eq(userTable.id, demotedStaff.userId));
    const goodStanding = await staffMember();
    const inGoodStanding = await consoleSignIn(goodStanding.email, await enrolOnConsole(await consoleSignIn(goodStanding.email)));
    const customer = await h.signUp();
    const readBack = async () => ({
      user: await userRow(customer.userId),
      sessions: await h.database.db.select().from(sessionTable).where(eq(sessionTable.userId, customer.userId)).orderBy(sessionTable.id),
      accounts: await h.database.db.select().from(accountTable).where(eq(accountTable.userId, customer.userId)).orderBy(accountTable.id),
    });
    const before = await readBack();
    for (const [who, browser, code] of [
      ["staff with 2FA", inGoodStanding, null],
      ["staff without 2FA", withoutTwoFactor, "STAFF_NEEDS_TWO_FACTOR"],
      ["demoted staff", demoted, "STAFF_NOT_STAFF"],
    ] as const) {
      for (const [path, body] of [
        ["/admin/set-role", { userId: customer.userId, role: "admin" }],
        ["/admin/remove-user", { userId: customer.userId }],
        ["/admin/revoke-user-sessions", { userId: customer.userId }],
        ["/admin/ban-user", { userId: customer.userId, banReason: "Not allowed to" }],
        ["/admin/set-user-password", { userId: customer.userId, newPassword: "a brand new passphrase" }],
        ["/admin/update-user", { userId: customer.userId, data: { name: "Renamed" } }],
      ] as const) {
        const response = await browser.post(path, body);
        expect({ who, path, status: response.status }).toEqual({ who, path, status: 404 });
      }
      const read = await browser.get("/admin/list-users");
      expect({ who, status: read.status, code: read.body?.code ?? null }).toEqual({ who, status: code ? 403 : 200, code });
    }
    expect(await readBack()).toEqual(before);
    expect(await h.auth.getSession(customer.browser.headers(), { fresh: true })).not.toBeNull();
  });

  it("the customer app serves none of the admin endpoints, even to staff", async () => {
    const staff = await staffMember();
    expect((await staff.browser.get("/admin/list-users")).status).toBe(404);
    const customer = await h.signUp();
    expect((await staff.browser.post("/admin/ban-user", { userId: customer.userId })).status).toBe(404);
    expect((await userRow(customer.userId)).banned).toBe(false);
  });
});

describe("bans and session revocation", () => {
  it("a banned user (sessions ended, as the console's ban does) cannot sign in", async () => {
    const customer = await h.signUp();

    // As the console's ban does (staff.users.ban, tested in libs/api): the row, and the sessions end.
    await h.database.db.update(userTable).set({ banned: true, banReason: "Chargeback fraud" }).where(eq(userTable.id, customer.userId));
    await h.database.db.delete(sessionTable).where(eq(sessionTable.userId, customer.userId));
    expect(await userRow(customer.userId)).toMatchObject({ banned: true, banReason: "Chargeback fraud" });
    expect(await h.database.db.select().from(sessionTable).where(eq(sessionTable.userId, customer.userId))).toEqual([]);
    expect(await h.auth.getSession(customer.browser.headers(), { fresh: true })).toBeNull();

    const signIn = await h.browser().post("/sign-in/email", { email: customer.email, password: PASSWORD });
    expect(signIn.status).toBe(403);
    expect(signIn.body.code).toBe("BANNED_USER");
  });

  it("the web app's cookie cache keeps a revoked session for at most SESSION_COOKIE_CACHE_SECONDS", async () => {
    const customer = await h.signUp();
    // The cached copy is signed and carries its own expiry: the cookie's Max-Age says the same.
    const cacheCookie = (await customer.browser.post("/sign-in/email", { email: customer.email, password: PASSWORD })).headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith("saas.session_data="));
    expect(cacheCookie).toMatch(new RegExp(`Max-Age=${SESSION_COOKIE_CACHE_SECONDS}(;|$)`));
    const browser = h.browser();
    await browser.post("/sign-in/email", { email: customer.email, password: PASSWORD });
    expect(await h.auth.getSession(browser.headers())).not.toBeNull();

    await h.database.db.delete(sessionTable).where(eq(sessionTable.userId, customer.userId));
    // Within the window the cached copy still answers (that is the documented trade-off); a
    // fresh read does not; and once the window has passed, nothing does.
    expect(await h.auth.getSession(browser.headers())).not.toBeNull();
    expect(await h.auth.getSession(browser.headers(), { fresh: true })).toBeNull();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (SESSION_COOKIE_CACHE_SECONDS + 1) * 1000 });
    expect(await h.auth.getSession(browser.headers())).toBeNull();
  });

  it("the staff console never uses the cache: a revoked staff session ends at once", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = await consoleSignIn(staff.email, totpURI);
    expect([...browser.cookies.keys()].some((name) => name.includes("session_data"))).toBe(false);
    await h.database.db.delete(sessionTable).where(eq(sessionTable.userId, staff.userId));
    expect(await console_.auth.getSession(browser.headers())).toBeNull();
  });
});

describe("server-owned user fields", () => {
  it("update-user cannot set role, ban or verification fields; they read back unchanged", async () => {
    const { browser, userId } = await h.signUp();
    const before = await userRow(userId);
    for (const attempt of [
      { role: "admin" },
      { name: "Still Me", role: "admin" },
      { banned: true },
      { banReason: "self-inflicted" },
      { twoFactorEnabled: true },
      { emailVerified: false },
      { email: "other@example.test" },
    ]) {
      const response = await browser.post("/update-user", attempt);
      expect({ attempt, status: response.status }).toEqual({ attempt, status: 400 });
      expect(await userRow(userId)).toEqual(before);
    }
    expect((await browser.post("/update-user", { name: "Renamed Person" })).status).toBe(200);
    expect(await userRow(userId)).toMatchObject({ name: "Renamed Person", role: "user", banned: false, emailVerified: true });
  });

  it("sign-up cannot set them either", async () => {
    const browser = h.browser();
    const response = await browser.post("/sign-up/email", { name: "Eager", email: "eager@example.test", password: PASSWORD, role: "admin", emailVerified: true });
    expect(response.status).toBe(400);
    expect(await h.database.db.select().from(userTable).where(eq(userTable.email, "eager@example.test"))).toEqual([]);
  });
});

describe("impersonation and temporary bans", () => {
  it("an impersonation session, from the console's one-time link, ends on its own after IMPERSONATION_SESSION_SECONDS", async () => {
    const staff = await staffMember();
    await h.database.db.update(userTable).set({ twoFactorEnabled: true }).where(eq(userTable.id, staff.userId));
    const customer = await h.signUp();
    const { token } = await h.database.db.transaction((tx) => issueImpersonationHandoff(tx, { userId: customer.userId, staffId: staff.userId }));
    const browser = h.browser();
    expect((await browser.get(`/impersonation/accept?token=${token}`)).status).toBe(302);
    const [session] = await h.database.db.select().from(sessionTable).where(and(eq(sessionTable.userId, customer.userId), isNotNull(sessionTable.impersonatedBy)));
    expect(session?.impersonatedBy).toBe(staff.userId);
    const lifetime = (session!.expiresAt.getTime() - session!.createdAt.getTime()) / 1000;
    expect(Math.abs(lifetime - IMPERSONATION_SESSION_SECONDS)).toBeLessThan(5);
  });

  it("neither app serves Better Auth's own impersonation endpoints, and the console not the customer app's", async () => {
    const staff = await staffMember();
    const staffInWeb = h.browser();
    expect((await staffInWeb.post("/sign-in/email", { email: staff.email, password: PASSWORD })).status).toBe(200);
    const customer = await h.signUp();
    expect((await staffInWeb.post("/admin/impersonate-user", { userId: customer.userId })).status).toBe(404);
    expect((await staffInWeb.post("/admin/stop-impersonating", {})).status).toBe(404);
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const consoleBrowser = await consoleSignIn(staff.email, totpURI);
    const { token } = await h.database.db.transaction((tx) => issueImpersonationHandoff(tx, { userId: customer.userId, staffId: staff.userId }));
    expect((await consoleBrowser.get(`/impersonation/accept?token=${token}`)).status).toBe(404);
    expect((await consoleBrowser.post("/impersonation/stop", {})).status).toBe(404);
    expect(await h.database.db.select().from(sessionTable).where(and(eq(sessionTable.userId, customer.userId), isNotNull(sessionTable.impersonatedBy)))).toEqual([]);
  });

  it("a ban with an expiry lifts itself once it has passed", async () => {
    const customer = await h.signUp();
    await h.database.db.update(userTable).set({ banned: true, banReason: "Cooling off", banExpires: new Date(Date.now() + 3600 * 1000) }).where(eq(userTable.id, customer.userId));
    expect((await h.browser().post("/sign-in/email", { email: customer.email, password: PASSWORD })).status).toBe(403);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3601 * 1000 });
    expect((await h.browser().post("/sign-in/email", { email: customer.email, password: PASSWORD })).status).toBe(200);
    expect(await userRow(customer.userId)).toMatchObject({ banned: false, banReason: null, banExpires: null });
  });
});

describe("removing a user keeps every organization's owner", () => {
  /** A customer who owns "Solo …" alone and "Shared …" with a co-owner, and is a plain member of a third. */
  async function ownerOfOrganizations() {
    const tag = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    const person = await h.signUp({ name: "Olga Owner" });
    const create = async (name: string) => (await person.browser.post("/organization/create", { name, slug: `${name.toLowerCase().replaceAll(" ", "-")}` })).body.id as string;
    const solo = await create(`Solo ${tag}`);
    const shared = await create(`Shared ${tag}`);
    const coOwner = await h.signUp();
    await h.auth.api.addMember({ body: { userId: coOwner.userId, role: "owner", organizationId: shared } });
    const elsewhere = (await coOwner.browser.post("/organization/create", { name: `Elsewhere ${tag}`, slug: `elsewhere-${tag}` })).body.id as string;
    await h.auth.api.addMember({ body: { userId: person.userId, role: "member", organizationId: elsewhere } });
    return { ...person, tag, solo, shared, elsewhere, coOwner };
  }

  const snapshot = async (userId: string) => ({
    user: await userRow(userId),
    sessions: await h.database.db.select().from(sessionTable).where(eq(sessionTable.userId, userId)).orderBy(sessionTable.id),
    accounts: await h.database.db.select().from(accountTable).where(eq(accountTable.userId, userId)).orderBy(accountTable.id),
    memberships: await h.database.db.select().from(memberTable).where(eq(memberTable.userId, userId)).orderBy(memberTable.id),
  });
  const ownersOf = async (organizationId: string) =>
    (await h.database.db.select().from(memberTable).where(and(eq(memberTable.organizationId, organizationId), eq(memberTable.role, "owner")))).map((member) => member.userId);

  /**
   * Removing a user as a staff member would, from server code: the console serves no admin write
   * over HTTP (see create-auth), but the guard that keeps an owner holds for every path.
   */
  const removeUser = async (browser: TestBrowser, userId: string): Promise<{ status: number; body: { code?: string; message?: string } | null }> => {
    try {
      const response = await console_.auth.api.removeUser({ headers: browser.headers(), body: { userId }, asResponse: true });
      return { status: response.status, body: (await response.json().catch(() => null)) as { code?: string; message?: string } | null };
    } catch (error) {
      // A guard's refusal (a hook's APIError) is thrown rather than answered.
      const refusal = error as { statusCode?: number; body?: { code?: string; message?: string } };
      if (!refusal.statusCode) throw error;
      return { status: refusal.statusCode, body: refusal.body ?? null };
    }
  };

  it("removing a user refuses the only owner of an organization, names it, and changes nothing", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = await consoleSignIn(staff.email, totpURI);
    const owner = await ownerOfOrganizations();
    const before = await snapshot(owner.userId);
    expect(before.sessions.length).toBeGreaterThan(0);
    expect(before.accounts.length).toBeGreaterThan(0);

    const refused = await removeUser(browser, owner.userId);
    expect(refused.status).toBe(409);
    expect(refused.body?.code).toBe("USER_IS_THE_ONLY_OWNER");
    expect(refused.body?.message).toContain(`"Solo ${owner.tag}"`);
    // Only the organizations that would lose their last owner are named.
    expect(refused.body?.message).not.toContain("Shared");
    expect(refused.body?.message).not.toContain("Elsewhere");
    // Read back: the account, its sessions, its password login and its memberships are all there.
    expect(await snapshot(owner.userId)).toEqual(before);
    expect(await ownersOf(owner.solo)).toEqual([owner.userId]);
    expect(await h.auth.getSession(owner.browser.headers(), { fresh: true })).not.toBeNull();

    // Once the organization has another owner, the removal goes through and every organization keeps one.
    await h.auth.api.addMember({ body: { userId: owner.coOwner.userId, role: "owner", organizationId: owner.solo } });
    const removed = await removeUser(browser, owner.userId);
    expect(removed.status).toBe(200);
    expect(await h.database.db.select().from(userTable).where(eq(userTable.id, owner.userId))).toEqual([]);
    for (const organizationId of [owner.solo, owner.shared, owner.elsewhere]) expect(await ownersOf(organizationId)).toEqual([owner.coOwner.userId]);
  });

  it("does not tell anyone but staff which organizations block a removal", async () => {
    const owner = await ownerOfOrganizations();
    const before = await snapshot(owner.userId);
    // A demoted staff member, still signed in to the console.
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const browser = await consoleSignIn(staff.email, totpURI);
    await h.database.db.update(userTable).set({ role: UserRole.user }).where(eq(userTable.id, staff.userId));
    const refused = await removeUser(browser, owner.userId);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(owner.tag);
    // Server-side, with a customer's session: the admin plugin's own refusal, no names.
    const customer = await h.signUp();
    const error = await h.auth.api.removeUser({ headers: customer.browser.headers(), body: { userId: owner.userId } }).catch((caught: unknown) => caught);
    expect(JSON.stringify((error as { body?: unknown }).body)).not.toContain(owner.tag);
    expect((error as { statusCode?: number }).statusCode).toBe(403);
    expect(await snapshot(owner.userId)).toEqual(before);
  });

  it("the last line: deleting the only owner by any other path is refused too, and the membership stays", async () => {
    const owner = await ownerOfOrganizations();
    const context = await h.auth.$context;
    await expect(context.internalAdapter.deleteUser(owner.userId)).rejects.toMatchObject({ body: { code: "USER_IS_THE_ONLY_OWNER" } });
    expect((await userRow(owner.userId)).id).toBe(owner.userId);
    expect(await ownersOf(owner.solo)).toEqual([owner.userId]);
  });

  it("the web app has no self-service account deletion: /delete-user answers 404 and the account stays", async () => {
    const owner = await ownerOfOrganizations();
    const before = await snapshot(owner.userId);
    const response = await owner.browser.post("/delete-user", { password: PASSWORD });
    expect(response.status).toBe(404);
    expect(await snapshot(owner.userId)).toEqual(before);
  });
});

describe("a session is usable only by the app that issued it", () => {
  /** A browser of `app` holding `from`'s session token under `app`'s own cookie name (renamed by hand). */
  function withCookieRenamed(from: TestBrowser, fromPrefix: string, app: { browser(): TestBrowser }, toPrefix: string): TestBrowser {
    const browser = app.browser();
    const token = from.cookies.get(`${fromPrefix}.session_token`);
    expect(token).toBeTruthy();
    browser.cookies.set(`${toPrefix}.session_token`, token!);
    return browser;
  }

  it("records which app issued each session", async () => {
    const person = await staffMember();
    const browser = await consoleSignIn(person.email);
    const rows = await h.database.db.select({ audience: sessionTable.audience }).from(sessionTable).where(eq(sessionTable.userId, person.userId));
    expect(rows.map((row) => row.audience).sort()).toEqual(["customer", "staff"]);
    expect((await browser.get("/get-session")).body.user.email).toBe(person.email);
  });

  it("a customer's web session cookie under the console's cookie name is no session there", async () => {
    const customer = await h.signUp();
    const forged = withCookieRenamed(customer.browser, "saas", console_, "saas-admin");
    expect((await forged.get("/get-session")).body).toBeNull();
    expect(await console_.auth.getSession(forged.headers(), { fresh: true })).toBeNull();
    const listUsers = await forged.get("/admin/list-users");
    expect(listUsers.status).toBe(401);
    expect((await forged.post("/two-factor/enable", { password: PASSWORD })).status).toBe(401);
    // Nothing changed: the web session still works where it was issued, and no 2FA was set up.
    expect((await customer.browser.get("/get-session?disableCookieCache=true")).body.user.email).toBe(customer.email);
    expect((await userRow(customer.userId)).twoFactorEnabled).toBeFalsy();
  });

  it("a staff console session cookie under the web app's cookie name is no session there", async () => {
    const person = await staffMember();
    const consoleBrowser = await consoleSignIn(person.email);
    const forged = withCookieRenamed(consoleBrowser, "saas-admin", h, "saas");
    expect((await forged.get("/get-session")).body).toBeNull();
    expect(await h.auth.getSession(forged.headers(), { fresh: true })).toBeNull();
    expect((await forged.post("/organization/create", { name: "Sneaky Org", slug: `sneaky-${person.userId.slice(0, 8)}` })).status).toBe(401);
    expect((await consoleBrowser.get("/get-session")).body.user.email).toBe(person.email);
  });
});

describe("staff set up two-factor authentication only from a one-time enrolment link", () => {
  const twoFactorRows = async (userId: string) => h.database.db.$count(twoFactorTable, eq(twoFactorTable.userId, userId));
  const ENROLMENT_LINK_INVALID = "ENROLMENT_LINK_INVALID";

  it("the password alone never reaches enrolment, and nothing is set up", async () => {
    const staff = await staffMember();
    const browser = await consoleSignIn(staff.email);
    for (const body of [{ password: PASSWORD }, { password: PASSWORD, enrolmentToken: "made-up" }]) {
      const response = await browser.post("/two-factor/enable", body);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe(ENROLMENT_LINK_INVALID);
    }
    // Nor the URI of a secret, nor the customer app's own settings.
    expect((await browser.post("/two-factor/get-totp-uri", { password: PASSWORD })).body.code).toBe("STAFF_TWO_FACTOR_BY_LINK");
    const webBrowser = h.browser();
    expect((await webBrowser.post("/sign-in/email", { email: staff.email, password: PASSWORD })).status).toBe(200);
    const fromWeb = await webBrowser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: await enrolmentToken(staff.email) });
    expect(fromWeb.status).toBe(403);
    expect(fromWeb.body.code).toBe("STAFF_TWO_FACTOR_BY_LINK");
    expect(await twoFactorRows(staff.userId)).toBe(0);
    expect((await userRow(staff.userId)).twoFactorEnabled).toBeFalsy();
  });

  it("a link works once, for its own staff member, and a wrong password does not use it up", async () => {
    const staff = await staffMember();
    const other = await staffMember();
    const token = await enrolmentToken(staff.email);
    const otherBrowser = await consoleSignIn(other.email);
    expect((await otherBrowser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: token })).body.code).toBe(ENROLMENT_LINK_INVALID);
    expect(await twoFactorRows(other.userId)).toBe(0);

    const browser = await consoleSignIn(staff.email);
    const wrong = await browser.post("/two-factor/enable", { password: "wrong password!", enrolmentToken: token });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("INVALID_PASSWORD");
    const enabled = await browser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: token });
    expect(enabled.status).toBe(200);
    expect(enabled.body.totpURI).toMatch(/^otpauth:\/\/totp\//);

    const reused = await (await consoleSignIn(staff.email)).post("/two-factor/enable", { password: PASSWORD, enrolmentToken: token });
    expect(reused.status).toBe(403);
    expect(reused.body.code).toBe(ENROLMENT_LINK_INVALID);
  });

  it("a link expires, and a newer link replaces an older one", async () => {
    const staff = await staffMember();
    const browser = await consoleSignIn(staff.email);
    const older = await enrolmentToken(staff.email);
    const newer = await enrolmentToken(staff.email);
    expect((await browser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: older })).body.code).toBe(ENROLMENT_LINK_INVALID);

    await h.database.db.update(verificationTable).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(verificationTable.value, staff.userId));
    expect((await browser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: newer })).body.code).toBe(ENROLMENT_LINK_INVALID);
    expect(await twoFactorRows(staff.userId)).toBe(0);

    expect((await browser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: await enrolmentToken(staff.email) })).status).toBe(200);
  });

  it("a secret set up before promotion (as a customer) cannot be switched on afterwards, in either app", async () => {
    const person = await h.signUp();
    // Whoever knows the password sets up a secret while the account is still a customer's…
    const pending = await person.browser.post("/two-factor/enable", { password: PASSWORD });
    expect(pending.status).toBe(200);
    const code = totpFromUri(pending.body.totpURI as string);
    // …then the account is made staff: the first code would switch that secret on.
    await h.database.db.update(userTable).set({ role: UserRole.admin }).where(eq(userTable.id, person.userId));
    for (const browser of [await consoleSignIn(person.email), person.browser]) {
      const confirm = await browser.post("/two-factor/verify-totp", { code });
      expect(confirm.status).toBe(403);
      expect(confirm.body.code).toBe("STAFF_TWO_FACTOR_BY_LINK");
    }
    expect((await userRow(person.userId)).twoFactorEnabled).toBeFalsy();
    // The link replaces the pending secret: the old code is worth nothing, the new one works.
    const browser = await consoleSignIn(person.email);
    const enabled = await browser.post("/two-factor/enable", { password: PASSWORD, enrolmentToken: await enrolmentToken(person.email) });
    expect(enabled.status).toBe(200);
    expect(await twoFactorRows(person.userId)).toBe(1);
    expect((await browser.post("/two-factor/verify-totp", { code: totpFromUri(enabled.body.totpURI as string) })).status).toBe(200);
    expect((await userRow(person.userId)).twoFactorEnabled).toBe(true);
  });

  it("a web-app session of a staff member cannot mint backup codes (a second factor for the console); a console session can", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const web = h.browser();
    expect((await web.post("/sign-in/email", { email: staff.email, password: PASSWORD })).body.twoFactorRedirect).toBe(true);
    expect((await web.post("/two-factor/verify-totp", { code: totpFromUri(totpURI) })).status).toBe(200);
    const fromWeb = await web.post("/two-factor/generate-backup-codes", { password: PASSWORD });
    expect(fromWeb.status).toBe(403);
    expect(fromWeb.body.code).toBe("STAFF_TWO_FACTOR_BY_LINK");
    const fromConsole = await (await consoleSignIn(staff.email, totpURI)).post("/two-factor/generate-backup-codes", { password: PASSWORD });
    expect(fromConsole.status).toBe(200);
  });

  it("a trusted-device cookie never lets a console sign-in skip the code, even one the web app signed", async () => {
    const staff = await staffMember();
    const totpURI = await enrolOnConsole(await consoleSignIn(staff.email));
    const web = h.browser();
    await web.post("/sign-in/email", { email: staff.email, password: PASSWORD });
    expect((await web.post("/two-factor/verify-totp", { code: totpFromUri(totpURI), trustDevice: true })).status).toBe(200);
    const trusted = web.cookies.get("saas.trust_device");
    expect(trusted).toBeTruthy();
    // The web app skips the code on that device, as asked…
    const again = h.browser();
    again.cookies.set("saas.trust_device", trusted!);
    expect((await again.post("/sign-in/email", { email: staff.email, password: PASSWORD })).body.twoFactorRedirect).toBeUndefined();
    // …the console does not, under its own cookie name.
    const console = console_.browser();
    console.cookies.set("saas-admin.trust_device", trusted!);
    const signIn = await console.post("/sign-in/email", { email: staff.email, password: PASSWORD });
    expect(signIn.body.twoFactorRedirect).toBe(true);
    expect((await console.get("/get-session")).body).toBeNull();
  });

  it("links are issued only for staff without two-factor authentication", async () => {
    const customer = await h.signUp();
    await expect(issueStaffEnrolment(h.database.db, { email: customer.email, adminUrl: ADMIN_URL })).rejects.toThrow(StaffEnrolmentError);
    await expect(issueStaffEnrolment(h.database.db, { email: "nobody@example.test", adminUrl: ADMIN_URL })).rejects.toThrow(StaffEnrolmentError);
    const staff = await staffMember();
    await enrolOnConsole(await consoleSignIn(staff.email));
    await expect(issueStaffEnrolment(h.database.db, { email: staff.email, adminUrl: ADMIN_URL })).rejects.toThrow(/already/);
  });
});
