import { leadTable, type LeadStatus, type Transaction } from "@saas/db";
import { and, eq, inArray, isNotNull, isNull, ne, or, type SQL } from "drizzle-orm";
import { assertAssignable, assertMayAssign, mayAssignOthers, type Actor } from "./actor";
import type { LeadScope } from "./lead-filter";
import { matchingFilter } from "./list-leads";
import type { BulkTarget } from "./schemas";

/**
 * Bulk actions act on a selection (ids) or on everything matching a filter, in the one
 * transaction of the request, within the organization, and say how many leads actually changed.
 */
function targetCondition(target: BulkTarget, scope: LeadScope): SQL | undefined {
  return "ids" in target
    ? and(eq(leadTable.organizationId, scope.organizationId), inArray(leadTable.id, target.ids))
    : matchingFilter(target.filter, scope);
}

export async function bulkSetStatus(tx: Transaction, scope: LeadScope, { target, status }: { target: BulkTarget; status: LeadStatus }) {
  const result = await tx
    .update(leadTable)
    .set({ status })
    .where(and(targetCondition(target, scope), ne(leadTable.status, status)));
  return { changed: result.count };
}

/**
 * Owners and admins assign anyone; other members take leads for themselves (or let go of their
 * own), which leaves out the leads that are someone else's.
 */
export async function bulkAssign(
  tx: Transaction,
  scope: LeadScope & { actor: Actor },
  { target, assignedToId }: { target: BulkTarget; assignedToId: string | null },
) {
  assertMayAssign(scope.actor, null, assignedToId);
  await assertAssignable(tx, scope.organizationId, assignedToId);
  const theirs = mayAssignOthers(scope.actor)
    ? undefined
    : or(isNull(leadTable.assignedToId), eq(leadTable.assignedToId, scope.actor.userId));
  // Only leads whose assignee actually changes count as changed.
  const differs =
    assignedToId === null ? isNotNull(leadTable.assignedToId) : or(isNull(leadTable.assignedToId), ne(leadTable.assignedToId, assignedToId));
  const result = await tx
    .update(leadTable)
    .set({ assignedToId })
    .where(and(targetCondition(target, scope), theirs, differs));
  return { changed: result.count };
}

export async function bulkDelete(tx: Transaction, scope: LeadScope, { target }: { target: BulkTarget }) {
  const result = await tx.delete(leadTable).where(targetCondition(target, scope));
  return { changed: result.count };
}
