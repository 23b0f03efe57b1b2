import type { Transaction } from "@saas/db";
import { CSV_BOM, csvText as csv } from "@saas/config";
import type { LeadScope } from "./lead-filter";
import { readLeadPage } from "./list-leads";
import { SOURCE_LABELS, STATUS_LABELS, type Lead, type LeadView } from "./schemas";

/** Rows read (and written) at a time: memory stays the same for a thousand leads or a million. */
export const EXPORT_PAGE_ROWS = 1000;

const COLUMNS: [header: string, value: (lead: Lead) => string | number | null][] = [
  ["First name", (lead) => lead.firstName],
  ["Last name", (lead) => lead.lastName],
  ["Email", (lead) => lead.email],
  ["Phone", (lead) => lead.phone],
  ["Company", (lead) => lead.company],
  ["Job title", (lead) => lead.jobTitle],
  ["Status", (lead) => STATUS_LABELS[lead.status]],
  ["Source", (lead) => SOURCE_LABELS[lead.source]],
  ["Estimated value", (lead) => lead.estimatedValue],
  ["Assignee", (lead) => lead.assignee?.name ?? null],
  ["Notes", (lead) => lead.notes],
  ["Created (UTC)", (lead) => lead.createdAt.toISOString()],
  ["Updated (UTC)", (lead) => lead.updatedAt.toISOString()],
];

/**
 * The leads of a list view as CSV, a page at a time, in the view's order: a UTF-8 byte-order mark
 * (so Excel reads accents right) and the header first. Runs in one READ COMMITTED transaction
 * (on the read replica when there is one), each page read at its own moment: a lead edited during
 * a long download shows its newer values, and one whose sort value changes meanwhile can be missed
 * or repeated (never with the default sort, by creation time).
 */
export async function* exportLeadsCsv(tx: Transaction, scope: LeadScope, view: LeadView): AsyncGenerator<string> {
  yield `${CSV_BOM}${csv([COLUMNS.map(([header]) => header)])}`;
  let cursor: string | null = null;
  do {
    const page = await readLeadPage(tx, scope, { filter: view.filter, sort: view.sort, dir: view.dir, cursor, limit: EXPORT_PAGE_ROWS });
    if (page.items.length) yield csv(page.items.map((lead) => COLUMNS.map(([, value]) => value(lead))));
    cursor = page.nextCursor;
  } while (cursor);
}
