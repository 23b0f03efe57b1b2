import { fieldErrorsOf } from "@saas/errors";
import {
  leadFieldsSchema,
  LeadSources,
  LeadStatuses,
  SOURCE_LABELS,
  STATUS_LABELS,
  type ImportField,
  type ImportMapping,
  type LeadFields,
} from "../schemas";

export interface RowProblem {
  column: string;
  message: string;
}

/** How a cell names a status or source: its value (`cold_outreach`) or its label (`Cold outreach`), any case. */
function choiceReader<T extends string>(values: readonly T[], labels: Record<T, string>) {
  const byName = new Map<string, T>();
  for (const value of values) {
    byName.set(value.toLowerCase(), value);
    byName.set(labels[value].toLowerCase(), value);
  }
  return (cell: string) => byName.get(cell.trim().toLowerCase().replaceAll("-", " ").replace(/\s+/g, " ")) ?? byName.get(cell.trim().toLowerCase());
}
const readStatus = choiceReader(LeadStatuses, STATUS_LABELS);
const readSource = choiceReader(LeadSources, SOURCE_LABELS);

/**
 * One CSV row as a lead, through the same schema as the form: the lead, or every problem with the
 * row (the column as the file names it, and why). `members` maps a member's email to their id.
 */
export function rowToLead(
  cells: string[],
  { mapping, header, members }: { mapping: ImportMapping; header: string[]; members: Map<string, string> },
): { lead: LeadFields; provided: Set<keyof LeadFields>; problems: [] } | { lead: null; problems: RowProblem[] } {
  const cell = (field: ImportField) => {
    const index = mapping[field];
    return index === undefined ? undefined : (cells[index] ?? "").trim();
  };
  const columnOf = (field: string) => {
    const index = mapping[field as ImportField];
    return index === undefined ? field : (header[index] ?? field);
  };
  const problems: RowProblem[] = [];
  const raw: Record<string, unknown> = {};

  const fullName = cell("fullName");
  if (fullName !== undefined) {
    const [first = "", ...rest] = fullName.split(/\s+/);
    raw["firstName"] = first;
    raw["lastName"] = rest.join(" ");
  }
  for (const field of ["firstName", "lastName", "email", "phone", "company", "jobTitle", "estimatedValue", "notes"] as const) {
    const value = cell(field);
    if (value !== undefined) raw[field] = value;
  }
  const status = cell("status");
  if (status) {
    const value = readStatus(status);
    if (value) raw["status"] = value;
    else problems.push({ column: columnOf("status"), message: `Unknown status "${status}"; use one of ${LeadStatuses.map((s) => STATUS_LABELS[s]).join(", ")}` });
  }
  const source = cell("source");
  if (source) {
    const value = readSource(source);
    if (value) raw["source"] = value;
    else problems.push({ column: columnOf("source"), message: `Unknown source "${source}"; use one of ${LeadSources.map((s) => SOURCE_LABELS[s]).join(", ")}` });
  }
  const assignee = cell("assigneeEmail");
  if (assignee) {
    const id = members.get(assignee.toLowerCase());
    if (id) raw["assignedToId"] = id;
    else problems.push({ column: columnOf("assigneeEmail"), message: `No member of this organization has the email ${assignee}` });
  }

  const parsed = leadFieldsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const [field, message] of Object.entries(fieldErrorsOf(parsed.error))) {
      const column = fullName !== undefined && (field === "firstName" || field === "lastName") ? columnOf("fullName") : columnOf(field);
      problems.push({ column, message });
    }
  }
  if (problems.length || !parsed.success) return { lead: null, problems };
  // The fields the row gave a value for (an update changes only those).
  const provided = new Set(Object.keys(raw).filter((field) => raw[field] !== "") as (keyof LeadFields)[]);
  return { lead: parsed.data, provided, problems: [] };
}
