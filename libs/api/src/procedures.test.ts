import { AppError, GENERIC_MESSAGE } from "@saas/errors";
import { leadTable, sessionTable, memberTable, userTable } from "@saas/db";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createContext } from "./context";
import { organizationProcedure, protectedProcedure, staffProcedure } from "./procedures";
import { createApiHarness, type ApiHarness, type OrganizationFixture } from "./testing";
import { createCallerFactory, router } from "./trpc";

// The tiers themselves, on a router made for the test: who gets through each, what a procedure
// sees, and that a failed procedure leaves nothing behind.

let h: ApiHarness;
let org: OrganizationFixture;

const testRouter = router({
  whoAmI: protectedProcedure.query(({ ctx }) => ({ userId: ctx.user.id })),
  where: organizationProcedure.query(({ ctx }) =>
    ctx.tenant(async (tx) => ({
      organizationId: ctx.organization.id,
      role: ctx.member.role,
      leads: (await tx.select({ organizationId: leadTable.organizationId }).from(leadTable)).map((row) => row.organizationId),
    })),
  ),
  deleteSomething: organizationProcedure.meta({ permission: { lead: ["delete"] } }).mutation(() => "deleted"),
  writeThenFail: organizationProcedure.input(z.object({ name: z.string() })).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      await tx.insert(leadTable).values({ organizationId: ctx.organization.id, firstName: input.name });
      throw new AppError("CONFLICT", "Refused after writing.", { reason: "TEST" });
    }),
  ),
  writeThenCrash: organizationProcedure.input(z.object({ name: z.string() })).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      await tx.insert(leadTable).values({ organizationId: ctx.organization.id, firstName: input.name });
      throw new Error("database password is hunter2");
    }),
  ),
  write: organizationProcedure.input(z.object({ name: z.string().min(2, "Too short") })).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      await tx.insert(leadTable).values({ organizationId: ctx.organization.id, firstName: input.name });
      return "ok";
    }),
  ),
  staffOnly: staffProcedure.query(() => "secret"),
});
const createTestCaller = createCallerFactory(testRouter);
const callerOf = (headers: Headers) =>
  createTestCaller(createContext({ auth: h.auth.auth, db: h.db, headers, log: { error: (details, message) => h.logged.push({ details, message }) } }));

const leadsNamed = async (name: string) => (await h.db.select().from(leadTable).where(eq(leadTable.firstName, name))).length;

beforeAll(async () => {
  h = await createApiHarness();
  org = await h.organization();
});
afterAll(() => h.dispose());

describe("protected", () => {
  it("refuses a caller without a session: UNAUTHORIZED", async () => {
    await expect(callerOf(new Headers()).whoAmI()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  });

  it("reads a write's session from the database: a revoked session cannot write, even while its cookie cache lasts", async () => {
    const person = await h.person();
    const caller = callerOf(person.browser.headers());
    expect(await caller.whoAmI()).toEqual({ userId: person.userId });
    await h.db.delete(sessionTable).where(eq(sessionTable.userId, person.userId));
    // A mutation re-reads the session: refused at once.
    const write = createTestCaller(createContext({ auth: h.auth.auth, db: h.db, headers: person.browser.headers(), log: { error: () => {} } }));
    await expect(write.write({ name: "Revoked" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await leadsNamed("Revoked")).toBe(0);
  });
});

describe("organization", () => {
  it("gives the procedure the member's organization, typed role and a tenant handle that sees only its rows", async () => {
    const other = await h.organization();
    await h.db.insert(leadTable).values([
      { organizationId: org.id, firstName: "Mine" },
      { organizationId: other.id, firstName: "Theirs" },
    ]);
    const seen = await callerOf(org.member.browser.headers()).where();
    expect(seen.organizationId).toBe(org.id);
    expect(seen.role).toBe("member");
    expect(new Set(seen.leads)).toEqual(new Set([org.id]));
  });

  it("refuses a person with no organization, and a member removed a moment ago", async () => {
    const loner = await h.person();
    await expect(callerOf(loner.browser.headers()).where()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Create an organization") });

    const leaving = await h.person();
    await h.join(leaving, org.id, "member");
    const caller = callerOf(leaving.browser.headers());
    expect((await caller.where()).organizationId).toBe(org.id);
    await h.db.delete(memberTable).where(and(eq(memberTable.organizationId, org.id), eq(memberTable.userId, leaving.userId)));
    // Still within the cookie cache's minute: the membership is read from the database anyway.
    await expect(callerOf(leaving.browser.headers()).where()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("checks the permission a procedure declares, before it runs", async () => {
    await expect(callerOf(org.member.browser.headers()).deleteSomething()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("delete leads"),
    });
    expect(await callerOf(org.admin.browser.headers()).deleteSomething()).toBe("deleted");
  });

  it("rolls back the writes of a procedure that fails, whatever it throws", async () => {
    const caller = callerOf(org.owner.browser.headers());
    await expect(caller.writeThenFail({ name: "Refused-Write" })).rejects.toMatchObject({ code: "CONFLICT", message: "Refused after writing." });
    await expect(caller.writeThenCrash({ name: "Crashed-Write" })).rejects.toBeInstanceOf(TRPCError);
    expect(await leadsNamed("Refused-Write")).toBe(0);
    expect(await leadsNamed("Crashed-Write")).toBe(0);
    // …and commits those that succeed.
    expect(await caller.write({ name: "Committed-Write" })).toBe("ok");
    expect(await leadsNamed("Committed-Write")).toBe(1);
  });

  it("answers an unexpected error with a generic message and the request id; the detail goes to the log only", async () => {
    const before = h.logged.length;
    const error = await callerOf(org.owner.browser.headers())
      .writeThenCrash({ name: "Logged" })
      .then(() => null, (caught: unknown) => caught as TRPCError);
    expect(error).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: GENERIC_MESSAGE });
    expect(JSON.stringify(error)).not.toContain("hunter2");
    const logged = h.logged.slice(before);
    expect(logged).toHaveLength(1);
    expect(String((logged[0]!.details["err"] as Error).message)).toContain("hunter2");
    expect(logged[0]!.details["requestId"]).toEqual(expect.any(String));
    expect(logged[0]!.details["path"]).toBe("writeThenCrash");
  });

  it("answers bad input with the field and why, and runs nothing", async () => {
    const error = await callerOf(org.owner.browser.headers())
      .write({ name: "x" })
      .then(() => null, (caught: unknown) => caught as TRPCError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "name: Too short" });
    expect((error?.cause as AppError).fieldErrors).toEqual({ name: "Too short" });
    expect(await leadsNamed("x")).toBe(0);
  });
});

describe("staff", () => {
  it("refuses customers, staff without two-factor authentication, and anyone signed out", async () => {
    await expect(callerOf(new Headers()).staffOnly()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerOf(org.owner.browser.headers()).staffOnly()).rejects.toMatchObject({ code: "FORBIDDEN", message: "This console is for staff only." });
    const staff = await h.person();
    await h.db.update(userTable).set({ role: "admin" }).where(eq(userTable.id, staff.userId));
    await expect(callerOf(staff.browser.headers()).staffOnly()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("two-factor") });
    await h.db.update(userTable).set({ twoFactorEnabled: true }).where(eq(userTable.id, staff.userId));
    expect(await callerOf(staff.browser.headers()).staffOnly()).toBe("secret");
  });
});

describe("cross-site writes", () => {
  it("refuses a mutation sent from another site with the person's cookies, and writes nothing", async () => {
    const headers = org.owner.browser.headers();
    headers.set("origin", "https://evil.example");
    await expect(callerOf(headers).write({ name: "Forged-Write" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("not allowed") });
    const fetchMetadata = org.owner.browser.headers();
    fetchMetadata.set("sec-fetch-site", "cross-site");
    await expect(callerOf(fetchMetadata).write({ name: "Forged-Write" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await leadsNamed("Forged-Write")).toBe(0);
    // Reads from another site are harmless (the browser does not let that site see the answer)…
    expect((await callerOf(headers).where()).organizationId).toBe(org.id);
    // …and the app's own origin writes.
    const own = org.owner.browser.headers();
    own.set("origin", "http://localhost:3000");
    expect(await callerOf(own).write({ name: "Own-Origin-Write" })).toBe("ok");
  });
});
