import { decodeCursor, encodeCursor, leadTable, userTable, type Transaction } from "@saas/db";
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { PgColumn } from "drizzle-orm/pg-core";
import { filterConditions, indexedSearchConditions, searchConditions, type LeadScope } from "./lead-filter";
import { leadSelection, leadsByIds, toLead } from "./lead-row";
import { LeadStatuses, listLeadsInput, type LeadFilter, type LeadPage, type LeadSort, type ListLeadsInput } from "./schemas";

/**
 * The sort keys, each served by an index `(organization_id, key, id)`. Generated columns, so an
 * index and the query always agree on the expression; `cast` reads a cursor's key back.
 */
const SORT_KEYS: Record<LeadSort, { column: PgColumn; cast: string }> = {
  created: { column: leadTable.createdAt, cast: "timestamptz" },
  updated: { column: leadTable.updatedAt, cast: "timestamptz" },
  name: { column: leadTable.sortName, cast: "text" },
  company: { column: leadTable.sortCompany, cast: "text" },
  status: { column: leadTable.statusRank, cast: "integer" },
  value: { column: leadTable.sortValue, cast: "numeric" },
};

/**
 * How many rows of the sort order a search reads before concluding its words are rare. A common
 * word ("son", "acme") finds a page of matches within the first rows of the sort order, so they
 * are read straight from the sort index and the walk stops there; a rare one ("lovelace") would
 * make that walk cross the whole organization, so past this many rows the search asks the trigram
 * index for every match instead (few, since the walk found less than a page) and sorts those.
 * Tuned with `npm run bench:leads`.
 */
export const SEARCH_WALK_ROWS = 3000;

interface Page {
  ids: { id: string; key: string }[];
}

/**
 * A page of the organization's leads: filtered, searched, sorted, after `cursor` (keyset
 * pagination: the cost of a page does not grow with its depth, and equal sort keys are ordered by
 * id so no lead is skipped or repeated between pages).
 */
export function listLeads(tx: Transaction, scope: LeadScope, rawInput: ListLeadsInput = {}): Promise<LeadPage> {
  return readLeadPage(tx, scope, listLeadsInput.parse(rawInput));
}

/** A page of any size (the export reads a thousand at a time); `input` is already validated. */
export async function readLeadPage(tx: Transaction, scope: LeadScope, input: z.output<typeof listLeadsInput>): Promise<LeadPage> {
  const { column, cast } = SORT_KEYS[input.sort];
  const ascending = input.dir === "asc";
  const order = ascending ? [asc(column), asc(leadTable.id)] : [desc(column), desc(leadTable.id)];
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const after = cursor
    ? sql`(${column}, ${leadTable.id}) ${ascending ? sql`>` : sql`<`} (${cursor.key}::${sql.raw(cast)}, ${cursor.id}::uuid)`
    : undefined;
  const where = [...filterConditions(input.filter, scope), ...(after ? [after] : [])];
  const keyOf = sql<string>`${column}::text`;
  const fetch = input.limit + 1;

  const search = searchConditions(input.filter);
  let page: Page;
  if (search.length === 0) {
    const rows = await tx
      .select({ ...leadSelection, key: keyOf })
      .from(leadTable)
      .leftJoin(userTable, eq(userTable.id, leadTable.assignedToId))
      .where(and(...where))
      .orderBy(...order)
      .limit(fetch);
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    return {
      items: items.map(({ key: _key, ...row }) => toLead(row)),
      nextCursor: rows.length > input.limit && last ? encodeCursor({ key: last.key, id: last.id }) : null,
    };
  }

  const direction = sql.raw(ascending ? "asc" : "desc");
  // Along the sort order, reading at most SEARCH_WALK_ROWS rows: the outer LIMIT stops the walk
  // as soon as a page of matches is found (a common word: within the first rows).
  const walked = await tx.execute<{ id: string; key: string }>(sql`
    select id, key from (
      select ${leadTable.id} as id, ${keyOf} as key, ${column} as sort, ${leadTable.search} as search
      from ${leadTable} where ${and(...where)} order by ${sql.join(order, sql`, `)} limit ${SEARCH_WALK_ROWS}
    ) walked
    where ${and(...searchConditions(input.filter, sql`search`))}
    limit ${fetch}`);
  if (walked.length === fetch) {
    page = { ids: [...walked] };
  } else {
    // Fewer matches than a page among those rows: every match, from the trigram index, sorted.
    // (Also the complete answer when the organization has fewer rows than the walk reads.) The
    // materialized CTE keeps the planner from walking the sort index instead.
    const matches = await tx.execute<{ id: string; key: string }>(sql`
      with matches as materialized (
        select ${leadTable.id} as id, ${keyOf} as key, ${column} as sort
        from ${leadTable} where ${and(...where, ...indexedSearchConditions(input.filter))}
      )
      select id, key from matches order by sort ${direction}, id ${direction} limit ${fetch}`);
    page = { ids: [...matches] };
  }
  const ids = page.ids.slice(0, input.limit);
  const items = await leadsByIds(
    tx,
    scope.organizationId,
    ids.map((row) => row.id),
  );
  const last = ids.at(-1);
  return { items, nextCursor: page.ids.length > input.limit && last ? encodeCursor(last) : null };
}

/** How many leads match the filter, in all and per status (the tabs above the list). */
export async function countLeadsByStatus(tx: Transaction, scope: LeadScope, filter: LeadFilter) {
  const rows = await tx
    .select({ status: leadTable.status, n: count() })
    .from(leadTable)
    .where(and(...filterConditions(filter, scope), ...indexedSearchConditions(filter)))
    .groupBy(leadTable.status);
  const byStatus = Object.fromEntries(LeadStatuses.map((status) => [status, 0])) as Record<(typeof LeadStatuses)[number], number>;
  for (const row of rows) byStatus[row.status] = row.n;
  return { total: rows.reduce((sum, row) => sum + row.n, 0), byStatus };
}

/** The conditions of "everything matching this filter", for bulk actions and export. */
export const matchingFilter = (filter: LeadFilter, scope: LeadScope): SQL | undefined =>
  and(...filterConditions(filter, scope), ...indexedSearchConditions(filter));
