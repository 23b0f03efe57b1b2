import { leadActivityTable, LeadStatus, leadTable, memberTable, userTable, type Transaction } from "@saas/db";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { boardSummary } from "./board";

/**
 * The organization's pipeline in numbers, for its overview page: leads per status with their
 * value, the value still open, and what was won this month (UTC) — leads now won whose last move
 * to "won" (or whose creation as won) falls in this month.
 */
export async function getPipelineOverview(tx: Transaction, { organizationId }: { organizationId: string }) {
  const byStatus = await boardSummary(tx, { organizationId });
  const wonAt = sql`coalesce(
    (select max(${leadActivityTable.createdAt}) from ${leadActivityTable}
      where ${leadActivityTable.organizationId} = ${leadTable.organizationId} and ${leadActivityTable.leadId} = ${leadTable.id}
        and ${leadActivityTable.kind} = 'status' and ${leadActivityTable.toValue} = ${LeadStatus.won}),
    ${leadTable.createdAt})`;
  const [won] = await tx
    .select({ count: count(), value: sql<string>`coalesce(sum(${leadTable.estimatedValue}), 0)` })
    .from(leadTable)
    .where(and(eq(leadTable.organizationId, organizationId), eq(leadTable.status, LeadStatus.won), sql`${wonAt} >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`));
  const closed = new Set<string>([LeadStatus.won, LeadStatus.lost]);
  return {
    total: byStatus.reduce((sum, column) => sum + column.count, 0),
    byStatus,
    openValue: byStatus.filter((column) => !closed.has(column.status)).reduce((sum, column) => sum + column.value, 0),
    wonThisMonth: { count: won?.count ?? 0, value: Number(won?.value ?? 0) },
  };
}

/** The people a lead can be assigned to: the organization's members, by name. */
export function listAssignableMembers(tx: Transaction, { organizationId }: { organizationId: string }) {
  return tx
    .select({ id: userTable.id, name: userTable.name, email: userTable.email })
    .from(memberTable)
    .innerJoin(userTable, eq(userTable.id, memberTable.userId))
    .where(eq(memberTable.organizationId, organizationId))
    .orderBy(asc(userTable.name), asc(userTable.id));
}
