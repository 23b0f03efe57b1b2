import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLeads, SEARCH_WALK_ROWS } from "./list-leads";
import { LEAD_SORTS, type LeadFilterInput, type ListLeadsInput } from "./schemas";

// Keyset pagination, walked to the end: every lead exactly once, in order, for every sort in both
// directions — with many equal sort keys, which is where keyset pagination goes wrong — and the
// search's two plans (a common word read along the sort order, a rare one from the index).

let t: TestDatabase;
let organizationId: string;
let userId: string;
let bigOrganizationId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const { organization, owner } = await createTestOrganization(t.db);
  organizationId = organization.id;
  userId = owner.id;
  // 97 leads whose sort keys repeat a lot: 5 creation times, 4 names, 3 companies (one blank),
  // 4 values (one missing), every status; updated_at distinct per row.
  await t.db.execute(sql`
    insert into lead (organization_id, first_name, last_name, company, status, estimated_value, created_at)
    select ${organizationId}, (array['Ada','Grace','Alan','Linus'])[1 + n % 4], 'Tied',
           (array['Acme', NULL, 'Globex'])[1 + n % 3],
           (array['new','contacted','qualified','proposal','negotiation','won','lost'])[1 + n % 7],
           (array[100, NULL, 250.5, 100])[1 + n % 4],
           timestamptz '2026-11-01 12:00:00.123456+00' + (n % 5) * interval '1 microsecond'
    from generate_series(1, 97) n`);

  // A big organization for the search plans: more rows than the walk reads.
  const big = await createTestOrganization(t.db);
  bigOrganizationId = big.organization.id;
  await t.db.execute(sql`
    insert into lead (organization_id, first_name, last_name, email)
    select ${bigOrganizationId}, 'Person', 'Number ' || n, 'person' || n || '@acme.example'
    from generate_series(1, ${SEARCH_WALK_ROWS + 500}) n`);
  await t.db.execute(sql`
    insert into lead (organization_id, first_name, last_name, email, created_at)
    values (${bigOrganizationId}, 'Ada', 'Lovelace', 'ada@analytical.example', now() - interval '10 years'),
           (${bigOrganizationId}, 'Augusta', 'Lovelace', null, now() - interval '11 years')`);
  await t.db.execute(sql`analyze lead`);
});
afterAll(() => t.dispose());

async function walk(scopeId: string, input: ListLeadsInput) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await t.db.withTenant(scopeId, (tx) => listLeads(tx, { organizationId: scopeId, userId }, { ...input, cursor }));
    ids.push(...page.items.map((lead) => lead.id));
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1000) throw new Error("the walk does not end");
  } while (cursor);
  return ids;
}

/** The full order as PostgreSQL sorts it in one query, for comparison. */
async function expectedOrder(column: string, dir: "asc" | "desc", where = sql`true`) {
  const rows = await t.db.execute<{ id: string }>(
    sql`select id from lead where organization_id = ${organizationId} and ${where}
        order by ${sql.identifier(column)} ${sql.raw(dir)}, id ${sql.raw(dir)}`,
  );
  return rows.map((row) => row.id);
}

const COLUMNS = { created: "created_at", updated: "updated_at", name: "sort_name", company: "sort_company", status: "status_rank", value: "sort_value" };

describe("keyset pagination", () => {
  it.each(LEAD_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => [sort, dir] as const)))(
    "sorted by %s %s: every lead once, in order, across pages of 7",
    async (sort, dir) => {
      const ids = await walk(organizationId, { sort, dir, limit: 7 });
      expect(ids).toHaveLength(97);
      expect(new Set(ids).size).toBe(97);
      expect(ids).toEqual(await expectedOrder(COLUMNS[sort], dir));
    },
  );

  it("also with a filter and a search (the walk's plan), page by page", async () => {
    const filter: LeadFilterInput = { statuses: ["new", "won", "lost"], q: "ada" };
    const ids = await walk(organizationId, { sort: "name", dir: "asc", limit: 3, filter });
    expect(ids).toEqual(await expectedOrder("sort_name", "asc", sql`status in ('new', 'won', 'lost') and search like '%ada%'`));
    expect(ids.length).toBeGreaterThan(3);
  });
});

describe("search plans", () => {
  it("a common word fills a page from the first rows of the sort order", async () => {
    const page = await t.db.withTenant(bigOrganizationId, (tx) =>
      listLeads(tx, { organizationId: bigOrganizationId, userId }, { filter: { q: "acme" }, limit: 50 }),
    );
    expect(page.items).toHaveLength(50);
    expect(page.nextCursor).not.toBeNull();
  });

  it("a rare word beyond the rows the walk reads is found through the index, sorted, and paged", async () => {
    const filter = { q: "lovelace" };
    const ids = await walk(bigOrganizationId, { filter, limit: 1, sort: "created", dir: "desc" });
    const names = await t.db.execute<{ first_name: string }>(
      sql`select first_name from lead where id in ${sql`(${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`}`,
    );
    expect(ids).toHaveLength(2);
    expect(names.map((row) => row.first_name).sort()).toEqual(["Ada", "Augusta"]);
    // Newest first: Ada (10 years ago) before Augusta (11).
    const [first] = await t.db.execute<{ first_name: string }>(sql`select first_name from lead where id = ${ids[0]!}`);
    expect(first?.first_name).toBe("Ada");
  });

  it("several words must all occur, in any field, in any order", async () => {
    const page = await t.db.withTenant(bigOrganizationId, (tx) =>
      listLeads(tx, { organizationId: bigOrganizationId, userId }, { filter: { q: "analytical LOVELACE" } }),
    );
    expect(page.items.map((lead) => lead.firstName)).toEqual(["Ada"]);
  });
});
