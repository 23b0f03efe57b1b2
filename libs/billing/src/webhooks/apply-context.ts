import type { Transaction } from "@saas/db";
import type Stripe from "stripe";
import type { Catalog } from "../catalog";
import type { ResolvedOrganization } from "./resolve-organization";

/** Everything a handler gets: it applies `event` inside `tx`, the transaction that records it. */
export interface ApplyContext {
  tx: Transaction;
  stripe: Stripe;
  catalog: Catalog;
  event: Stripe.Event;
  organization: ResolvedOrganization;
  /** Facts worth a log line (a refund for an order we never saw…); the worker logs them. */
  notes: string[];
}
