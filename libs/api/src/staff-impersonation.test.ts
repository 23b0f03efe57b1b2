import { deleteExpiredAuthRecords, sessionTable, staffAuditLogTable, userTable, verificationTable } from "@saas/db";
import { IMPERSONATION_SESSION_SECONDS } from "@saas/auth";
import { and, eq, isNotNull, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOrganizationMember } from "./organization-access";
import { createApiHarness, listProcedures, type ApiHarness, type Person } from "./testing";

let h: ApiHarness;
let staff: Person;

beforeAll(async () => {
  h = await createApiHarness();
  staff = await h.staff();
});
afterAll(() => h.dispose());

const asStaff = () => h.callerFor(staff.browser.headers());
const auditOf = (targetId: string) =>
  h.db.select().from(staffAuditLogTable).where(eq(staffAuditLogTable.targetId, targetId)).orderBy(staffAuditLogTable.createdAt);
const sessionsOf = (userId: string) => h.db.select().from(sessionTable).where(eq(sessionTable.userId, userId));
const handoffs = () => h.db.select().from(verificationTable).where(like(verificationTable.identifier, "impersonation-handoff:%"));
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "answered",
    (error: { code?: string; cause?: { reason?: string } }) => `${error.code}:${error.cause?.reason ?? ""}`,
  );
/** Whether opening the link lands on the page saying it does not work (and signs no one in). */
const refusedLink = async (url: string) => {
  const answer = await h.auth.browser().get(pathOf(url));
  return answer.status === 302 && answer.headers.get("location") === "/sign-in?impersonation=invalid" && answer.headers.getSetCookie().length === 0;
};
/** The link's path and query, as the web app's auth handler is asked for it. */
const pathOf = (url: string) => {
  const { pathname, search } = new URL(url);
  return `${pathname.replace(/^\/api\/auth/, "")}${search}`;
};

describe("staff: impersonation", () => {
  it("a reason, an audited start, a one-time link into the customer app, a time-limited session the console refuses, an audited stop", async () => {
    const customer = await h.person();
    const { url, expiresAt } = await asStaff().staff.users.impersonate({ userId: customer.userId, reason: "Ticket 4711: sees an empty leads list" });
    expect(url.startsWith(`${h.auth.auth.webUrl}/api/auth/impersonation/accept?token=`)).toBe(true);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect((await auditOf(customer.userId)).map((entry) => [entry.action, entry.actorId, entry.reason])).toEqual([
      ["user.impersonate.start", staff.userId, "Ticket 4711: sees an empty leads list"],
    ]);

    const browser = h.auth.browser();
    const accepted = await browser.get(pathOf(url));
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe("/");
    const [session] = (await sessionsOf(customer.userId)).filter((row) => row.impersonatedBy !== null);
    expect(session).toMatchObject({ impersonatedBy: staff.userId, audience: "customer" });
    expect(Math.abs((session!.expiresAt.getTime() - session!.createdAt.getTime()) / 1000 - IMPERSONATION_SESSION_SECONDS)).toBeLessThan(5);
    // The customer app sees the person, marked as impersonated.
    const seen = await browser.get("/get-session");
    expect(seen.body.user.id).toBe(customer.userId);
    expect(seen.body.session.impersonatedBy).toBe(staff.userId);
    // The staff tier refuses it.
    expect(await reasonOf(h.callerFor(browser.headers()).staff.platformCounts())).toBe("FORBIDDEN:STAFF_IMPERSONATED");

    // The link works once.
    const again = await h.auth.browser().get(pathOf(url));
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/sign-in?impersonation=invalid");
    expect(await handoffs()).toEqual([]);

    const stopped = await browser.post("/impersonation/stop", {});
    expect(stopped.status).toBe(200);
    expect((await sessionsOf(customer.userId)).filter((row) => row.impersonatedBy !== null)).toEqual([]);
    expect((await browser.get("/get-session")).body).toBeNull();
    const audit = await auditOf(customer.userId);
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
      ["user.impersonate.start", staff.userId],
      ["user.impersonate.stop", staff.userId],
    ]);
    expect(audit[1]).toMatchObject({ after: { endedBy: "stopped" } });
    // The person's own session was never touched.
    expect(await sessionsOf(customer.userId)).toHaveLength(1);
  });

  it("refuses a platform admin, a banned person and oneself, and leaves no link and no audit entry", async () => {
    const colleague = await h.staff();
    const banned = await h.person();
    await h.db.update(userTable).set({ banned: true, banReason: "Fraud" }).where(eq(userTable.id, banned.userId));
    expect(await reasonOf(asStaff().staff.users.impersonate({ userId: colleague.userId, reason: "Curious" }))).toBe("FORBIDDEN:IMPERSONATE_ADMIN");
    expect(await reasonOf(asStaff().staff.users.impersonate({ userId: banned.userId, reason: "Curious" }))).toBe("CONFLICT:IMPERSONATE_BANNED");
    expect(await reasonOf(asStaff().staff.users.impersonate({ userId: staff.userId, reason: "Curious" }))).toBe("BAD_REQUEST:SELF_ACTION");
    const customer = await h.person();
    expect(await reasonOf(asStaff().staff.users.impersonate({ userId: customer.userId, reason: "" }))).toBe("BAD_REQUEST:VALIDATION_ERROR");
    for (const userId of [colleague.userId, banned.userId, staff.userId, customer.userId]) expect(await auditOf(userId)).toEqual([]);
    expect(await handoffs()).toEqual([]);
  });

  it("a link is refused once it has expired, or when the person became staff meanwhile", async () => {
    const customer = await h.person();
    const late = await asStaff().staff.users.impersonate({ userId: customer.userId, reason: "Ticket 1" });
    await h.db.update(verificationTable).set({ expiresAt: new Date(Date.now() - 1000) }).where(like(verificationTable.identifier, "impersonation-handoff:%"));
    expect(await refusedLink(late.url)).toBe(true);
    const promoted = await asStaff().staff.users.impersonate({ userId: customer.userId, reason: "Ticket 2" });
    await h.db.update(userTable).set({ role: "admin" }).where(eq(userTable.id, customer.userId));
    expect(await refusedLink(promoted.url)).toBe(true);
    expect((await sessionsOf(customer.userId)).filter((row) => row.impersonatedBy !== null)).toEqual([]);
  });

  it("stop refuses a session that is not an impersonation, and ends nothing", async () => {
    const customer = await h.person();
    const refused = await customer.browser.post("/impersonation/stop", {});
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("NOT_IMPERSONATING");
    expect(await sessionsOf(customer.userId)).toHaveLength(1);
    expect(await auditOf(customer.userId)).toEqual([]);
  });
});

describe("every end of an impersonation is audited as its stop, saying how", () => {
  const stops = async (userId: string) =>
    (await auditOf(userId)).filter((entry) => entry.action === "user.impersonate.stop").map((entry) => [entry.actorId, (entry.after as { endedBy?: string }).endedBy]);
  const impersonations = async (userId: string) => (await sessionsOf(userId)).filter((row) => row.impersonatedBy !== null);

  it("expired: the cleanup job ends it with its entry; the next run finds nothing", async () => {
    const { customer } = await impersonated();
    const [session] = await impersonations(customer.userId);
    // Better Auth may have pushed expires_at on; the impersonation still ends IMPERSONATION_SESSION_SECONDS after it began.
    await h.db
      .update(sessionTable)
      .set({ createdAt: new Date(Date.now() - (IMPERSONATION_SESSION_SECONDS + 5) * 1000), expiresAt: new Date(Date.now() + 86_400_000) })
      .where(eq(sessionTable.id, session!.id));
    expect(await deleteExpiredAuthRecords(h.db, new Date())).toMatchObject({ impersonations: 1 });
    expect(await impersonations(customer.userId)).toEqual([]);
    expect(await stops(customer.userId)).toEqual([[staff.userId, "expired"]]);
    // Recorded with when it ended: 30 minutes after it began, not when the job came by.
    const [stop] = (await auditOf(customer.userId)).filter((entry) => entry.action === "user.impersonate.stop");
    expect(new Date((stop!.after as { endedAt: string }).endedAt).getTime()).toBeLessThan(Date.now() - 4_000);
    expect(await deleteExpiredAuthRecords(h.db, new Date())).toMatchObject({ impersonations: 0 });
    expect(await stops(customer.userId)).toHaveLength(1);
    // The person's own session stays.
    expect(await sessionsOf(customer.userId)).toHaveLength(1);
  });

  it("one still running is left alone by the cleanup", async () => {
    const { customer } = await impersonated();
    expect(await deleteExpiredAuthRecords(h.db, new Date())).toMatchObject({ impersonations: 0 });
    expect(await impersonations(customer.userId)).toHaveLength(1);
    expect(await stops(customer.userId)).toEqual([]);
  });

  it("the user's sessions revoked by staff, or the user banned: each impersonation stop recorded with the action", async () => {
    const revoked = await impersonated();
    await asStaff().staff.users.revokeSessions({ userId: revoked.customer.userId, reason: "Ticket 5: signed in on a lost laptop" });
    expect(await impersonations(revoked.customer.userId)).toEqual([]);
    expect(await stops(revoked.customer.userId)).toEqual([[staff.userId, "sessions revoked"]]);

    const banned = await impersonated();
    await asStaff().staff.users.ban({ userId: banned.customer.userId, reason: "Ticket 6: fraud confirmed" });
    expect(await stops(banned.customer.userId)).toEqual([[staff.userId, "user banned"]]);
  });
});

/** A customer with an organization, and a browser impersonating them (through the console's link). */
async function impersonated() {
  const organization = await h.organization();
  const customer = organization.owner;
  const { url } = await asStaff().staff.users.impersonate({ userId: customer.userId, reason: "Ticket 99" });
  const browser = h.auth.browser();
  expect((await browser.get(pathOf(url))).status).toBe(302);
  await h.db.update(sessionTable).set({ activeOrganizationId: organization.id }).where(and(eq(sessionTable.userId, customer.userId), isNotNull(sessionTable.impersonatedBy)));
  return { organization, customer, browser };
}

describe("an impersonation session is read-only and time-limited", () => {
  it("every customer mutation of the API (read from the router) refuses it, and a route handler's write too", async () => {
    const { customer, browser } = await impersonated();
    const caller = h.callerFor(browser.headers()) as unknown as Record<string, Record<string, unknown>>;
    const mutations = listProcedures().filter((procedure) => procedure.type === "mutation" && !procedure.path.startsWith("staff."));
    expect(mutations.length).toBeGreaterThan(10);
    for (const { path } of mutations) {
      const call = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
      expect(`${path} ${await reasonOf(call({}))}`).toBe(`${path} FORBIDDEN:IMPERSONATION_READ_ONLY`);
    }
    // Reads work: it is the person's view.
    expect((await h.callerFor(browser.headers()).organization.overview()).members).toBe(3);
    await expect(asOrganizationMember(h.contextFor(browser.headers()), { write: true }, async () => "written")).rejects.toMatchObject({ code: "FORBIDDEN", reason: "IMPERSONATION_READ_ONLY" });
    expect(await sessionsOf(customer.userId)).toHaveLength(2);
  });

  it("Better Auth's writes refuse it too: signing out, sessions, password, organizations, invitations", async () => {
    const { organization, customer, browser } = await impersonated();
    for (const [path, body] of [
      ["/sign-out", {}],
      ["/revoke-other-sessions", {}],
      ["/change-password", { currentPassword: "x", newPassword: "a brand new passphrase" }],
      ["/organization/invite-member", { email: staff.email, role: "owner", organizationId: organization.id }],
      ["/organization/create", { name: "Elsewhere", slug: `elsewhere-${Date.now().toString(36)}` }],
      ["/update-user", { name: "Renamed" }],
    ] as const) {
      const answer = await browser.post(path, body);
      expect(`${path} ${answer.status} ${answer.body?.code}`).toBe(`${path} 403 IMPERSONATION_READ_ONLY`);
    }
    expect((await sessionsOf(customer.userId)).length).toBe(2);
    expect((await h.db.select({ name: userTable.name }).from(userTable).where(eq(userTable.id, customer.userId)))[0]?.name).not.toBe("Renamed");
    // The person's own session still writes.
    expect((await customer.browser.post("/update-user", { name: "Still me" })).status).toBe(200);
  });

  it("ends IMPERSONATION_SESSION_SECONDS after it began even if its expiry was pushed out, and at once when its staff member is banned", async () => {
    const first = await impersonated();
    const [session] = await h.db.select().from(sessionTable).where(and(eq(sessionTable.userId, first.customer.userId), isNotNull(sessionTable.impersonatedBy)));
    // As if Better Auth had extended it (its "don't remember me" cookie deleted by hand).
    await h.db
      .update(sessionTable)
      .set({ createdAt: new Date(Date.now() - (IMPERSONATION_SESSION_SECONDS + 60) * 1000), expiresAt: new Date(Date.now() + 7 * 86_400_000) })
      .where(eq(sessionTable.id, session!.id));
    expect(await h.auth.auth.getSession(first.browser.headers())).toBeNull();

    const colleague = await h.staff();
    const second = await (async () => {
      const customer = await h.person();
      const { url } = await h.callerFor(colleague.browser.headers()).staff.users.impersonate({ userId: customer.userId, reason: "Ticket 100" });
      const browser = h.auth.browser();
      expect((await browser.get(pathOf(url))).status).toBe(302);
      return browser;
    })();
    expect((await h.auth.auth.getSession(second.headers()))?.session.impersonatedBy).toBe(colleague.userId);
    await asStaff().staff.users.ban({ userId: colleague.userId, reason: "Left the company" });
    // At once: the app reads an impersonation from the database, never from the cookie cache.
    expect(await h.auth.auth.getSession(second.headers())).toBeNull();
    expect(await h.db.select().from(sessionTable).where(eq(sessionTable.impersonatedBy, colleague.userId))).toEqual([]);
  });

  it("a link is refused when its staff member was banned or lost two-factor authentication meanwhile", async () => {
    const colleague = await h.staff();
    const customer = await h.person();
    const asColleague = () => h.callerFor(colleague.browser.headers());
    const withoutTwoFactor = await asColleague().staff.users.impersonate({ userId: customer.userId, reason: "Ticket 5" });
    const banned = await asColleague().staff.users.impersonate({ userId: customer.userId, reason: "Ticket 6" });
    await h.db.update(userTable).set({ twoFactorEnabled: false }).where(eq(userTable.id, colleague.userId));
    expect(await refusedLink(withoutTwoFactor.url)).toBe(true);
    await h.db.update(userTable).set({ twoFactorEnabled: true, banned: true }).where(eq(userTable.id, colleague.userId));
    expect(await refusedLink(banned.url)).toBe(true);
    expect(await h.db.select().from(sessionTable).where(eq(sessionTable.impersonatedBy, colleague.userId))).toEqual([]);
  });
});

describe("staff: resend verification", () => {
  it("sends an unverified person a link into the customer app, audited; refused for a verified one", async () => {
    const person = await h.person();
    expect(await reasonOf(asStaff().staff.users.resendVerification({ userId: person.userId }))).toBe("CONFLICT:ALREADY_VERIFIED");
    expect(await auditOf(person.userId)).toEqual([]);
    await h.db.update(userTable).set({ emailVerified: false }).where(eq(userTable.id, person.userId));
    await asStaff().staff.users.resendVerification({ userId: person.userId });
    const mail = await h.auth.waitForEmail(person.email, "Confirm your email");
    expect(mail.actionUrl?.startsWith(`${h.auth.auth.webUrl}/api/auth/verify-email?token=`)).toBe(true);
    // The link verifies the address (opened elsewhere, it does not sign in).
    expect((await h.auth.browser().get(pathOf(mail.actionUrl!))).status).toBe(302);
    expect((await h.db.select({ verified: userTable.emailVerified }).from(userTable).where(eq(userTable.id, person.userId)))[0]?.verified).toBe(true);
    expect((await auditOf(person.userId)).map((entry) => [entry.action, entry.actorId])).toEqual([["user.verification.resend", staff.userId]]);
  });
});
