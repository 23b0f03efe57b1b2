import { decodeCursor, encodeCursor, staffAuditLogTable, type Database } from "@saas/db";
import { and, desc, eq, like, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

/** The staff audit log, newest first: filtered by who acted, on what, and which action. */
export const auditSearchSchema = z.object({
  /** The staff member: their email (or its start) or their user id. */
  actor: z.string().trim().max(200).optional(),
  targetId: z.string().trim().max(200).optional(),
  /** An action or its start, e.g. `user.ban` or `user.`. */
  action: z.string().trim().max(100).optional(),
  organizationId: z.uuid("Unknown organization").optional(),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditSearch = z.input<typeof auditSearchSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const prefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function auditFilters(search: z.output<typeof auditSearchSchema>): SQL[] {
  const where: SQL[] = [];
  if (search.actor) where.push(UUID.test(search.actor) ? eq(staffAuditLogTable.actorId, search.actor) : like(staffAuditLogTable.actorEmail, prefix(search.actor)));
  if (search.targetId) where.push(eq(staffAuditLogTable.targetId, search.targetId));
  if (search.action) where.push(like(staffAuditLogTable.action, prefix(search.action)));
  if (search.organizationId) where.push(eq(staffAuditLogTable.subjectOrganizationId, search.organizationId));
  return where;
}

export function listStaffActions(db: Database, input: AuditSearch) {
  return readAuditPage(db, auditSearchSchema.parse(input));
}

/** A page of any size (the CSV export reads a thousand at a time); `search` is already validated. */
export async function readAuditPage(db: Database, search: z.output<typeof auditSearchSchema>) {
  const where = auditFilters(search);
  if (search.cursor) {
    const cursor = decodeCursor(search.cursor);
    where.push(sql`(${staffAuditLogTable.createdAt}, ${staffAuditLogTable.id}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await db
    .select({ entry: staffAuditLogTable, key: sql<string>`${staffAuditLogTable.createdAt}::text` })
    .from(staffAuditLogTable)
    .where(and(...where))
    .orderBy(desc(staffAuditLogTable.createdAt), desc(staffAuditLogTable.id))
    .limit(search.limit + 1);
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => row.entry),
    nextCursor: rows.length > search.limit && last ? encodeCursor({ key: last.key, id: last.entry.id }) : null,
  };
}
