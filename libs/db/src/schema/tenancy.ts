import { sql, type SQL } from "drizzle-orm";
import { pgPolicy, pgRole, type PgColumn } from "drizzle-orm/pg-core";

/**
 * Row-level security, the second wall behind "every tenant query filters by organizationId".
 *
 * `app_tenant` is a NOLOGIN role without BYPASSRLS. `withTenant()` switches to it with
 * `SET LOCAL ROLE` for one transaction, after setting `app.current_organization_id` with
 * `set_config(..., true)`. The connection's own role owns the tables and is not restricted (RLS
 * is enabled, not forced), so auth, the worker and the admin console work unchanged.
 *
 * The role is created (idempotently, since roles are cluster-wide) and granted its table
 * privileges in the migrations; drizzle-kit only needs to know it exists to emit the policies.
 */
export const TENANT_ROLE = "app_tenant";
export const TENANT_SETTING = "app.current_organization_id";
/** The person acting in a tenant transaction, for the history triggers (lead_activity.actor_id). */
export const ACTOR_SETTING = "app.current_user_id";

export const appTenantRole = pgRole(TENANT_ROLE).existing();

/**
 * The organization of the current transaction, or NULL when none is set — and a comparison with
 * NULL is never true, so a tenant transaction without an organization sees nothing.
 */
export const currentOrganizationId: SQL = sql.raw(
  `nullif(current_setting('${TENANT_SETTING}', true), '')::uuid`,
);

/** The person acting in the current transaction (`withMember`, or `withTenant` with an actorId), or NULL. */
export const currentActorId: SQL = sql.raw(`nullif(current_setting('${ACTOR_SETTING}', true), '')::uuid`);

/**
 * Rows of the current organization that the acting person wrote, for reading and writing: private
 * data inside an organization (AI chats). A transaction with no acting person sees none.
 */
export function authorPolicy(name: string, organizationId: PgColumn, userId: PgColumn) {
  const own = sql`${organizationId} = ${currentOrganizationId} and ${userId} = ${currentActorId}`;
  return pgPolicy(name, { as: "permissive", for: "all", to: appTenantRole, using: own, withCheck: own });
}

/** Rows of the current organization only, for reading, and for writing when `access` is "write". */
export function tenantPolicy(name: string, organizationId: PgColumn, access: "read" | "write") {
  const sameOrganization = sql`${organizationId} = ${currentOrganizationId}`;
  return pgPolicy(name, {
    as: "permissive",
    for: access === "write" ? "all" : "select",
    to: appTenantRole,
    using: sameOrganization,
    withCheck: access === "write" ? sameOrganization : undefined,
  });
}
