import type { Database } from "@saas/db";
import { createCatalog } from "./catalog";
import type { BillingDeps } from "./deps";
import type { BillingEnv } from "./env";
import { createStripeClient, stripeServerOptions } from "./stripe-client";

/** Billing's dependencies from its validated environment, or null when billing is not configured. */
export function createBillingDeps(db: Database, env: BillingEnv): BillingDeps | null {
  if (!env.configured) return null;
  return { db, stripe: createStripeClient({ secretKey: env.secretKey, ...stripeServerOptions(env.apiBaseUrl) }), catalog: createCatalog(env.prices) };
}
