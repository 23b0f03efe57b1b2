import { leadActivityTable, userTable, type Transaction } from "@saas/db";
import { notFound } from "@saas/errors";
import { and, desc, eq, inArray } from "drizzle-orm";
import { findLead } from "./lead-row";
import type { LeadActivity } from "./schemas";

/** How much of a lead's history its page shows (newest first). */
export const ACTIVITY_SHOWN = 100;

/** A lead with its history of status and assignee changes: who, when, from → to. */
export async function getLead(tx: Transaction, { organizationId }: { organizationId: string }, { id }: { id: string }) {
  const lead = await findLead(tx, organizationId, id);
  if (!lead) throw notFound("Lead");
  const rows = await tx
    .select()
    .from(leadActivityTable)
    .where(and(eq(leadActivityTable.organizationId, organizationId), eq(leadActivityTable.leadId, id)))
    .orderBy(desc(leadActivityTable.createdAt), desc(leadActivityTable.id))
    .limit(ACTIVITY_SHOWN);
  // Names of everyone the history mentions; tenant code sees only current members' names.
  const people = new Set<string>();
  for (const row of rows) {
    if (row.actorId) people.add(row.actorId);
    if (row.kind === "assignee") for (const value of [row.fromValue, row.toValue]) if (value) people.add(value);
  }
  const names = new Map(
    people.size
      ? (await tx.select({ id: userTable.id, name: userTable.name }).from(userTable).where(inArray(userTable.id, [...people]))).map((user) => [
          user.id,
          user.name,
        ])
      : [],
  );
  const nameOf = (userId: string | null) => (userId ? (names.get(userId) ?? "A former member") : null);
  const activity: LeadActivity[] = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    actor: row.actorId ? { id: row.actorId, name: names.get(row.actorId) ?? "A former member" } : null,
    from: row.fromValue,
    to: row.toValue,
    fromName: row.kind === "assignee" ? nameOf(row.fromValue) : null,
    toName: row.kind === "assignee" ? nameOf(row.toValue) : null,
    at: row.createdAt,
  }));
  return { lead, activity };
}
