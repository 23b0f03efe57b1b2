import type { Database } from "@saas/db";
import { createCatalog } from "./catalog";
import type { BillingDeps } from "./deps";
import type { BillingEnv } from "./env";
import { createStripeClient } from "./stripe-client";
import { syncSubscriptionSeats } from "./sync-subscription-seats";

/** Billing's dependencies from its validated environment, or null when billing is not configured. */
export function createBillingDeps(db: Database, env: BillingEnv): BillingDeps | null {
  if (!env.configured) return null;
  return { db, stripe: createStripeClient({ secretKey: env.secretKey }), catalog: createCatalog(env.prices) };
}

/**
 * The listener both apps give Better Auth (`createAuth({ onMembershipChange })`): the Pro
 * subscription bills one seat per member, so its quantity follows every membership change,
 * whichever app made it. Undefined when billing is not configured.
 */
export function seatSyncOnMembershipChange(db: Database, env: BillingEnv): ((organizationId: string) => Promise<void>) | undefined {
  const deps = createBillingDeps(db, env);
  if (!deps) return undefined;
  return async (organizationId) => {
    await syncSubscriptionSeats(deps, organizationId);
  };
}
