import { sessionTable, staffAuditLogTable, userTable } from "@saas/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuditCsv, exportUsersCsv } from "@saas/staff";
import { staffActionProcedure } from "./procedures";
import { openStaffStream } from "./staff-stream";
import { createApiHarness, type ApiHarness, type Person } from "./testing";
import { createCallerFactory, router } from "./trpc";

let h: ApiHarness;
let staff: Person;
/** A second staff member: staff act on each other too. */
let colleague: Person;
const tag = `u${Date.now().toString(36)}`;

beforeAll(async () => {
  h = await createApiHarness();
  staff = await h.staff(`Staff ${tag}`);
  colleague = await h.staff(`Colleague ${tag}`);
});
afterAll(() => h.dispose());

const asStaff = () => h.callerFor(staff.browser.headers());
const auditOf = (targetId: string) => h.db.select().from(staffAuditLogTable).where(eq(staffAuditLogTable.targetId, targetId)).orderBy(staffAuditLogTable.createdAt);
const userRow = async (id: string) => (await h.db.select().from(userTable).where(eq(userTable.id, id)))[0]!;
const sessionsOf = (userId: string) => h.db.select({ id: sessionTable.id }).from(sessionTable).where(eq(sessionTable.userId, userId));
/** An AppError's reason, from a rejected call. */
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "answered",
    (error: { code?: string; cause?: { reason?: string } }) => `${error.code}:${error.cause?.reason ?? ""}`,
  );

describe("staff: finding users", () => {
  let people: Person[];
  beforeAll(async () => {
    people = [];
    for (const name of ["Ada Lovelace", "Alan Turing", "Grace Hopper"]) people.push(await h.person(`${name} ${tag}`));
  });

  it("by any part of the name or email, a prefix included; % and _ are plain characters", async () => {
    const byName = await asStaff().staff.users.list({ q: `turing ${tag}` });
    expect(byName.items.map((u) => u.id)).toEqual([people[1]!.userId]);
    const byEmailPart = await asStaff().staff.users.list({ q: people[2]!.email.slice(3, 12).toUpperCase() });
    expect(byEmailPart.items.map((u) => u.id)).toContain(people[2]!.userId);
    expect((await asStaff().staff.users.list({ q: `${tag}%` })).items).toEqual([]);
    expect((await asStaff().staff.users.list({ q: "_" })).items).toEqual([]);
  });

  it("filters: platform admins, banned, 2FA, unverified, signed up between", async () => {
    const admins = await asStaff().staff.users.list({ q: tag, platformAdmin: true });
    expect(admins.items.map((u) => u.id).sort()).toEqual([staff.userId, colleague.userId].sort());
    expect((await asStaff().staff.users.list({ q: tag, twoFactor: true })).items).toHaveLength(2);
    expect((await asStaff().staff.users.list({ q: tag, unverified: true })).items).toEqual([]);
    expect((await asStaff().staff.users.list({ q: tag, banned: true })).items).toEqual([]);
    const future = new Date(Date.now() + 86_400_000);
    expect((await asStaff().staff.users.list({ q: tag, signedUpFrom: future })).items).toEqual([]);
    await expect(reasonOf(asStaff().staff.users.list({ signedUpFrom: future, signedUpTo: new Date() }))).resolves.toBe("BAD_REQUEST:VALIDATION_ERROR");
  });

  it("pages by keyset in each sort, every user once", async () => {
    for (const sort of ["newest", "oldest", "email", "name"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await asStaff().staff.users.list({ q: tag, sort, limit: 2, cursor });
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(5);
      expect(new Set(seen).size, sort).toBe(5);
      const ids = people.map((p) => p.userId);
      if (sort === "name") expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    }
    await expect(reasonOf(asStaff().staff.users.list({ cursor: "not-a-cursor" }))).resolves.toBe("BAD_REQUEST:BAD_CURSOR");
  });

  it("one user in detail: memberships, sign-in methods, sessions", async () => {
    const organization = await h.organization(`Detail ${tag}`);
    const detail = await asStaff().staff.users.get({ userId: organization.owner.userId });
    expect(detail.user.email).toBe(organization.owner.email);
    expect(detail.memberships).toEqual([expect.objectContaining({ organizationId: organization.id, role: "owner" })]);
    expect(detail.signInMethods.map((m) => m.provider)).toEqual(["credential"]);
    expect(detail.sessions.length).toBeGreaterThan(0);
    await expect(reasonOf(asStaff().staff.users.get({ userId: crypto.randomUUID() }))).resolves.toBe("NOT_FOUND:");
  });
});

describe("staff: acting on a user (each action audited exactly once, in its transaction)", () => {
  it("ban: the person is banned, their sessions end, one audit entry with who, why and from where", async () => {
    const person = await h.person();
    const until = new Date(Date.now() + 7 * 86_400_000);
    const headers = staff.browser.headers();
    headers.set("user-agent", "StaffBrowser/1.0");
    const result = await h.callerFor(headers).staff.users.ban({ userId: person.userId, reason: "Card testing from this account", expiresAt: until });
    expect(result.sessionsEnded).toBeGreaterThan(0);
    expect(await userRow(person.userId)).toMatchObject({ banned: true, banReason: "Card testing from this account", banExpires: until });
    expect(await sessionsOf(person.userId)).toEqual([]);
    // Their old cookie is worth nothing now.
    expect(await h.auth.auth.getSession(person.browser.headers(), { fresh: true })).toBeNull();
    const audit = await auditOf(person.userId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: staff.userId,
      actorEmail: staff.email,
      action: "user.ban",
      targetType: "user",
      reason: "Card testing from this account",
      userAgent: "StaffBrowser/1.0",
      ip: staff.browser.ip,
      before: { banned: false },
    });
    // And signing in again is refused.
    const signIn = await h.auth.browser().post("/sign-in/email", { email: person.email, password: "correct horse battery" });
    expect(signIn.status).toBe(403);
  });

  it("refusals write nothing: banning yourself, banning the banned, a reason too short, a date passed, unbanning someone not banned", async () => {
    const person = await h.person();
    await asStaff().staff.users.ban({ userId: person.userId, reason: "Abuse reports" });
    const before = { self: await userRow(staff.userId), person: await userRow(person.userId), audit: (await h.db.select().from(staffAuditLogTable)).length };
    const other = await h.person();
    const refusals = await Promise.all([
      reasonOf(asStaff().staff.users.ban({ userId: staff.userId, reason: "Testing myself" })),
      reasonOf(asStaff().staff.users.ban({ userId: person.userId, reason: "Again" })),
      reasonOf(asStaff().staff.users.ban({ userId: other.userId, reason: "x" })),
      reasonOf(asStaff().staff.users.ban({ userId: other.userId, reason: "Yesterday", expiresAt: new Date(Date.now() - 1000) })),
      reasonOf(asStaff().staff.users.unban({ userId: other.userId })),
      reasonOf(asStaff().staff.users.ban({ userId: crypto.randomUUID(), reason: "Nobody" })),
    ]);
    expect(refusals).toEqual([
      "BAD_REQUEST:SELF_ACTION",
      "CONFLICT:ALREADY_BANNED",
      "BAD_REQUEST:VALIDATION_ERROR",
      "BAD_REQUEST:VALIDATION_ERROR",
      "CONFLICT:NOT_BANNED",
      "NOT_FOUND:",
    ]);
    expect(await userRow(staff.userId)).toEqual(before.self);
    expect(await userRow(person.userId)).toEqual(before.person);
    expect((await userRow(other.userId)).banned).toBe(false);
    expect((await h.db.select().from(staffAuditLogTable)).length).toBe(before.audit);
  });

  it("unban lifts it, audited with the ban it lifted", async () => {
    const person = await h.person();
    await asStaff().staff.users.ban({ userId: person.userId, reason: "Chargebacks" });
    await h.callerFor(colleague.browser.headers()).staff.users.unban({ userId: person.userId, reason: "Cleared by finance" });
    expect(await userRow(person.userId)).toMatchObject({ banned: false, banReason: null, banExpires: null });
    const audit = await auditOf(person.userId);
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
      ["user.ban", staff.userId],
      ["user.unban", colleague.userId],
    ]);
    expect(audit[1]).toMatchObject({ reason: "Cleared by finance", before: { banned: true, banReason: "Chargebacks" } });
  });

  it("revoke one session or all of them", async () => {
    const person = await h.person();
    const second = await h.auth.browser().post("/sign-in/email", { email: person.email, password: "correct horse battery" });
    expect(second.status).toBe(200);
    const [one, ...rest] = await sessionsOf(person.userId);
    expect(rest.length).toBeGreaterThan(0);
    expect(await asStaff().staff.users.revokeSessions({ userId: person.userId, sessionId: one!.id })).toEqual({ sessionsEnded: 1 });
    expect((await sessionsOf(person.userId)).map((s) => s.id)).not.toContain(one!.id);
    await expect(reasonOf(asStaff().staff.users.revokeSessions({ userId: person.userId, sessionId: one!.id }))).resolves.toBe("NOT_FOUND:");
    expect(await asStaff().staff.users.revokeSessions({ userId: person.userId, reason: "Lost laptop" })).toEqual({ sessionsEnded: rest.length });
    expect(await sessionsOf(person.userId)).toEqual([]);
    expect((await auditOf(person.userId)).map((entry) => entry.action)).toEqual(["user.session.revoke", "user.sessions.revoke_all"]);
  });

  it("set the platform role: a demoted staff member loses the console at their next request; not your own role", async () => {
    const promoted = await h.person();
    await asStaff().staff.users.setRole({ userId: promoted.userId, role: "admin", reason: "Joined support" });
    expect((await userRow(promoted.userId)).role).toBe("admin");
    await asStaff().staff.users.setRole({ userId: colleague.userId, role: "user", reason: "Left the team" });
    expect(await reasonOf(h.callerFor(colleague.browser.headers()).staff.platformCounts())).toBe("FORBIDDEN:STAFF_NOT_STAFF");
    await h.db.update(userTable).set({ role: "admin" }).where(eq(userTable.id, colleague.userId));
    expect(await reasonOf(asStaff().staff.users.setRole({ userId: staff.userId, role: "user", reason: "Oops" }))).toBe("BAD_REQUEST:SELF_ACTION");
    expect(await reasonOf(asStaff().staff.users.setRole({ userId: promoted.userId, role: "admin", reason: "Twice" }))).toBe("CONFLICT:ROLE_UNCHANGED");
    expect((await auditOf(promoted.userId)).map((entry) => [entry.action, entry.before, entry.after])).toEqual([["user.role.set", { role: "user" }, { role: "admin" }]]);
    expect((await auditOf(staff.userId)).filter((entry) => entry.action === "user.role.set")).toEqual([]);
  });

  it("the audit log lists the actions, searchable by actor, target and action", async () => {
    const byAction = await asStaff().staff.audit.list({ action: "user.ban" });
    expect(byAction.items.length).toBeGreaterThan(0);
    expect(byAction.items.every((entry) => entry.action === "user.ban")).toBe(true);
    const byActor = await asStaff().staff.audit.list({ actor: colleague.email });
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((entry) => entry.actorId === colleague.userId)).toBe(true);
    const promotedTarget = byAction.items[0]!.targetId;
    expect((await asStaff().staff.audit.list({ targetId: promotedTarget })).items.every((entry) => entry.targetId === promotedTarget)).toBe(true);
    const first = await asStaff().staff.audit.list({ limit: 1 });
    const second = await asStaff().staff.audit.list({ limit: 1, cursor: first.nextCursor });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });
});

describe("the staff action tier", () => {
  // Actions made for this test on the real tier: what a future procedure could get wrong.
  const testRouter = router({
    auditsThenFails: staffActionProcedure.input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
      await ctx.tx.update(userTable).set({ name: "Changed" }).where(eq(userTable.id, input.userId));
      await ctx.audit({ action: "test.fail", target: { type: "user", id: input.userId } });
      throw new Error("the action failed after auditing");
    }),
    forgetsToAudit: staffActionProcedure.input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
      await ctx.tx.update(userTable).set({ name: "Changed" }).where(eq(userTable.id, input.userId));
    }),
    auditsTwice: staffActionProcedure.input(z.object({ userId: z.uuid() })).mutation(async ({ ctx, input }) => {
      await ctx.tx.update(userTable).set({ name: "Changed" }).where(eq(userTable.id, input.userId));
      for (const n of [1, 2]) await ctx.audit({ action: `test.twice_${n === 1 ? "a" : "b"}`, target: { type: "user", id: input.userId } });
    }),
  });
  const caller = () => createCallerFactory(testRouter)(h.contextFor(staff.browser.headers()));

  it("a failed action leaves no audit entry and no change; an action that audits zero or two times is rolled back", async () => {
    const person = await h.person("Unchanged Name");
    for (const call of [caller().auditsThenFails, caller().forgetsToAudit, caller().auditsTwice]) {
      await expect(call({ userId: person.userId })).rejects.toThrow();
    }
    expect((await userRow(person.userId)).name).toBe("Unchanged Name");
    expect(await h.db.select().from(staffAuditLogTable).where(and(eq(staffAuditLogTable.targetId, person.userId)))).toEqual([]);
  });
});

describe("staff: CSV downloads of the console's lists", () => {
  const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  it("the users of a filter, every page, formulas defused; refused to anyone but staff before a byte is sent", async () => {
    const sneaky = await h.person(`=HYPERLINK("http://evil") ${tag}`);
    const csv = await read(await openStaffStream(h.contextFor(staff.browser.headers()), (db) => exportUsersCsv(db, { q: tag, sort: "email" })));
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Id,Name,Email,Email verified,Platform role,Two-factor,Banned,Ban reason,Ban until (UTC),Signed up (UTC)");
    expect(lines.length - 1).toBe((await asStaff().staff.users.list({ q: tag, limit: 100 })).items.length);
    expect(lines.find((line) => line.startsWith(sneaky.userId))).toContain(`"'=HYPERLINK(""http://evil"") ${tag}"`);

    const customer = await h.person();
    for (const headers of [new Headers(), customer.browser.headers()]) {
      await expect(openStaffStream(h.contextFor(headers), (db) => exportUsersCsv(db, {}))).rejects.toMatchObject({ code: headers.has("cookie") ? "FORBIDDEN" : "UNAUTHORIZED" });
    }
  });

  it("the audit log of a filter", async () => {
    const csv = await read(await openStaffStream(h.contextFor(staff.browser.headers()), (db) => exportAuditCsv(db, { action: "user.ban" })));
    const rows = csv.trim().split("\r\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.includes(",user.ban,"))).toBe(true);
  });
});
