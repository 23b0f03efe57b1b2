export { attachBillingEvent, attachBillingEventInput, billingEventSearchSchema, getBillingEvent, listBillingEvents, REPLAYABLE_STATUSES, replayBillingEvent, replayBillingEventInput, type BillingEventSearch } from "./billing-events";
export { auditSearchSchema, listStaffActions, type AuditSearch } from "./audit-log";
export { banUser, banUserInput, impersonateUser, impersonateUserInput, resendVerification, resendVerificationInput, revokeSessions, revokeSessionsInput, setPlatformRole, setPlatformRoleInput, unbanUser, unbanUserInput, type RecordAudit, type StaffActionScope } from "./user-actions";
export { getUserDetail, searchUsers, USER_SORTS, userSearchSchema, type UserSearch, type UserSort } from "./users";
export { adjustCredits, adjustCreditsInput, getOrganizationDetail, organizationSearchSchema, searchOrganizations, type OrganizationSearch } from "./organizations";
export { exportAuditCsv, exportOrganizationsCsv, exportUsersCsv } from "./exports";
export { getRevenueReport, type RevenueActivityMonth, type RevenueMoneyMonth, type RevenueReport } from "./revenue";
