import type { Database } from "@saas/db";
import { createCatalog } from "./catalog";
import type { BillingDeps } from "./deps";
import { readBillingEnv, type BillingEnv } from "./env";
import { createStripeClient, stripeServerOptions } from "./stripe-client";

/** Billing's dependencies from its validated environment, or null when billing is not configured. */
export function createBillingDeps(db: Database, env: BillingEnv): BillingDeps | null {
  if (!env.configured) return null;
  return { db, stripe: createStripeClient({ secretKey: env.secretKey, ...stripeServerOptions(env.apiBaseUrl) }), catalog: createCatalog(env.prices) };
}

/**
 * An app's billing dependencies from the STRIPE_* variables, made at the first call and kept on
 * `globalThis` under `key` (so a development server's hot reloads keep one Stripe client).
 */
export function appBillingDeps(key: string, db: () => Database): () => BillingDeps | null {
  const holder = globalThis as unknown as Record<string, BillingDeps | null | undefined>;
  return () => {
    if (holder[key] === undefined) holder[key] = createBillingDeps(db(), readBillingEnv());
    return holder[key] ?? null;
  };
}
