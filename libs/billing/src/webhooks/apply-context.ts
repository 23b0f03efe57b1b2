import type Stripe from "stripe";
import type { Catalog } from "../catalog";
import type { FreshSubscription } from "./apply-fetched-subscription";
import type { ResolvedOrganization } from "./resolve-organization";
import type { Sql } from "./sql";

/**
 * Everything a handler gets: it applies `event` inside `sql`, the transaction that records it
 * (or, for `inOneStatement`, builds its part of the single statement with it).
 */
export interface ApplyContext {
  sql: Sql;
  stripe: Stripe;
  catalog: Catalog;
  event: Stripe.Event;
  organization: ResolvedOrganization;
  /**
   * The subscription read from the API before the transaction opened: the one the handler's
   * `freshRead` names, or the one a first attempt asked for (`StaleSubscriptionRead`). Null when
   * nothing was read.
   */
  fresh: FreshSubscription | null;
  /** Facts worth a log line (a refund for an order we never saw…); the worker logs them. */
  notes: string[];
}

/** What a handler needs to write its part of the inbox's single statement (no organization yet: the statement resolves it). */
export type StatementContext = Pick<ApplyContext, "sql" | "catalog" | "event" | "notes">;
