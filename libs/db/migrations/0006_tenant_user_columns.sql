-- Tenant code reads its co-members' users for names (an assignee, the author of a change): only
-- the columns it needs. A table-wide SELECT let it read their platform role, ban state and reason,
-- and whether they use two-factor authentication. The row policy (members of the current
-- organization only) still applies to these columns.
REVOKE SELECT ON "user" FROM app_tenant;--> statement-breakpoint
GRANT SELECT ("id", "name", "email", "image") ON "user" TO app_tenant;
