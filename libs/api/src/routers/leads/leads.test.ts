import { leadActivityTable, leadTable, type LeadStatus } from "@saas/db";
import type { AppError } from "@saas/errors";
import type { TRPCError } from "@trpc/server";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness, type OrganizationFixture } from "../../testing";

// Every leads procedure through the router's caller: what it does, each field of bad input, the
// roles it refuses (with the data read back unchanged), and another tenant's id (NOT_FOUND).

let h: ApiHarness;
let a: OrganizationFixture;
let b: OrganizationFixture;

beforeAll(async () => {
  h = await createApiHarness();
  [a, b] = await Promise.all([h.organization("Alpha"), h.organization("Beta")]);
});
afterAll(() => h.dispose());

async function insertLeads(organizationId: string, rows: Partial<typeof leadTable.$inferInsert>[]) {
  return h.db
    .insert(leadTable)
    .values(rows.map((row, i) => ({ organizationId, firstName: `Lead ${i}`, ...row })))
    .returning();
}

const readLeads = (ids: string[]) => h.db.select().from(leadTable).where(inArray(leadTable.id, ids)).orderBy(leadTable.id);

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => null,
    (caught: unknown) => caught,
  )) as TRPCError | null;
  expect(error, "expected a refusal").not.toBeNull();
  return { code: error!.code, message: error!.message, cause: error!.cause as AppError | undefined };
}

describe("leads.create", () => {
  it("creates a lead from a form's values, normalised", async () => {
    const lead = await a.member.caller.leads.create({
      firstName: "  Ada ",
      lastName: "Lovelace",
      email: " Ada@Example.COM ",
      phone: "+44 (20) 7946-0958",
      company: "",
      estimatedValue: "12,500.456" as unknown as number,
      status: "qualified",
      source: "referral",
      assignedToId: a.member.userId,
    });
    expect(lead).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      phone: "+442079460958",
      company: null,
      estimatedValue: 12500.46,
      status: "qualified",
      source: "referral",
      assignee: { id: a.member.userId, name: expect.any(String) },
    });
    const [stored] = await readLeads([lead.id]);
    expect(stored).toMatchObject({ organizationId: a.id, email: "ada@example.com" });
  });

  it.each([
    [{ firstName: "" }, "firstName", "Enter a first name"],
    [{ firstName: "x".repeat(101) }, "firstName", "Use at most 100 characters"],
    [{ email: "not-an-email" }, "email", "Enter a valid email address, like name@example.com"],
    [{ phone: "call me" }, "phone", expect.stringContaining("phone number")],
    [{ phone: "12" }, "phone", expect.stringContaining("6 to 15 digits")],
    [{ estimatedValue: -5 }, "estimatedValue", "An amount cannot be negative"],
    [{ estimatedValue: "lots" }, "estimatedValue", "Enter an amount, like 12500"],
    [{ status: "bogus" }, "status", "Choose a status"],
    [{ source: "bogus" }, "source", "Choose a source"],
    [{ assignedToId: "nope" }, "assignedToId", "Choose a member of this organization"],
    [{ notes: "x".repeat(5001) }, "notes", "Use at most 5000 characters"],
  ])("refuses %j: names %s and says why, and creates nothing", async (fields, field, message) => {
    const before = await h.db.$count(leadTable, eq(leadTable.organizationId, a.id));
    const { code, cause } = await refusal(a.owner.caller.leads.create({ firstName: "Valid", ...fields } as never));
    expect(code).toBe("BAD_REQUEST");
    expect(cause?.fieldErrors).toEqual({ [field]: message });
    expect(await h.db.$count(leadTable, eq(leadTable.organizationId, a.id))).toBe(before);
  });

  it("refuses an assignee from another organization (BAD_REQUEST on the field), and a member assigning someone else", async () => {
    const before = await h.db.$count(leadTable, eq(leadTable.organizationId, a.id));
    const stranger = await refusal(a.owner.caller.leads.create({ firstName: "X", assignedToId: b.member.userId }));
    expect(stranger).toMatchObject({ code: "BAD_REQUEST", cause: { fieldErrors: { assignedToId: "Choose a member of this organization" } } });
    const other = await refusal(a.member.caller.leads.create({ firstName: "X", assignedToId: a.admin.userId }));
    expect(other.code).toBe("FORBIDDEN");
    expect(await h.db.$count(leadTable, eq(leadTable.organizationId, a.id))).toBe(before);
  });
});

describe("leads.get", () => {
  it("returns the lead with its history: who changed what, from → to", async () => {
    const lead = await a.owner.caller.leads.create({ firstName: "Grace" });
    await a.owner.caller.leads.update({ ...lead, ...{ assignedToId: a.member.userId, status: "contacted" as LeadStatus }, updatedAt: lead.updatedAt });
    const { lead: read, activity } = await a.member.caller.leads.get({ id: lead.id });
    expect(read.status).toBe("contacted");
    expect(activity.map(({ kind, from, to, toName, actor }) => ({ kind, from, to, toName, actor: actor?.id }))).toEqual(
      expect.arrayContaining([
        { kind: "status", from: "new", to: "contacted", toName: null, actor: a.owner.userId },
        { kind: "assignee", from: null, to: a.member.userId, toName: expect.any(String), actor: a.owner.userId },
      ]),
    );
  });

  it("answers NOT_FOUND for another organization's lead and for an unknown one, and refuses a malformed id", async () => {
    const [theirs] = await insertLeads(b.id, [{ firstName: "Secret" }]);
    expect((await refusal(a.owner.caller.leads.get({ id: theirs!.id }))).code).toBe("NOT_FOUND");
    expect((await refusal(a.owner.caller.leads.get({ id: "00000000-0000-4000-8000-000000000000" }))).code).toBe("NOT_FOUND");
    expect((await refusal(a.owner.caller.leads.get({ id: "1 or 1=1" }))).cause?.fieldErrors).toEqual({ id: "Unknown lead" });
  });
});

describe("leads.update", () => {
  it("saves an edit made from the current version", async () => {
    const lead = await a.member.caller.leads.create({ firstName: "Edit", email: "edit@example.com" });
    const updated = await a.member.caller.leads.update({ ...lead, company: "Initech", assignedToId: a.member.userId, updatedAt: lead.updatedAt });
    expect(updated).toMatchObject({ company: "Initech", assignee: { id: a.member.userId } });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(lead.updatedAt.getTime());
  });

  it("refuses a stale edit with CONFLICT and the current values, and writes nothing", async () => {
    const lead = await a.member.caller.leads.create({ firstName: "Twice" });
    const first = await a.owner.caller.leads.update({ ...lead, company: "From tab one", updatedAt: lead.updatedAt });
    const stale = await refusal(a.member.caller.leads.update({ ...lead, company: "From tab two", updatedAt: lead.updatedAt }));
    expect(stale).toMatchObject({ code: "CONFLICT", cause: { reason: "STALE_EDIT" } });
    expect((stale.cause?.details?.["current"] as { company: string }).company).toBe("From tab one");
    expect((await readLeads([lead.id]))[0]).toMatchObject({ company: "From tab one", updatedAt: first.updatedAt });
  });

  it("refuses a member assigning someone else's lead or to someone else, and another tenant's lead; nothing changes", async () => {
    const [mine] = await insertLeads(a.id, [{ firstName: "Assigned", assignedToId: a.admin.userId }]);
    const [theirs] = await insertLeads(b.id, [{ firstName: "Theirs" }]);
    const before = await readLeads([mine!.id, theirs!.id]);
    const lead = { ...mine!, estimatedValue: null, lastName: "", updatedAt: mine!.updatedAt };
    expect((await refusal(a.member.caller.leads.update({ ...lead, assignedToId: a.member.userId }))).code).toBe("FORBIDDEN");
    expect((await refusal(a.member.caller.leads.update({ ...lead, assignedToId: null }))).code).toBe("FORBIDDEN");
    expect((await refusal(a.owner.caller.leads.update({ ...theirs!, updatedAt: theirs!.updatedAt, company: "Stolen" }))).code).toBe("NOT_FOUND");
    expect(await readLeads([mine!.id, theirs!.id])).toEqual(before);
  });
});

describe("leads.delete", () => {
  it("is for owners and admins: a member is refused and the lead stays", async () => {
    const [lead] = await insertLeads(a.id, [{ firstName: "Keep" }]);
    expect((await refusal(a.member.caller.leads.delete({ id: lead!.id }))).code).toBe("FORBIDDEN");
    expect(await readLeads([lead!.id])).toHaveLength(1);
    expect(await a.admin.caller.leads.delete({ id: lead!.id })).toEqual({ id: lead!.id });
    expect(await readLeads([lead!.id])).toHaveLength(0);
  });

  it("answers NOT_FOUND for another organization's lead, which stays", async () => {
    const [theirs] = await insertLeads(b.id, [{ firstName: "Theirs" }]);
    expect((await refusal(a.owner.caller.leads.delete({ id: theirs!.id }))).code).toBe("NOT_FOUND");
    expect(await readLeads([theirs!.id])).toHaveLength(1);
  });
});

describe("leads.list and leads.counts", () => {
  let org: OrganizationFixture;
  beforeAll(async () => {
    org = await h.organization("Listing");
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));
    await insertLeads(org.id, [
      { firstName: "Ada", lastName: "Lovelace", email: "ada@analytical.example", status: "new", source: "referral", estimatedValue: 100, createdAt: day(1), assignedToId: org.member.userId },
      { firstName: "Grace", lastName: "Hopper", email: "grace@navy.example", status: "qualified", source: "referral", estimatedValue: 5000, createdAt: day(2) },
      { firstName: "Alan", lastName: "Turing", company: "100% Pure_Logic", status: "won", source: "event", estimatedValue: 900, createdAt: day(3), assignedToId: org.owner.userId },
      { firstName: "Katherine", lastName: "Johnson", company: "NASA", status: "qualified", source: "website", createdAt: day(4) },
    ]);
  });

  const names = (page: { items: { firstName: string }[] }) => page.items.map((lead) => lead.firstName);

  it.each([
    [{}, ["Katherine", "Alan", "Grace", "Ada"]],
    [{ statuses: ["qualified", "won"] }, ["Katherine", "Alan", "Grace"]],
    [{ sources: ["referral"] }, ["Grace", "Ada"]],
    [{ assignee: "me" }, ["Ada"]],
    [{ assignee: "unassigned" }, ["Katherine", "Grace"]],
    [{ createdFrom: "2026-11-02", createdTo: "2026-11-03" }, ["Alan", "Grace"]],
    [{ valueMin: 500, valueMax: 1000 }, ["Alan"]],
    [{ q: "HOPPER" }, ["Grace"]],
    [{ q: "ada analytical" }, ["Ada"]],
    // What people type is searched for literally: % and _ are not wildcards.
    [{ q: "100%" }, ["Alan"]],
    [{ q: "e_l" }, ["Alan"]],
    [{ q: "e%l" }, []],
  ])("filter %j → %j", async (filter, expected) => {
    expect(names(await org.member.caller.leads.list({ filter: filter as never }))).toEqual(expected);
  });

  it("counts per status for the current filter", async () => {
    expect(await org.member.caller.leads.counts({ filter: { statuses: [], sources: ["referral", "event"] } })).toEqual({
      total: 3,
      byStatus: { new: 1, contacted: 0, qualified: 1, proposal: 0, negotiation: 0, won: 1, lost: 0 },
    });
  });

  it.each([
    [{ sort: "bogus" }, "sort", "Unknown sort"],
    [{ dir: "sideways" }, "dir", "Sort ascending or descending"],
    [{ limit: 500 }, "limit", "Ask for at most 100 leads at a time"],
    [{ filter: { q: "ab" } }, "filter.q", "Type at least 3 characters to search"],
    [{ filter: { statuses: ["bogus"] } }, "filter.statuses.0", "Unknown status"],
    [{ filter: { createdFrom: "2026-13-01" } }, "filter.createdFrom", "Use a date like 2026-11-29"],
    [{ filter: { createdFrom: "2026-11-05", createdTo: "2026-11-01" } }, "filter.createdTo", "The end date is before the start date"],
    [{ filter: { valueMin: -1 } }, "filter.valueMin", "An amount cannot be negative"],
    [{ filter: { assignee: "everyone" } }, "filter.assignee", expect.any(String)],
  ])("refuses %j, naming %s", async (input, field, message) => {
    const { code, cause } = await refusal(org.member.caller.leads.list(input as never));
    expect(code).toBe("BAD_REQUEST");
    expect(cause?.fieldErrors?.[field]).toEqual(message);
  });

  it("refuses a cursor it did not make", async () => {
    const { code, cause } = await refusal(org.member.caller.leads.list({ cursor: "garbage" }));
    expect({ code, reason: cause?.reason }).toEqual({ code: "BAD_REQUEST", reason: "BAD_CURSOR" });
  });

  it("never shows another organization's leads, even for the same search", async () => {
    await insertLeads(b.id, [{ firstName: "Ada", lastName: "Lovelace", email: "ada@analytical.example" }]);
    const page = await org.member.caller.leads.list({ filter: { q: "lovelace" } });
    expect(page.items).toHaveLength(1);
    expect((await readLeads(page.items.map((lead) => lead.id)))[0]?.organizationId).toBe(org.id);
  });
});

describe("bulk actions", () => {
  it("set the status of a selection and say how many changed; ids of another organization change nothing", async () => {
    const mine = await insertLeads(a.id, [{ status: "new" }, { status: "new" }, { status: "won" }]);
    const [theirs] = await insertLeads(b.id, [{ status: "new" }]);
    const result = await a.member.caller.leads.bulkSetStatus({ target: { ids: [...mine.map((lead) => lead.id), theirs!.id] }, status: "won" });
    expect(result).toEqual({ changed: 2 });
    expect((await readLeads(mine.map((lead) => lead.id))).map((lead) => lead.status)).toEqual(["won", "won", "won"]);
    expect((await readLeads([theirs!.id]))[0]?.status).toBe("new");
  });

  it("act on everything matching a filter, in one transaction", async () => {
    const org = await h.organization();
    await insertLeads(org.id, Array.from({ length: 30 }, (_, i) => ({ source: i % 3 === 0 ? "event" : "website" })));
    expect(await org.owner.caller.leads.bulkSetStatus({ target: { filter: { statuses: [], sources: ["event"] } }, status: "lost" })).toEqual({ changed: 10 });
    expect(await org.owner.caller.leads.bulkDelete({ target: { filter: { statuses: ["lost"], sources: [] } } })).toEqual({ changed: 10 });
    expect(await h.db.$count(leadTable, eq(leadTable.organizationId, org.id))).toBe(20);
  });

  it("assign: owners and admins assign anyone; a member only takes leads that are nobody's or theirs", async () => {
    const leads = await insertLeads(a.id, [{ assignedToId: null }, { assignedToId: a.admin.userId }, { assignedToId: a.member.userId }]);
    const ids = leads.map((lead) => lead.id);
    expect((await refusal(a.member.caller.leads.bulkAssign({ target: { ids }, assignedToId: a.admin.userId }))).code).toBe("FORBIDDEN");
    expect(await a.member.caller.leads.bulkAssign({ target: { ids }, assignedToId: a.member.userId })).toEqual({ changed: 1 });
    expect((await readLeads(ids)).map((lead) => lead.assignedToId).sort()).toEqual([a.admin.userId, a.member.userId, a.member.userId].sort());
    expect(await a.admin.caller.leads.bulkAssign({ target: { ids }, assignedToId: null })).toEqual({ changed: 3 });
    const outsider = await refusal(a.admin.caller.leads.bulkAssign({ target: { ids }, assignedToId: b.owner.userId }));
    expect(outsider.code).toBe("BAD_REQUEST");
    expect((await readLeads(ids)).every((lead) => lead.assignedToId === null)).toBe(true);
  });

  it("delete is for owners and admins; a member's attempt changes nothing", async () => {
    const leads = await insertLeads(a.id, [{}, {}]);
    const ids = leads.map((lead) => lead.id);
    expect((await refusal(a.member.caller.leads.bulkDelete({ target: { ids } }))).code).toBe("FORBIDDEN");
    expect(await readLeads(ids)).toHaveLength(2);
  });

  it("refuses an empty or oversized selection", async () => {
    expect((await refusal(a.owner.caller.leads.bulkDelete({ target: { ids: [] } }))).code).toBe("BAD_REQUEST");
    const many = Array.from({ length: 1001 }, () => crypto.randomUUID());
    expect((await refusal(a.owner.caller.leads.bulkSetStatus({ target: { ids: many }, status: "won" }))).code).toBe("BAD_REQUEST");
  });
});

describe("the board", () => {
  it("pages through a column in board order, newest on top, and sums each column", async () => {
    const org = await h.organization();
    const leads = await insertLeads(
      org.id,
      Array.from({ length: 25 }, (_, i) => ({ firstName: `Card ${i}`, status: "proposal", estimatedValue: 10, position: String(i) })),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await org.member.caller.leads.boardColumn({ status: "proposal", cursor, limit: 10 });
      seen.push(...page.items.map((lead) => lead.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(leads.map((lead) => lead.id));
    const summary = await org.member.caller.leads.boardSummary();
    expect(summary.find((column) => column.status === "proposal")).toEqual({ status: "proposal", count: 25, value: 250 });
    expect(summary.map((column) => column.status)).toEqual(["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"]);
  });

  it("moves a card into another column between two cards, again and again in the same gap, and records the status change", async () => {
    const org = await h.organization();
    const [top, bottom, mover, other] = await insertLeads(org.id, [
      { firstName: "Top", status: "won", position: "1" },
      { firstName: "Bottom", status: "won", position: "2" },
      { firstName: "Mover", status: "new" },
      { firstName: "Other", status: "new" },
    ]);
    await org.member.caller.leads.move({ id: mover!.id, status: "won", aboveId: top!.id, belowId: bottom!.id });
    // Sixty more cards into the same gap, each just above the previous one: numeric always has room.
    let below = mover!.id;
    for (let i = 0; i < 60; i++) {
      const [card] = await insertLeads(org.id, [{ firstName: `Squeezed ${i}`, status: "new" }]);
      await org.member.caller.leads.move({ id: card!.id, status: "won", aboveId: top!.id, belowId: below });
      below = card!.id;
    }
    const column = await org.member.caller.leads.boardColumn({ status: "won", limit: 100 });
    const order = column.items.map((lead) => lead.firstName);
    expect(order[0]).toBe("Top");
    expect(order.at(-2)).toBe("Mover");
    expect(order.at(-1)).toBe("Bottom");
    expect(order.slice(1, 61)).toEqual(Array.from({ length: 60 }, (_, i) => `Squeezed ${59 - i}`));
    const history = await h.db.select().from(leadActivityTable).where(eq(leadActivityTable.leadId, mover!.id));
    expect(history).toEqual([expect.objectContaining({ kind: "status", fromValue: "new", toValue: "won", actorId: org.member.userId })]);
    expect((await readLeads([other!.id]))[0]?.status).toBe("new");
  });

  it("answers NOT_FOUND for moving another organization's card, which stays put", async () => {
    const [theirs] = await insertLeads(b.id, [{ status: "new" }]);
    expect((await refusal(a.owner.caller.leads.move({ id: theirs!.id, status: "won" }))).code).toBe("NOT_FOUND");
    expect((await readLeads([theirs!.id]))[0]).toMatchObject({ status: "new", position: theirs!.position });
  });
});

describe("assignees and the overview", () => {
  it("lists the organization's members only", async () => {
    const people = await a.member.caller.leads.assignees();
    expect(people.map((person) => person.id).sort()).toEqual([a.owner.userId, a.admin.userId, a.member.userId].sort());
  });

  it("shows the pipeline in numbers: per status, the open value, and what was won this month", async () => {
    const org = await h.organization();
    const [won] = await insertLeads(org.id, [
      { status: "new", estimatedValue: 100 },
      { status: "qualified", estimatedValue: 200 },
      { status: "lost", estimatedValue: 50 },
      { status: "new", estimatedValue: 1000 },
    ]);
    await org.owner.caller.leads.move({ id: won!.id, status: "won" });
    // Won long ago: not this month.
    await insertLeads(org.id, [{ status: "won", estimatedValue: 7, createdAt: new Date(Date.UTC(2020, 0, 1)) }]);
    const overview = await org.member.caller.organization.overview();
    expect(overview.members).toBe(3);
    expect(overview.pipeline).toMatchObject({ total: 5, openValue: 1200, wonThisMonth: { count: 1, value: 100 } });
  });
});
