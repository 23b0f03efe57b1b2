import type { Entitlements } from "@saas/billing";
import type { LeadLimit } from "@saas/leads";

/** The plan's lead limit as the leads services take it (null: no limit). */
export const leadLimitOf = (entitlements: Entitlements): LeadLimit | null =>
  entitlements.limits.leads === null ? null : { max: entitlements.limits.leads, planName: entitlements.plan.name };
