/**
 * The lead model's plain values — labels, sorts, search words, the URL form of a list view, the
 * rules of a range — without zod: what the list and the board need in the browser, where every
 * kilobyte of JavaScript counts. The schemas (`schemas.ts`) build on these.
 */
import { LeadSource, LeadSources, LeadStatus, LeadStatuses } from "@saas/db/enums";
import type { LeadFilter } from "./schemas";

// Types only (erased at build): the browser gets the shapes without zod.
export type { BulkTarget, Lead, LeadFilter, LeadPage } from "./schemas";

export { LeadSource, LeadSources, LeadStatus, LeadStatuses };

export const STATUS_LABELS: Record<LeadStatus, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  proposal: "Proposal",
  negotiation: "Negotiation",
  won: "Won",
  lost: "Lost",
};

export const SOURCE_LABELS: Record<LeadSource, string> = {
  website: "Website",
  referral: "Referral",
  social: "Social",
  email: "Email",
  event: "Event",
  advertising: "Advertising",
  cold_outreach: "Cold outreach",
  partner: "Partner",
  other: "Other",
};

export const LEAD_SORTS = ["created", "updated", "name", "company", "status", "value"] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];
export const SORT_LABELS: Record<LeadSort, string> = {
  created: "Created",
  updated: "Updated",
  name: "Name",
  company: "Company",
  status: "Status",
  value: "Value",
};
export type SortDirection = "asc" | "desc";

/** Words of a search, each of which must occur somewhere in the lead's names, email or company. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
}

/** The shortest word a search needs: a trigram, the unit of the search index. */
export const MIN_SEARCH_WORD = 3;

export const ASSIGNEE_ME = "me";
export const ASSIGNEE_NOBODY = "unassigned";


/** Cards per page of a board column (the first page renders on the server, more load on scroll). */
export const BOARD_PAGE_SIZE = 20;

/** The rule of the two ranges of a filter, as field → message (empty when both make sense). */
export function rangeProblems(filter: Pick<LeadFilter, "createdFrom" | "createdTo" | "valueMin" | "valueMax">): Partial<Record<"createdTo" | "valueMax", string>> {
  const problems: Partial<Record<"createdTo" | "valueMax", string>> = {};
  if (filter.createdFrom && filter.createdTo && filter.createdFrom > filter.createdTo) problems.createdTo = "The end date is before the start date";
  if (filter.valueMin !== undefined && filter.valueMax !== undefined && filter.valueMin > filter.valueMax) problems.valueMax = "The maximum is below the minimum";
  return problems;
}

// ---------------------------------------------------------------------------------------------
// A list view in the URL (bookmarkable, shareable); reading one back is `leadViewFromParams`
// ---------------------------------------------------------------------------------------------

export interface LeadView {
  filter: LeadFilter;
  sort: LeadSort;
  dir: SortDirection;
}

export const DEFAULT_VIEW: LeadView = { filter: { statuses: [], sources: [] }, sort: "created", dir: "desc" };

/** The URL form of a view; defaults are left out, so the plain list is plain `/leads`. */
export function paramsFromLeadView(view: LeadView): URLSearchParams {
  const params = new URLSearchParams();
  const { filter } = view;
  if (filter.q) params.set("q", filter.q);
  if (filter.statuses.length) params.set("status", filter.statuses.join(","));
  if (filter.sources.length) params.set("source", filter.sources.join(","));
  if (filter.assignee) params.set("assignee", filter.assignee);
  if (filter.createdFrom) params.set("from", filter.createdFrom);
  if (filter.createdTo) params.set("to", filter.createdTo);
  if (filter.valueMin !== undefined) params.set("min", String(filter.valueMin));
  if (filter.valueMax !== undefined) params.set("max", String(filter.valueMax));
  if (view.sort !== DEFAULT_VIEW.sort) params.set("sort", view.sort);
  if (view.dir !== DEFAULT_VIEW.dir) params.set("dir", view.dir);
  return params;
}

/** Whether a filter narrows anything (for the "no results for this filter" state). */
export const isFiltered = (filter: LeadFilter) =>
  Boolean(
    filter.q ||
      filter.statuses.length ||
      filter.sources.length ||
      filter.assignee ||
      filter.createdFrom ||
      filter.createdTo ||
      filter.valueMin !== undefined ||
      filter.valueMax !== undefined,
  );
