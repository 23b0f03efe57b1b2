import type { Database, Transaction } from "@saas/db";
import { PlanId, type Catalog, type PlanFeatures, type PlanLimits } from "./catalog";
import { currentSubscription, planOfSubscription } from "./current-subscription";

const DAY_MS = 86_400_000;

export interface Entitlements {
  plan: { id: PlanId | null; name: string };
  /**
   * `plan`: from the organization's plan and payment status. `unlimited`: billing is not
   * configured (a self-hosted or development install), so nothing is limited.
   */
  basis: "plan" | "unlimited";
  limits: PlanLimits;
  features: PlanFeatures;
  /** Set while a payment is overdue: since when, and when writes stop. */
  overdue: { since: Date; graceEndsAt: Date } | null;
  /** False once the payment grace period is over: reads and export still work, writes do not. */
  writable: boolean;
}

const UNLIMITED: Entitlements = {
  plan: { id: null, name: "Unlimited (billing not configured)" },
  basis: "unlimited",
  limits: { members: null, leads: null, aiCreditsPerMonth: null },
  features: { aiAssistant: true },
  overdue: null,
  writable: true,
};

/**
 * What the organization may do now, from its plan and payment status: the one answer the server
 * enforces (seats, leads, AI credits, features, writes while overdue) and the UI shows. `catalog`
 * null means billing is not configured: everything is allowed. Runs in the caller's transaction
 * when given one (the API's, as the tenant).
 */
export async function getEntitlements(
  db: Database | Transaction,
  { organizationId, catalog, now = new Date() }: { organizationId: string; catalog: Catalog | null; now?: Date },
): Promise<Entitlements> {
  if (!catalog) return UNLIMITED;
  const subscription = await currentSubscription(db, organizationId);
  const { planId } = planOfSubscription(subscription);
  const plan = catalog.plan(planId ?? PlanId.free);
  const since = subscription?.pastDueSince ?? null;
  const overdue = since ? { since, graceEndsAt: new Date(since.getTime() + catalog.pastDueGraceDays * DAY_MS) } : null;
  return {
    plan: { id: planId, name: planId ? plan.name : "Unknown plan" },
    basis: "plan",
    limits: plan.limits,
    features: plan.features,
    overdue,
    writable: !overdue || now < overdue.graceEndsAt,
  };
}

/** Why writes are refused while a payment is overdue past its grace period (the same words everywhere). */
export function overdueMessage(entitlements: Entitlements): string {
  const since = entitlements.overdue?.since.toISOString().slice(0, 10);
  return `Payment for this organization has been overdue since ${since ?? "a while"}, so changes are paused. Reading and export still work. An owner or admin can update the payment method on the Billing page.`;
}

/**
 * For the auth layer's seat limit (`createAuth({ memberAllowance })`): the plan's member limit,
 * and no one added at all while writes are paused for an overdue payment.
 */
export function memberAllowance(db: Database, catalog: Catalog | null) {
  return async (organizationId: string) => {
    const entitlements = await getEntitlements(db, { organizationId, catalog });
    return {
      maxMembers: entitlements.limits.members,
      planName: entitlements.plan.name,
      blocked: entitlements.writable ? null : overdueMessage(entitlements),
    };
  };
}
