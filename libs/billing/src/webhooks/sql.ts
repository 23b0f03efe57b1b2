import { sqlClient, type Database, type SqlFragment as DbSqlFragment, type SqlQueryable } from "@saas/db";

/**
 * The webhook inbox writes with postgres.js tagged templates, on the connection pool libs/db
 * created, instead of drizzle's query builder: it is the hottest write path there is (Stripe
 * bursts, the benchmark's target of 1,500 events/s), and drizzle sends every statement unprepared
 * (parsed and planned by PostgreSQL each time) after spending up to ~180 µs building it. Tagged
 * templates are prepared once per connection, can be pipelined, and compose (a handler's writes
 * become common table expressions of the inbox's single statement); measured in the README,
 * "Performance". Every statement is plain SQL with parameters, written next to the rule it
 * implements.
 *
 * Where the inbox's statements go: a transaction, or the pool itself — for reads, and for the
 * single statements that record and apply an event at once (atomic without a transaction).
 */
export type Sql = SqlQueryable;
/** A piece of SQL to embed in a statement (a condition, say). */
export type SqlFragment = DbSqlFragment;

/** The pool's own client, for the inbox's transactions and reads outside one. */
export function inboxSql(db: Database) {
  return sqlClient(db);
}

/**
 * A timestamp parameter. drizzle sets the shared client to pass timestamps through untouched
 * (it formats them itself), so tagged templates send them as ISO strings.
 */
export function timestamp(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
