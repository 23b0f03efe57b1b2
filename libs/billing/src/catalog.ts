import type { CatalogPrices } from "./env";

/**
 * What we sell, as configuration. Names, features and display amounts live here; the Stripe
 * price ids come from the environment (so test and live mode, or two deployments, differ only in
 * env). Stripe stays the source of truth for what a customer is charged: keep the amounts below
 * equal to the prices' amounts in the Stripe dashboard.
 */

export const PlanId = {
  free: "free",
  pro: "pro",
  enterprise: "enterprise",
} as const;
export type PlanId = (typeof PlanId)[keyof typeof PlanId];

export const ProductId = {
  creditPack: "credit-pack",
} as const;
export type ProductId = (typeof ProductId)[keyof typeof ProductId];

export type BillingInterval = "month" | "year";

export interface CatalogPrice {
  /** Null when billing is not configured. */
  priceId: string | null;
  /** Display amount in the currency's smallest unit (cents). */
  unitAmount: number;
  currency: string;
}

export type PlanPricing =
  | { kind: "free" }
  | { kind: "per_seat"; prices: Record<BillingInterval, CatalogPrice> }
  | { kind: "contact"; contactEmail: string };

/** What an organization on a plan may use; null means no limit. */
export interface PlanLimits {
  members: number | null;
  leads: number | null;
  /** AI assistant credits included each month (bought credit packs come on top). */
  aiCreditsPerMonth: number | null;
}

/** What a plan switches on. */
export interface PlanFeatures {
  aiAssistant: boolean;
}

export interface PlanDefinition {
  id: PlanId;
  name: string;
  description: string;
  /** The pricing table's bullet points (the limits and features below are what is enforced). */
  highlights: string[];
  limits: PlanLimits;
  features: PlanFeatures;
  pricing: PlanPricing;
}

export interface ProductDefinition extends CatalogPrice {
  id: ProductId;
  name: string;
  description: string;
  /** Credits granted per unit bought. */
  credits: number;
}

export interface Catalog {
  plans: readonly PlanDefinition[];
  /**
   * Days a past-due organization keeps writing while Stripe retries the payment; after that,
   * writes are refused (reads and export keep working) until an invoice is paid.
   */
  pastDueGraceDays: number;
  products: readonly ProductDefinition[];
  plan(id: PlanId): PlanDefinition;
  product(id: ProductId): ProductDefinition;
  /** The plan (and billing interval) a Stripe price belongs to, or null for a price we do not sell. */
  planForPrice(priceId: string): { plan: PlanDefinition; interval: BillingInterval } | null;
  productForPrice(priceId: string): ProductDefinition | null;
  /** Every Stripe price id of a per-seat plan: items with these prices are seats. */
  seatPriceIds(): string[];
}

/** The catalog, with the Stripe price ids from `readBillingEnv()` (or none when not configured). */
export function createCatalog(prices: CatalogPrices | null): Catalog {
  const plans: PlanDefinition[] = [
    {
      id: PlanId.free,
      name: "Free",
      description: "For trying it out with a small team.",
      highlights: ["Up to 3 members", "500 leads", "AI assistant with 50 credits a month", "Community support"],
      limits: { members: 3, leads: 500, aiCreditsPerMonth: 50 },
      features: { aiAssistant: true },
      pricing: { kind: "free" },
    },
    {
      id: PlanId.pro,
      name: "Pro",
      description: "For growing sales teams. Billed per member.",
      highlights: ["Unlimited members", "Unlimited leads", "AI assistant with 2,000 credits a month", "Email support"],
      limits: { members: null, leads: null, aiCreditsPerMonth: 2_000 },
      features: { aiAssistant: true },
      pricing: {
        kind: "per_seat",
        prices: {
          month: { priceId: prices?.proMonthly ?? null, unitAmount: 1_200, currency: "usd" },
          year: { priceId: prices?.proYearly ?? null, unitAmount: 12_000, currency: "usd" },
        },
      },
    },
    {
      id: PlanId.enterprise,
      name: "Enterprise",
      description: "SSO, audit logs, invoicing and a contract that fits.",
      highlights: ["Everything in Pro", "10,000 AI credits a month", "SAML single sign-on", "Dedicated support"],
      limits: { members: null, leads: null, aiCreditsPerMonth: 10_000 },
      features: { aiAssistant: true },
      pricing: { kind: "contact", contactEmail: "sales@example.com" },
    },
  ];
  const products: ProductDefinition[] = [
    {
      id: ProductId.creditPack,
      name: "1,000 AI credits",
      description: "A one-time pack of AI assistant credits. Credits do not expire.",
      priceId: prices?.creditPack ?? null,
      unitAmount: 1_000,
      currency: "usd",
      credits: 1_000,
    },
  ];

  const planByPrice = new Map<string, { plan: PlanDefinition; interval: BillingInterval }>();
  for (const plan of plans) {
    if (plan.pricing.kind !== "per_seat") continue;
    for (const [interval, price] of Object.entries(plan.pricing.prices) as [BillingInterval, CatalogPrice][]) {
      if (price.priceId) planByPrice.set(price.priceId, { plan, interval });
    }
  }
  const productByPrice = new Map(products.flatMap((product) => (product.priceId ? [[product.priceId, product]] : [])));

  return {
    plans,
    products,
    pastDueGraceDays: 7,
    plan(id) {
      const plan = plans.find((candidate) => candidate.id === id);
      if (!plan) throw new Error(`No plan ${id} in the catalog`);
      return plan;
    },
    product(id) {
      const product = products.find((candidate) => candidate.id === id);
      if (!product) throw new Error(`No product ${id} in the catalog`);
      return product;
    },
    planForPrice: (priceId) => planByPrice.get(priceId) ?? null,
    productForPrice: (priceId) => productByPrice.get(priceId) ?? null,
    seatPriceIds: () => [...planByPrice.keys()],
  };
}
