import { withReplicas } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { PoolerMode } from "./connection";
import { parseDatabaseUrl } from "./env";
import { replicaReads, type ReplicaRoutingOptions } from "./replica";
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
  /** Log every query (true: to the console, for debugging; or a logger of your own, e.g. a benchmark counting statements). */
  logQueries?: boolean | { logQuery(query: string, params: unknown[]): void };
  /**
   * A read replica (DATABASE_URL_REPLICA) for reads that tolerate lag: `reads`, and `withTenant` /
   * `withMember` with `{ replica: true }`. Its pool has the same size and settings.
   */
  replica?: { url: string; pooler?: PoolerMode } & ReplicaRoutingOptions;
}

/** Where a tenant read may run. */
export interface ReadRouting {
  /**
   * A read that tolerates lag (an export, a report): a read-only transaction, on the replica once
   * it has replayed everything committed before the call (so the person's own writes are there),
   * else on the primary. See `replicaReads` in replica.ts.
   */
  replica?: boolean;
}

/**
 * Selects that tolerate lag and need no tenant wall (staff reports, a job's report): on the
 * replica when there is one (Drizzle's `withReplicas`), else on the primary. No writes here.
 */
export type LagTolerantReads = Pick<PostgresJsDatabase<Schema>, "select" | "selectDistinct" | "$count" | "with" | "query">;

export type Database = PostgresJsDatabase<Schema> & {
  $client: postgres.Sql;
  /**
   * Runs `fn` in one transaction as the restricted `app_tenant` role with `organizationId` as
   * the current organization: row-level security then limits every query to that tenant's
   * rows, even one that forgets its WHERE. See `tenant.ts`.
   */
  withTenant<T>(organizationId: string, fn: (tx: Transaction) => Promise<T>, options?: TenantOptions & ReadRouting): Promise<T>;
  /**
   * Like withTenant, for a signed-in person: their preferred organization if they are a member
   * of it, else their first; null when they belong to none. See `runAsMember` in `tenant.ts`.
   */
  withMember<T>(
    person: { userId: string; preferredOrganizationId?: string | null },
    fn: (tx: Transaction, membership: ActiveMembership) => Promise<T>,
    options?: ReadRouting,
  ): Promise<{ membership: ActiveMembership; result: T } | null>;
  reads: LagTolerantReads;
  /** Closes the pool (and the replica's), waiting up to five seconds for running queries. */
  close(): Promise<void>;
};

function openClient(url: string, options: DbOptions, pooler: PoolerMode | undefined, applicationName: string) {
  const pooled = pooler === "transaction";
  if (pooled && options.prepare === true) {
    throw new Error("Prepared statements cannot be used through a transaction pooler: commits would be lost without an error. Leave `prepare` unset.");
  }
  const client = postgres(parseDatabaseUrl(url), {
    max: options.max ?? 10,
    idle_timeout: options.idleTimeout ?? 20,
    connect_timeout: options.connectTimeout ?? 10,
    prepare: options.prepare ?? !pooled,
    connection: { application_name: applicationName },
    // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stdout.
    onnotice: () => {},
  });
  return drizzle({ client, schema, casing: "snake_case", logger: options.logQueries ?? false });
}

export function createDb(url: string, options: DbOptions = {}): Database {
  const applicationName = options.applicationName ?? "saas";
  const db = openClient(url, options, options.pooler, applicationName);
  // A replica that does not answer should cost a read little before the primary serves it.
  const replica = options.replica
    ? openClient(options.replica.url, { ...options, connectTimeout: Math.min(options.connectTimeout ?? 10, 3) }, options.replica.pooler, `${applicationName}-replica`)
    : null;
  const replicaRunner = replicaReads(db, replica, options.replica);
  return Object.assign(db, {
    withTenant<T>(organizationId: string, fn: (tx: Transaction) => Promise<T>, { replica: onReplica, ...tenant }: TenantOptions & ReadRouting = {}) {
      return runAsTenant(onReplica ? replicaRunner : db, organizationId, fn, tenant);
    },
    withMember<T>(
      person: { userId: string; preferredOrganizationId?: string | null },
      fn: (tx: Transaction, membership: ActiveMembership) => Promise<T>,
      { replica: onReplica }: ReadRouting = {},
    ) {
      return runAsMember(onReplica ? replicaRunner : db, person, fn);
    },
    reads: replica ? withReplicas(db, [replica]) : db,
    close: async () => {
      await Promise.all([db.$client.end({ timeout: 5 }), replica?.$client.end({ timeout: 5 })]);
    },
  });
}
