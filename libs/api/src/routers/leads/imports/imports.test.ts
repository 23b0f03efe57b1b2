import { leadActivityTable, leadImportChunkTable, leadImportTable, leadTable } from "@saas/db";
import { listRunnableLeadImports, runLeadImport, uploadLeadImport, type UploadedImport } from "@saas/leads";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOrganizationMember } from "../../../organization-access";
import { createApiHarness, type ApiHarness, type OrganizationFixture, type Person } from "../../../testing";

// CSV import end to end through the same entry points the web app uses: the upload (as its route
// handler calls it), the procedures, and the run they start in the background.

let h: ApiHarness;
let org: OrganizationFixture;

beforeAll(async () => {
  h = await createApiHarness();
  org = await h.organization("Importers");
});
afterAll(() => h.dispose());

/** Uploads bytes as the route handler does, as `person`, in pieces of `pieceBytes`. */
async function upload(person: Person, content: string | Uint8Array, { fileName = "leads.csv", pieceBytes = 64 * 1024 } = {}): Promise<UploadedImport> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  async function* body() {
    for (let offset = 0; offset < bytes.length; offset += pieceBytes) yield bytes.subarray(offset, offset + pieceBytes);
  }
  return asOrganizationMember(h.contextFor(person.browser.headers()), { write: true, permission: { lead: ["import"] } }, ({ tx, organization, user }) =>
    uploadLeadImport(tx, { organizationId: organization.id, userId: user.id }, { fileName, body: body() }),
  );
}

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => null,
    (caught: unknown) => caught,
  )) as { code?: string; message: string; reason?: string } | null;
  expect(error, "expected a refusal").not.toBeNull();
  return error!;
}

const leadsOf = (organizationId: string) => h.db.select().from(leadTable).where(eq(leadTable.organizationId, organizationId)).orderBy(leadTable.firstName);
const importsOf = (organizationId: string) => h.db.$count(leadImportTable, eq(leadImportTable.organizationId, organizationId));

describe("upload", () => {
  it("stores the file and reads its header, first rows and a guessed mapping", async () => {
    const uploaded = await upload(org.admin, "Name,E-mail,Company,Stage\nAda Lovelace,ada@example.com,Analytical,Qualified\n");
    expect(uploaded).toMatchObject({
      header: ["Name", "E-mail", "Company", "Stage"],
      sample: [["Ada Lovelace", "ada@example.com", "Analytical", "Qualified"]],
      mapping: { fullName: 0, email: 1, company: 2, status: 3 },
    });
    const chunks = await h.db.select().from(leadImportChunkTable).where(eq(leadImportChunkTable.importId, uploaded.id));
    expect(chunks).toHaveLength(1);
  });

  it.each([
    ["an empty file", "", "The file is empty."],
    ["a header only", "First name,Email\n", "The file has a header but no rows to import."],
    ["a binary file", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]), expect.stringContaining("not a text file")],
    ["a file that is not UTF-8 (Latin-1)", new Uint8Array([...new TextEncoder().encode("First name\nJos"), 0xe9, 0x0a]), expect.stringContaining("not UTF-8")],
    ["a broken quote at the start", 'First name,Notes\nAda,"never closed\n', expect.stringContaining("not valid CSV")],
  ])("refuses %s with a clear error and stores nothing", async (_label, content, message) => {
    const before = await importsOf(org.id);
    const error = await refusal(upload(org.admin, content));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message });
    expect(await importsOf(org.id)).toBe(before);
  });

  it("refuses a member (importing is for owners and admins)", async () => {
    const before = await importsOf(org.id);
    expect((await refusal(upload(org.member, "First name\nAda\n"))).code).toBe("FORBIDDEN");
    expect(await importsOf(org.id)).toBe(before);
  });
});

describe("run", () => {
  it("imports every row of a clean file with the chosen mapping, in the background, and reports the counts", async () => {
    const target = await h.organization();
    const file = [
      "First,Last,Email,Phone,Value,Status,Source,Owner",
      `Ada,Lovelace,ADA@example.com,+44 20 7946 0958,"12,500",Qualified,referral,${target.member.email}`,
      'Grace,Hopper,grace@example.com,,900,won,Cold outreach,',
      '"Alan ""The"" ",Turing,,,,,,',
    ].join("\r\n");
    const uploaded = await upload(target.owner, file);
    await target.owner.caller.leads.imports.start({ id: uploaded.id, mapping: uploaded.mapping, duplicateMode: "skip" });
    const [outcome] = await h.settleBackground();
    expect(outcome).toBe("completed");
    const result = await target.owner.caller.leads.imports.get({ id: uploaded.id });
    expect(result).toMatchObject({ status: "completed", totalRows: 3, insertedRows: 3, updatedRows: 0, skippedRows: 0, errorRows: 0 });
    const leads = await leadsOf(target.id);
    expect(leads.map(({ firstName, lastName, email, phone, estimatedValue, status, source, assignedToId }) => ({ firstName, lastName, email, phone, estimatedValue, status, source, assignedToId }))).toEqual([
      { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", phone: "+442079460958", estimatedValue: 12500, status: "qualified", source: "referral", assignedToId: target.member.userId },
      { firstName: 'Alan "The"', lastName: "Turing", email: null, phone: null, estimatedValue: null, status: "new", source: "other", assignedToId: null },
      { firstName: "Grace", lastName: "Hopper", email: "grace@example.com", phone: null, estimatedValue: 900, status: "won", source: "cold_outreach", assignedToId: null },
    ]);
    // The uploaded file is gone once imported.
    expect(await h.db.$count(leadImportChunkTable, eq(leadImportChunkTable.importId, uploaded.id))).toBe(0);
  });

  it("finds invalid rows first and writes nothing until told to import the valid ones; the errors name line, column and why", async () => {
    const target = await h.organization();
    const file = ["First name,Email,Value", "Ada,ada@example.com,100", ",nobody@example.com,5", "Grace,not-an-email,-3", "Alan,alan@example.com,7"].join("\n");
    const uploaded = await upload(target.admin, file);
    await target.admin.caller.leads.imports.start({ id: uploaded.id, mapping: uploaded.mapping, duplicateMode: "create" });
    expect(await h.settleBackground()).toEqual(["needs_review"]);
    const review = await target.admin.caller.leads.imports.get({ id: uploaded.id });
    expect(review).toMatchObject({ status: "needs_review", totalRows: 4, errorRows: 2 });
    expect(review.errors).toEqual([
      { line: 3, column: "First name", message: "Enter a first name" },
      { line: 4, column: "Email", message: "Enter a valid email address, like name@example.com" },
      { line: 4, column: "Value", message: "An amount cannot be negative" },
    ]);
    expect(await leadsOf(target.id)).toEqual([]);

    await target.admin.caller.leads.imports.start({ id: uploaded.id, mapping: uploaded.mapping, duplicateMode: "create", skipInvalidRows: true });
    expect(await h.settleBackground()).toEqual(["completed"]);
    expect((await leadsOf(target.id)).map((lead) => lead.firstName)).toEqual(["Ada", "Alan"]);
    expect(await target.admin.caller.leads.imports.get({ id: uploaded.id })).toMatchObject({ status: "completed", insertedRows: 2, errorRows: 2 });
  });

  it("fails a file that breaks further down (an unclosed quote) with the line, and imports nothing", async () => {
    const target = await h.organization();
    const rows = Array.from({ length: 3000 }, (_, i) => `Lead ${i},lead${i}@example.com`);
    const uploaded = await upload(target.owner, ["First name,Email", ...rows, 'Broken,"unclosed@example.com', "More,more@example.com"].join("\n"));
    await target.owner.caller.leads.imports.start({ id: uploaded.id, mapping: uploaded.mapping, duplicateMode: "create" });
    expect(await h.settleBackground()).toEqual(["failed"]);
    const failed = await target.owner.caller.leads.imports.get({ id: uploaded.id });
    expect(failed.failure).toMatch(/^This file is not valid CSV\. The row after line 3001: a quoted cell is never closed/);
    expect(await leadsOf(target.id)).toEqual([]);
  });

  it.each([
    ["skip", { inserted: 1, updated: 0, skipped: 2 }, "Old Co"],
    ["update", { inserted: 1, updated: 2, skipped: 0 }, "Newer Co"],
    ["create", { inserted: 3, updated: 0, skipped: 0 }, "Old Co"],
  ] as const)("duplicates by email (in the organization and within the file): %s", async (duplicateMode, counts, company) => {
    const target = await h.organization();
    const [original] = await h.db
      .insert(leadTable)
      .values({ organizationId: target.id, firstName: "Existing", email: "dup@example.com", company: "Old Co", status: "won" })
      .returning();
    const uploaded = await upload(target.owner, "First name,Email,Company,Status\nRenamed,DUP@example.com,New Co,\nFresh,fresh@example.com,,\nAgain,dup@example.com,Newer Co,\n");
    await target.owner.caller.leads.imports.start({ id: uploaded.id, mapping: uploaded.mapping, duplicateMode });
    expect(await h.settleBackground()).toEqual(["completed"]);
    expect(await target.owner.caller.leads.imports.get({ id: uploaded.id })).toMatchObject({
      insertedRows: counts.inserted,
      updatedRows: counts.updated,
      skippedRows: counts.skipped,
    });
    const existing = (await leadsOf(target.id)).find((lead) => lead.id === original!.id);
    expect(existing?.company).toBe(company);
    // An empty Status cell leaves the status as it was.
    expect(existing?.status).toBe("won");
  });

  it("records status changes made by an update import as the importer's", async () => {
    const target = await h.organization();
    const [lead] = await h.db.insert(leadTable).values({ organizationId: target.id, firstName: "Moved", email: "moved@example.com" }).returning();
    const uploaded = await upload(target.owner, "First name,Email,Status\nMoved,moved@example.com,Proposal\n");
    await target.owner.caller.leads.imports.start({ id: uploaded.id, mapping: uploaded.mapping, duplicateMode: "update" });
    await h.settleBackground();
    const history = await h.db.select().from(leadActivityTable).where(eq(leadActivityTable.leadId, lead!.id));
    expect(history).toEqual([expect.objectContaining({ kind: "status", fromValue: "new", toValue: "proposal", actorId: target.owner.userId })]);
  });

  it("refuses a bad mapping (no name column, a column used twice, one the file lacks) and a second start", async () => {
    const uploaded = await upload(org.owner, "First name,Email\nAda,ada@example.com\n");
    const start = (mapping: Record<string, number>) => org.owner.caller.leads.imports.start({ id: uploaded.id, mapping, duplicateMode: "skip" });
    expect(await refusal(start({ email: 1 }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("first name") });
    expect((await refusal(start({ firstName: 0, lastName: 0 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(start({ firstName: 0, company: 7 }))).code).toBe("BAD_REQUEST");
    await start({ firstName: 0, email: 1 });
    await h.settleBackground();
    expect((await refusal(start({ firstName: 0, email: 1 }))).code).toBe("CONFLICT");
  });

  it("refuses a member and another organization's import (NOT_FOUND), changing nothing", async () => {
    const uploaded = await upload(org.owner, "First name\nAda\n");
    expect((await refusal(org.member.caller.leads.imports.get({ id: uploaded.id }))).code).toBe("FORBIDDEN");
    const other = await h.organization();
    expect((await refusal(other.owner.caller.leads.imports.start({ id: uploaded.id, mapping: { firstName: 0 }, duplicateMode: "skip" }))).code).toBe("NOT_FOUND");
    expect((await refusal(other.owner.caller.leads.imports.cancel({ id: uploaded.id }))).code).toBe("NOT_FOUND");
    expect((await h.db.select().from(leadImportTable).where(eq(leadImportTable.id, uploaded.id)))[0]?.status).toBe("uploaded");
  });
});

describe("runs off the request, once each, and survive a crash", () => {
  it("lets only one of two concurrent runs claim an import", async () => {
    const uploaded = await upload(org.owner, "First name\nOnce\n");
    await h.db.update(leadImportTable).set({ status: "queued", mapping: { firstName: 0 }, duplicateMode: "create" }).where(eq(leadImportTable.id, uploaded.id));
    const outcomes = await Promise.all([runLeadImport(h.db, uploaded.id), runLeadImport(h.db, uploaded.id)]);
    expect(outcomes.sort()).toEqual(["completed", "not_claimed"]);
    expect(await h.db.$count(leadTable, and(eq(leadTable.organizationId, org.id), eq(leadTable.firstName, "Once")))).toBe(1);
  });

  it("leaves a run whose lease has lapsed to the worker's job, which completes it once", async () => {
    const uploaded = await upload(org.owner, "First name\nResumed\n");
    // As a process that died mid-run leaves it: running, lease in the past.
    await h.db
      .update(leadImportTable)
      .set({ status: "running", mapping: { firstName: 0 }, duplicateMode: "create", lockedUntil: sql`now() - interval '1 minute'`, attempts: 1 })
      .where(eq(leadImportTable.id, uploaded.id));
    expect(await listRunnableLeadImports(h.db)).toContain(uploaded.id);
    expect(await runLeadImport(h.db, uploaded.id)).toBe("completed");
    expect(await runLeadImport(h.db, uploaded.id)).toBe("not_claimed");
    expect(await listRunnableLeadImports(h.db)).not.toContain(uploaded.id);
    expect(await h.db.$count(leadTable, and(eq(leadTable.organizationId, org.id), eq(leadTable.firstName, "Resumed")))).toBe(1);
  });
});
