import type postgres from "postgres";
import type { Database } from "./client";

/**
 * The postgres.js client under a Database, for the few hot paths that need prepared, pipelined
 * tagged-template statements instead of the query builder (the Stripe webhook inbox: see
 * libs/billing/src/webhooks/sql.ts). Same pool, same connections; everything else uses drizzle.
 */
export function sqlClient(db: Database): postgres.Sql {
  return db.$client;
}

export type SqlClient = postgres.Sql;
export type SqlQueryable = postgres.ISql;
export type SqlFragment = postgres.PendingQuery<postgres.Row[]>;
