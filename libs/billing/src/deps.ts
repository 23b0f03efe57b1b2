import type { Database } from "@saas/db";
import type Stripe from "stripe";
import type { Catalog } from "./catalog";

/** What billing services need, passed in explicitly (nothing here reads the environment). */
export interface BillingDeps {
  db: Database;
  stripe: Stripe;
  catalog: Catalog;
}
