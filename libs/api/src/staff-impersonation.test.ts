import { sessionTable, staffAuditLogTable, userTable, verificationTable } from "@saas/db";
import { IMPERSONATION_SESSION_SECONDS } from "@saas/auth";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness, type Person } from "./testing";

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
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("IMPERSONATION_LINK_INVALID");
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
    expect((await h.auth.browser().get(pathOf(late.url))).status).toBe(400);
    const promoted = await asStaff().staff.users.impersonate({ userId: customer.userId, reason: "Ticket 2" });
    await h.db.update(userTable).set({ role: "admin" }).where(eq(userTable.id, customer.userId));
    expect((await h.auth.browser().get(pathOf(promoted.url))).status).toBe(400);
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
