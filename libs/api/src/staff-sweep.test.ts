import { sessionTable, staffAuditLogTable, userTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callByPath, createApiHarness, listProcedures, type ApiHarness, type Person } from "./testing";

// The staff sweep: every procedure of the staff router — read from the router's own definition,
// so a new one is covered by construction — called by everyone who is not a staff member in good
// standing: refused, with nothing of the platform in the refusal, and the data unchanged.

let h: ApiHarness;
let staff: Person;

type Persona = { name: string; code: "UNAUTHORIZED" | "FORBIDDEN"; reason: string; headers: () => Promise<Headers> };

const PERSONAS: Persona[] = [
  { name: "anonymous", code: "UNAUTHORIZED", reason: "STAFF_SIGNED_OUT", headers: async () => new Headers() },
  { name: "a customer", code: "FORBIDDEN", reason: "STAFF_NOT_STAFF", headers: async () => (await h.person()).browser.headers() },
  {
    name: "staff without two-factor authentication",
    code: "FORBIDDEN",
    reason: "STAFF_NEEDS_TWO_FACTOR",
    headers: async () => {
      const person = await h.person();
      await h.db.update(userTable).set({ role: "admin" }).where(eq(userTable.id, person.userId));
      return person.browser.headers();
    },
  },
  {
    name: "demoted staff",
    code: "FORBIDDEN",
    reason: "STAFF_NOT_STAFF",
    headers: async () => {
      const person = await h.staff();
      await h.db.update(userTable).set({ role: "user" }).where(eq(userTable.id, person.userId));
      return person.browser.headers();
    },
  },
  {
    name: "a banned staff member (their session still open)",
    code: "FORBIDDEN",
    reason: "STAFF_BANNED",
    headers: async () => {
      const person = await h.staff();
      await h.db.update(userTable).set({ banned: true, banReason: "test" }).where(eq(userTable.id, person.userId));
      return person.browser.headers();
    },
  },
  {
    name: "an impersonation session",
    code: "FORBIDDEN",
    reason: "STAFF_IMPERSONATED",
    headers: async () => {
      const person = await h.staff();
      await h.db.update(sessionTable).set({ impersonatedBy: staff.userId }).where(eq(sessionTable.userId, person.userId));
      return person.browser.headers();
    },
  },
];

beforeAll(async () => {
  h = await createApiHarness();
  staff = await h.staff();
  await h.organization("Staff sweep");
});
afterAll(() => h.dispose());

const snapshot = async () => ({
  users: await h.db.select({ id: userTable.id, role: userTable.role, banned: userTable.banned }).from(userTable).orderBy(userTable.id),
  sessions: await h.db.select({ id: sessionTable.id }).from(sessionTable).orderBy(sessionTable.id),
  audit: await h.db.select({ id: staffAuditLogTable.id }).from(staffAuditLogTable).orderBy(staffAuditLogTable.id),
});

describe("the staff sweep", () => {
  const procedures = listProcedures().filter((procedure) => procedure.path.startsWith("staff."));

  it("covers the staff router, and a staff member in good standing is let in (at worst, told what the input lacks)", async () => {
    expect(procedures.length).toBeGreaterThan(0);
    for (const { path } of procedures) {
      const outcome = await callByPath(h.callerFor(staff.browser.headers()), path, undefined).then(
        () => "answered",
        (error: { code?: string }) => error.code,
      );
      expect(["answered", "BAD_REQUEST"], `${path}: ${outcome}`).toContain(outcome);
    }
  });

  for (const persona of PERSONAS) {
    // One person per persona for all the procedures (each is refused and changes nothing, so
    // they can share it): signing a person up per call made this the API's slowest test file.
    let headers: Promise<Headers> | undefined;
    it.each(procedures.map((procedure) => procedure.path))(`%s refuses ${persona.name}, and changes nothing`, async (path) => {
      headers ??= persona.headers();
      const personaHeaders = await headers;
      const before = await snapshot();
      const outcome = await callByPath(h.callerFor(personaHeaders), path, undefined).then(
        () => null,
        (error: unknown) => error as { code?: string; cause?: { reason?: string } },
      );
      expect(outcome, `${path} answered ${persona.name}`).not.toBeNull();
      expect(outcome?.code).toBe(persona.code);
      expect(outcome?.cause?.reason).toBe(persona.reason);
      expect(await snapshot()).toEqual(before);
    });
  }
});
