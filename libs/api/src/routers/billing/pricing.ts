import type { BillingInterval, Catalog, PlanId } from "@saas/billing";

export interface PlanOffer {
  id: PlanId;
  name: string;
  description: string;
  highlights: string[];
  price:
    | { kind: "free" }
    | { kind: "per_seat"; currency: string; perSeat: Record<BillingInterval, number>; yearlySavingPercent: number }
    | { kind: "contact"; contactEmail: string };
}

/** The pricing table from the catalog (display amounts only: no Stripe ids leave the server). */
export function pricingOf(catalog: Catalog) {
  const plans: PlanOffer[] = catalog.plans.map((plan) => {
    const { pricing } = plan;
    const price: PlanOffer["price"] =
      pricing.kind === "per_seat"
        ? {
            kind: "per_seat",
            currency: pricing.prices.month.currency,
            perSeat: { month: pricing.prices.month.unitAmount, year: pricing.prices.year.unitAmount },
            // What a year costs paid monthly, against paid yearly.
            yearlySavingPercent: Math.round((1 - pricing.prices.year.unitAmount / (pricing.prices.month.unitAmount * 12)) * 100),
          }
        : pricing;
    return { id: plan.id, name: plan.name, description: plan.description, highlights: plan.highlights, price };
  });
  const creditPacks = catalog.products.map((product) => ({
    id: product.id,
    name: product.name,
    description: product.description,
    credits: product.credits,
    unitAmount: product.unitAmount,
    currency: product.currency,
  }));
  return { plans, creditPacks, pastDueGraceDays: catalog.pastDueGraceDays };
}
