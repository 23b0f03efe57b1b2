import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type * as schema from "./schema";
import type { MemberRole } from "./schema/enums";
import { ACTOR_SETTING, TENANT_ROLE, TENANT_SETTING } from "./schema/tenancy";

type SchemaDatabase = PostgresJsDatabase<typeof schema>;

/** The `tx` a `db.transaction()` or `withTenant()` callback receives. */
export type Transaction = Parameters<Parameters<SchemaDatabase["transaction"]>[0]>[0];

/**
 * What the tenant runners need of a database: a way to run a transaction. The primary's own, or
 * `replicaReads`' read-only ones (see replica.ts).
 */
export type TransactionRunner = Pick<SchemaDatabase, "transaction">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertUuid(value: string, name: string) {
  // Checked here so a malformed id fails loudly instead of as a cast error inside a policy.
  if (!UUID.test(value)) throw new TypeError(`withTenant: ${name} must be a uuid (got ${JSON.stringify(value)})`);
}

/**
 * The wall, in one statement: the organization, the acting person (for the history triggers) and
 * the restricted role. All three are transaction-scoped (`is_local = true`; `set_config('role', …)`
 * is `SET LOCAL ROLE`, with the same membership check): when the transaction ends, the pooled
 * connection is back to its own role with nothing set, so nothing leaks to its next user.
 */
const enterTenant = (organizationId: unknown, actorId: unknown) =>
  sql`set_config(${TENANT_SETTING}, ${organizationId}::text, true), set_config(${ACTOR_SETTING}, coalesce(${actorId}::text, ''), true), set_config('role', ${TENANT_ROLE}, true)`;

export interface TenantOptions {
  /** The person acting, recorded by the history triggers (lead_activity.actor_id). */
  actorId?: string;
}

export async function runAsTenant<T>(
  db: TransactionRunner,
  organizationId: string,
  fn: (tx: Transaction) => Promise<T>,
  options: TenantOptions = {},
): Promise<T> {
  assertUuid(organizationId, "organizationId");
  if (options.actorId) assertUuid(options.actorId, "actorId");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select ${enterTenant(organizationId, options.actorId ?? null)}`);
    return fn(tx);
  });
}

/** The membership a member transaction runs under. */
export interface ActiveMembership {
  memberId: string;
  role: MemberRole;
  organization: { id: string; name: string; slug: string };
}

/**
 * Runs `fn` as `userId`'s tenant: in their preferred organization when they are a member of it,
 * otherwise in their first organization by name (the workspace rule). The membership is read and
 * the wall entered in the same statement, at the start of the transaction, so a request costs no
 * extra round trip and a removed member is refused at once. `fn` is not called (null is returned)
 * when the person belongs to no organization.
 */
export async function runAsMember<T>(
  db: TransactionRunner,
  { userId, preferredOrganizationId }: { userId: string; preferredOrganizationId?: string | null },
  fn: (tx: Transaction, membership: ActiveMembership) => Promise<T>,
): Promise<{ membership: ActiveMembership; result: T } | null> {
  assertUuid(userId, "userId");
  const preferred = preferredOrganizationId && UUID.test(preferredOrganizationId) ? preferredOrganizationId : null;
  return db.transaction(async (tx) => {
    // The subquery's LIMIT is applied before the outer select list runs, so the settings are made
    // for the chosen membership only.
    const [row] = await tx.execute<{ member_id: string; role: MemberRole; id: string; name: string; slug: string }>(sql`
      select chosen.*, ${enterTenant(sql`chosen.id`, userId)}
      from (
        select m.id as member_id, m.role, o.id, o.name, o.slug
        from "member" m join "organization" o on o.id = m.organization_id
        where m.user_id = ${userId}
        order by (m.organization_id = ${preferred}::uuid) is true desc, o.name, o.id
        limit 1
      ) chosen`);
    if (!row) return null;
    const membership: ActiveMembership = {
      memberId: row.member_id,
      role: row.role,
      organization: { id: row.id, name: row.name, slug: row.slug },
    };
    return { membership, result: await fn(tx, membership) };
  });
}
