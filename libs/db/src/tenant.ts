import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type * as schema from "./schema";
import { TENANT_ROLE, TENANT_SETTING } from "./schema/tenancy";

type SchemaDatabase = PostgresJsDatabase<typeof schema>;

/** The `tx` a `db.transaction()` or `withTenant()` callback receives. */
export type Transaction = Parameters<Parameters<SchemaDatabase["transaction"]>[0]>[0];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runAsTenant<T>(
  db: SchemaDatabase,
  organizationId: string,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  // Checked here so a malformed id fails loudly instead of as a cast error inside a policy.
  if (!UUID.test(organizationId)) {
    throw new TypeError(`withTenant: organizationId must be a uuid (got ${JSON.stringify(organizationId)})`);
  }
  return db.transaction(async (tx) => {
    // Both are transaction-scoped (`is_local = true`, `SET LOCAL`): when the transaction ends the
    // pooled connection is back to its own role with no organization, so nothing leaks to the
    // next user of the connection.
    await tx.execute(sql`select set_config(${TENANT_SETTING}, ${organizationId}, true)`);
    await tx.execute(sql.raw(`set local role ${TENANT_ROLE}`));
    return fn(tx);
  });
}
