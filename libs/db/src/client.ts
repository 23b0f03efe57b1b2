import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { PoolerMode } from "./connection";
import { parseDatabaseUrl } from "./env";
import * as schema from "./schema";
import { runAsMember, runAsTenant, type ActiveMembership, type TenantOptions, type Transaction } from "./tenant";

export type Schema = typeof schema;

export interface DbOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Seconds before an idle connection is closed (default 20). */
  idleTimeout?: number;
  /** Seconds to wait for a connection before failing (default 10). */
  connectTimeout?: number;
  /** Shown in `pg_stat_activity`, to tell the apps apart on a shared server. */
  applicationName?: string;
  /**
   * `transaction`: the URL goes through a transaction-mode pooler (see connection.ts): named
   * prepared statements are then off — with them, postgres.js's prepared COMMIT can land on
   * another server connection and a transaction that resolved is silently not committed.
   */
  pooler?: PoolerMode;
  /** Named prepared statements (default: on without a pooler, off through one; on + pooler is refused). */
  prepare?: boolean;
  /** Log every query (for debugging). */
  logQueries?: boolean;
}

export type Database = PostgresJsDatabase<Schema> & {
  $client: postgres.Sql;
  /**
   * Runs `fn` in one transaction as the restricted `app_tenant` role with `organizationId` as
   * the current organization: row-level security then limits every query to that tenant's
   * rows, even one that forgets its WHERE. See `tenant.ts`.
   */
  withTenant<T>(organizationId: string, fn: (tx: Transaction) => Promise<T>, options?: TenantOptions): Promise<T>;
  /**
   * Like withTenant, for a signed-in person: their preferred organization if they are a member
   * of it, else their first; null when they belong to none. See `runAsMember` in `tenant.ts`.
   */
  withMember<T>(
    person: { userId: string; preferredOrganizationId?: string | null },
    fn: (tx: Transaction, membership: ActiveMembership) => Promise<T>,
  ): Promise<{ membership: ActiveMembership; result: T } | null>;
  /** Closes the pool, waiting up to five seconds for running queries. */
  close(): Promise<void>;
};

export function createDb(url: string, options: DbOptions = {}): Database {
  const pooled = options.pooler === "transaction";
  if (pooled && options.prepare === true) {
    throw new Error("Prepared statements cannot be used through a transaction pooler: commits would be lost without an error. Leave `prepare` unset.");
  }
  const client = postgres(parseDatabaseUrl(url), {
    max: options.max ?? 10,
    idle_timeout: options.idleTimeout ?? 20,
    connect_timeout: options.connectTimeout ?? 10,
    prepare: options.prepare ?? !pooled,
    connection: { application_name: options.applicationName ?? "saas" },
    // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stdout.
    onnotice: () => {},
  });
  const db = drizzle({ client, schema, casing: "snake_case", logger: options.logQueries ?? false });
  return Object.assign(db, {
    withTenant<T>(organizationId: string, fn: (tx: Transaction) => Promise<T>, options?: TenantOptions) {
      return runAsTenant(db, organizationId, fn, options);
    },
    withMember<T>(
      person: { userId: string; preferredOrganizationId?: string | null },
      fn: (tx: Transaction, membership: ActiveMembership) => Promise<T>,
    ) {
      return runAsMember(db, person, fn);
    },
    close: () => client.end({ timeout: 5 }),
  });
}
