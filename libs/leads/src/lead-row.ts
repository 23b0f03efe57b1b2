import { leadTable, userTable, type Transaction } from "@saas/db";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Lead } from "./schemas";

/** The columns of a lead as the API returns it, with its assignee's name. */
export const leadSelection = {
  id: leadTable.id,
  firstName: leadTable.firstName,
  lastName: leadTable.lastName,
  email: leadTable.email,
  phone: leadTable.phone,
  company: leadTable.company,
  jobTitle: leadTable.jobTitle,
  status: leadTable.status,
  source: leadTable.source,
  estimatedValue: leadTable.estimatedValue,
  notes: leadTable.notes,
  assigneeId: leadTable.assignedToId,
  assigneeName: userTable.name,
  createdAt: leadTable.createdAt,
  updatedAt: leadTable.updatedAt,
};

type LeadRow = Awaited<ReturnType<typeof selectLeads>>[number];

export function toLead({ assigneeId, assigneeName, ...row }: LeadRow): Lead {
  return { ...row, assignee: assigneeId ? { id: assigneeId, name: assigneeName ?? "A former member" } : null };
}

/** Leads matching `where`, with their assignees (whose names tenant code may read: its members'). */
export function selectLeads(tx: Transaction, where: SQL | undefined) {
  return tx.select(leadSelection).from(leadTable).leftJoin(userTable, eq(userTable.id, leadTable.assignedToId)).where(where);
}

/** The leads with these ids, in that order (ids of other organizations are simply absent). */
export async function leadsByIds(tx: Transaction, organizationId: string, ids: string[]): Promise<Lead[]> {
  if (ids.length === 0) return [];
  const rows = await selectLeads(tx, and(eq(leadTable.organizationId, organizationId), inArray(leadTable.id, ids)));
  const byId = new Map(rows.map((row) => [row.id, toLead(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One lead of the organization, or null. */
export async function findLead(tx: Transaction, organizationId: string, id: string): Promise<Lead | null> {
  const [row] = await selectLeads(tx, and(eq(leadTable.organizationId, organizationId), eq(leadTable.id, id)));
  return row ? toLead(row) : null;
}
