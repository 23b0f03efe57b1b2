import { leadTable } from "@saas/db";
import { eq, gte, inArray, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { ASSIGNEE_ME, ASSIGNEE_NOBODY, searchWords, type LeadFilter } from "./schemas";

/** Whose leads, and who is asking (for "assigned to me"). */
export interface LeadScope {
  organizationId: string;
  userId: string;
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`);
const startOfNextDay = (day: string) => new Date(startOfDay(day).getTime() + 86_400_000);

/**
 * The filter's conditions, search excepted (it needs a plan of its own, see list-leads.ts). The
 * organization comes first, always: row-level security would hide other tenants anyway, but the
 * condition is what lets every index (all of them start with organization_id) serve the query.
 */
export function filterConditions(filter: LeadFilter, { organizationId, userId }: LeadScope): SQL[] {
  const conditions: SQL[] = [eq(leadTable.organizationId, organizationId)];
  if (filter.statuses.length) conditions.push(inArray(leadTable.status, filter.statuses));
  if (filter.sources.length) conditions.push(inArray(leadTable.source, filter.sources));
  if (filter.assignee === ASSIGNEE_ME) conditions.push(eq(leadTable.assignedToId, userId));
  else if (filter.assignee === ASSIGNEE_NOBODY) conditions.push(isNull(leadTable.assignedToId));
  else if (filter.assignee) conditions.push(eq(leadTable.assignedToId, filter.assignee));
  if (filter.createdFrom) conditions.push(gte(leadTable.createdAt, startOfDay(filter.createdFrom)));
  if (filter.createdTo) conditions.push(lt(leadTable.createdAt, startOfNextDay(filter.createdTo)));
  if (filter.valueMin !== undefined) conditions.push(gte(leadTable.estimatedValue, filter.valueMin));
  if (filter.valueMax !== undefined) conditions.push(lte(leadTable.estimatedValue, filter.valueMax));
  return conditions;
}

/** `%`, `_` and `\` typed by a person mean themselves, not LIKE wildcards. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** The LIKE pattern of each word of the search. */
const searchPatterns = (filter: LeadFilter) => searchWords(filter.q).map((word) => `%${escapeLike(word)}%`);

/**
 * One condition per word of the search: each must occur in the lead's search column (names, email
 * and company, lower-cased). `column` is that column as the query at hand names it. As filters:
 * for a walk along a sort order, which reads rows in order and keeps the matching ones.
 */
export function searchConditions(filter: LeadFilter, column: PgColumn | SQL = leadTable.search): SQL[] {
  return searchPatterns(filter).map((pattern) => sql`${column} like ${pattern}`);
}

/**
 * The search for a query that wants every match (the rare-word page, counts, bulk actions): the
 * matching ids come from the trigram index through `lead_search_ids` (migration 0005), because
 * under row-level security PostgreSQL will not use LIKE as an index condition. The function only
 * searches the transaction's own organization; the LIKE conditions stay as a second check.
 */
export function indexedSearchConditions(filter: LeadFilter): SQL[] {
  const patterns = searchPatterns(filter);
  if (patterns.length === 0) return [];
  const array = sql`array[${sql.join(
    patterns.map((pattern) => sql`${pattern}`),
    sql`, `,
  )}]::text[]`;
  return [sql`${leadTable.id} in (select lead_search_ids(${array}))`, ...searchConditions(filter)];
}
