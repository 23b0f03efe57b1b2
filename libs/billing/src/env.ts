import { parseEnv } from "@saas/config";
import { z } from "zod";

/**
 * Billing configuration from the environment, parsed once at boot by each app that bills.
 *
 * Billing is optional: with no Stripe variable set it is "not configured" and says so (the web
 * app shows that instead of a broken checkout button). Half a configuration is refused at boot
 * with the names of the missing variables, since a secret key without prices cannot sell anything.
 */

const prefixed = (name: string, prefixes: string[], hint: string) =>
  z
    .string()
    .trim()
    .refine((value) => prefixes.some((prefix) => value.startsWith(prefix)), {
      message: `${name} must start with ${prefixes.join(" or ")} (${hint})`,
    });

const billingEnvSchema = z.object({
  STRIPE_SECRET_KEY: prefixed("STRIPE_SECRET_KEY", ["sk_", "rk_"], "a secret or restricted API key").optional(),
  /** One secret, or several separated by commas while Stripe rolls the endpoint's secret. */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .transform((value) => value.split(",").map((secret) => secret.trim()).filter(Boolean))
    .refine((secrets) => secrets.length > 0 && secrets.every((secret) => secret.startsWith("whsec_")), {
      message: "STRIPE_WEBHOOK_SECRET must be whsec_… (several may be separated by commas)",
    })
    .optional(),
  STRIPE_PRICE_PRO_MONTHLY: prefixed("STRIPE_PRICE_PRO_MONTHLY", ["price_"], "a Stripe price id").optional(),
  STRIPE_PRICE_PRO_YEARLY: prefixed("STRIPE_PRICE_PRO_YEARLY", ["price_"], "a Stripe price id").optional(),
  STRIPE_PRICE_CREDIT_PACK: prefixed("STRIPE_PRICE_CREDIT_PACK", ["price_"], "a Stripe price id").optional(),
  /** Another Stripe API server (stripe-mock, a local fake); unset means api.stripe.com. */
  STRIPE_API_BASE_URL: z.url({ protocol: /^https?$/, error: "STRIPE_API_BASE_URL must be an http(s) URL, like http://127.0.0.1:12111" }).optional(),
});

export interface CatalogPrices {
  proMonthly: string;
  proYearly: string;
  creditPack: string;
}

const PRICE_VARIABLES: Record<keyof CatalogPrices, string> = {
  proMonthly: "STRIPE_PRICE_PRO_MONTHLY",
  proYearly: "STRIPE_PRICE_PRO_YEARLY",
  creditPack: "STRIPE_PRICE_CREDIT_PACK",
};

export type BillingEnv =
  | {
      configured: true;
      secretKey: string;
      /** Empty when STRIPE_WEBHOOK_SECRET is not set: the worker then refuses webhooks with 503. */
      webhookSecrets: string[];
      prices: CatalogPrices;
      /** STRIPE_API_BASE_URL, when set. */
      apiBaseUrl?: string;
    }
  | {
      configured: false;
      /** Why, in words a developer can act on. */
      reason: string;
    };

export const BILLING_NOT_CONFIGURED_REASON =
  "Billing is not configured: set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and the STRIPE_PRICE_* variables (see .env.example).";

export function readBillingEnv(source: Record<string, string | undefined> = process.env): BillingEnv {
  const env = parseEnv(billingEnvSchema, source, "billing");
  if (!env.STRIPE_SECRET_KEY) {
    return { configured: false, reason: BILLING_NOT_CONFIGURED_REASON };
  }
  const prices = {
    proMonthly: env.STRIPE_PRICE_PRO_MONTHLY,
    proYearly: env.STRIPE_PRICE_PRO_YEARLY,
    creditPack: env.STRIPE_PRICE_CREDIT_PACK,
  };
  if (!prices.proMonthly || !prices.proYearly || !prices.creditPack) {
    const missing = Object.entries(PRICE_VARIABLES)
      .filter(([key]) => !prices[key as keyof CatalogPrices])
      .map(([, name]) => `  ${name}: required when STRIPE_SECRET_KEY is set`);
    throw new Error(`Invalid billing configuration:\n${missing.join("\n")}`);
  }
  return {
    configured: true,
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecrets: env.STRIPE_WEBHOOK_SECRET ?? [],
    prices: { proMonthly: prices.proMonthly, proYearly: prices.proYearly, creditPack: prices.creditPack },
    ...(env.STRIPE_API_BASE_URL ? { apiBaseUrl: env.STRIPE_API_BASE_URL } : {}),
  };
}
