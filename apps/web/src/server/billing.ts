import "server-only";
import { appBillingDeps } from "@saas/billing";
import { getAppDb } from "./db";

/** Billing's dependencies from the STRIPE_* variables, or null when billing is not configured. */
export const getBilling = appBillingDeps("__saasWebBilling", getAppDb);
