import { leadTable, userTable, type Transaction } from "@saas/db";
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { filterConditions, indexedSearchConditions, type LeadScope } from "./lead-filter";
import { leadFilterSchema } from "./schemas";

export const LEAD_GROUPINGS = ["status", "source", "assignee", "month"] as const;

export const aggregateLeadsInput = z.object({
  groupBy: z.enum(LEAD_GROUPINGS, { error: `Group by one of: ${LEAD_GROUPINGS.join(", ")}` }),
  filter: leadFilterSchema.default({ statuses: [], sources: [] }),
});
export type AggregateLeadsInput = z.input<typeof aggregateLeadsInput>;

export interface LeadGroup {
  /** The status, the source, the assignee's user id (null: unassigned) or the month (YYYY-MM, UTC). */
  key: string | null;
  /** For assignees: their name. */
  label: string | null;
  count: number;
  /** The sum of estimated values (leads without one count as 0). */
  value: number;
}

/**
 * Leads counted and valued by status, source, assignee or month of creation, over the same filter
 * as the list (search included): "what's in my pipeline this month?" in one query.
 */
export async function aggregateLeads(tx: Transaction, scope: LeadScope, rawInput: AggregateLeadsInput): Promise<LeadGroup[]> {
  const { groupBy, filter } = aggregateLeadsInput.parse(rawInput);
  const keys: Record<(typeof LEAD_GROUPINGS)[number], SQL<string | null>> = {
    status: sql`${leadTable.status}`,
    source: sql`${leadTable.source}`,
    assignee: sql`${leadTable.assignedToId}::text`,
    month: sql`to_char(${leadTable.createdAt} at time zone 'UTC', 'YYYY-MM')`,
  };
  const key = keys[groupBy];
  const rows = await tx
    .select({
      key: key.as("key"),
      label: sql<string | null>`max(${userTable.name})`,
      count: count(),
      value: sql<string>`coalesce(sum(${leadTable.estimatedValue}), 0)`,
    })
    .from(leadTable)
    .leftJoin(userTable, eq(userTable.id, leadTable.assignedToId))
    .where(and(...filterConditions(filter, scope), ...indexedSearchConditions(filter)))
    .groupBy(key)
    .orderBy(key);
  return rows.map((row) => ({ key: row.key, label: groupBy === "assignee" ? row.label : null, count: row.count, value: Number(row.value) }));
}
