import { CSV_BOM, csvText } from "@saas/config";
import type { Database } from "@saas/db";
import { auditSearchSchema, readAuditPage, type AuditSearch } from "./audit-log";
import { organizationSearchSchema, readOrganizationPage, type OrganizationSearch } from "./organizations";
import { readUserPage, userSearchSchema, type UserSearch } from "./users";

/**
 * The console's lists as CSV, for the filter on screen, a thousand rows at a time (memory stays
 * the same for a hundred rows or a million), in the list's order. Each page is read at its own
 * moment: a row that changes during a long download may show its newer values.
 */
const EXPORT_PAGE_ROWS = 1000;

type Cell = string | number | boolean | null;
type Page<T> = { items: T[]; nextCursor: string | null };

async function* csvPages<T>(columns: [header: string, value: (row: T) => Cell][], readPage: (cursor: string | null) => Promise<Page<T>>): AsyncGenerator<string> {
  yield `${CSV_BOM}${csvText([columns.map(([header]) => header)])}`;
  let cursor: string | null = null;
  do {
    const page: Page<T> = await readPage(cursor);
    if (page.items.length > 0) yield csvText(page.items.map((row) => columns.map(([, value]) => value(row))));
    cursor = page.nextCursor;
  } while (cursor);
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function exportUsersCsv(db: Database, input: UserSearch) {
  const search = userSearchSchema.parse({ ...input, cursor: null });
  return csvPages<Awaited<ReturnType<typeof readUserPage>>["items"][number]>(
    [
      ["Id", (u) => u.id],
      ["Name", (u) => u.name],
      ["Email", (u) => u.email],
      ["Email verified", (u) => u.emailVerified],
      ["Platform role", (u) => u.role],
      ["Two-factor", (u) => u.twoFactorEnabled],
      ["Banned", (u) => u.banned],
      ["Ban reason", (u) => u.banReason],
      ["Ban until (UTC)", (u) => iso(u.banExpires)],
      ["Signed up (UTC)", (u) => iso(u.createdAt)],
    ],
    (cursor) => readUserPage(db, { ...search, cursor, limit: EXPORT_PAGE_ROWS }),
  );
}

export function exportOrganizationsCsv(db: Database, input: OrganizationSearch) {
  const search = organizationSearchSchema.parse({ ...input, cursor: null });
  return csvPages<Awaited<ReturnType<typeof readOrganizationPage>>["items"][number]>(
    [
      ["Id", (o) => o.id],
      ["Name", (o) => o.name],
      ["Slug", (o) => o.slug],
      ["Plan", (o) => o.plan ?? "free"],
      ["Subscription status", (o) => o.status],
      ["Seats", (o) => o.seats],
      ["Members", (o) => o.members],
      ["Leads", (o) => o.leads],
      ["Created (UTC)", (o) => iso(o.createdAt)],
    ],
    (cursor) => readOrganizationPage(db, { ...search, cursor, limit: EXPORT_PAGE_ROWS }),
  );
}

export function exportAuditCsv(db: Database, input: AuditSearch) {
  const search = auditSearchSchema.parse({ ...input, cursor: null });
  return csvPages<Awaited<ReturnType<typeof readAuditPage>>["items"][number]>(
    [
      ["Time (UTC)", (e) => iso(e.createdAt)],
      ["Staff member", (e) => e.actorEmail],
      ["Action", (e) => e.action],
      ["Target type", (e) => e.targetType],
      ["Target id", (e) => e.targetId],
      ["Organization", (e) => e.subjectOrganizationId],
      ["Reason", (e) => e.reason],
      ["Before", (e) => (e.before === null ? null : JSON.stringify(e.before))],
      ["After", (e) => (e.after === null ? null : JSON.stringify(e.after))],
      ["IP", (e) => e.ip],
      ["User agent", (e) => e.userAgent],
    ],
    (cursor) => readAuditPage(db, { ...search, cursor, limit: EXPORT_PAGE_ROWS }),
  );
}
