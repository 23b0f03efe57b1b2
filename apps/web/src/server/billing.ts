import "server-only";
import { createBillingDeps, readBillingEnv, type BillingDeps } from "@saas/billing";
import { getAppDb } from "./db";

// On globalThis so hot reloads in development keep one Stripe client.
const holder = globalThis as typeof globalThis & { __saasWebBilling?: BillingDeps | null };

/** Billing's dependencies from the STRIPE_* variables, or null when billing is not configured. */
export function getBilling(): BillingDeps | null {
  if (holder.__saasWebBilling === undefined) holder.__saasWebBilling = createBillingDeps(getAppDb(), readBillingEnv());
  return holder.__saasWebBilling;
}
