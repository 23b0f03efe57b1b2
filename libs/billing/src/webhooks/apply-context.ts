import type Stripe from "stripe";
import type { Catalog } from "../catalog";
import type { ResolvedOrganization } from "./resolve-organization";
import type { Sql } from "./sql";

/** Everything a handler gets: it applies `event` inside `sql`, the transaction that records it. */
export interface ApplyContext {
  sql: Sql;
  stripe: Stripe;
  catalog: Catalog;
  event: Stripe.Event;
  organization: ResolvedOrganization;
  /**
   * The subscription the event points at, read from the API by the handler's `fetch` before the
   * transaction opened (null when the handler reads nothing).
   */
  fetchedSubscription: Stripe.Subscription | null;
  /** Facts worth a log line (a refund for an order we never saw…); the worker logs them. */
  notes: string[];
}
