export { assertAssignable, assertMayAssign, mayAssignOthers, type Actor } from "./actor";
export { boardSummary, listBoardColumn, moveLead } from "./board";
export { bulkAssign, bulkDelete, bulkSetStatus } from "./bulk";
export { getLead } from "./get-lead";
export { escapeLike, filterConditions, searchConditions, type LeadScope } from "./lead-filter";
export { createLead, deleteLead, updateLead } from "./lead-writes";
export { countLeadsByStatus, listLeads, matchingFilter, SEARCH_WALK_ROWS } from "./list-leads";
export { getPipelineOverview, listAssignableMembers } from "./overview";
export * from "./schemas";
