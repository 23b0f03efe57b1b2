import { describe, expect, it } from "vitest";
import { createCatalog } from "./catalog";
import { BILLING_NOT_CONFIGURED_REASON, readBillingEnv } from "./env";
import { stripeServerOptions } from "./stripe-client";

const full = {
  STRIPE_SECRET_KEY: "sk_test_abc",
  STRIPE_WEBHOOK_SECRET: "whsec_one",
  STRIPE_PRICE_PRO_MONTHLY: "price_m",
  STRIPE_PRICE_PRO_YEARLY: "price_y",
  STRIPE_PRICE_CREDIT_PACK: "price_c",
};

describe("readBillingEnv", () => {
  it("is not configured, and says so, when no Stripe variable is set (empty ones count as unset)", () => {
    expect(readBillingEnv({})).toEqual({ configured: false, reason: BILLING_NOT_CONFIGURED_REASON });
    expect(readBillingEnv({ STRIPE_SECRET_KEY: "" })).toMatchObject({ configured: false });
    expect(BILLING_NOT_CONFIGURED_REASON).toContain("STRIPE_SECRET_KEY");
  });

  it("reads a full configuration, with several webhook secrets while one is rolled", () => {
    expect(readBillingEnv({ ...full, STRIPE_WEBHOOK_SECRET: "whsec_new, whsec_old" })).toEqual({
      configured: true,
      secretKey: "sk_test_abc",
      webhookSecrets: ["whsec_new", "whsec_old"],
      prices: { proMonthly: "price_m", proYearly: "price_y", creditPack: "price_c" },
    });
    expect(readBillingEnv({ ...full, STRIPE_SECRET_KEY: "rk_live_restricted" })).toMatchObject({ configured: true });
  });

  it("without a webhook secret: configured, with no secrets (the worker refuses webhooks)", () => {
    const { STRIPE_WEBHOOK_SECRET: _, ...rest } = full;
    expect(readBillingEnv(rest)).toMatchObject({ configured: true, webhookSecrets: [] });
  });

  it("points the SDK at another API server with STRIPE_API_BASE_URL (stripe-mock, a local fake), and refuses a bad one", () => {
    const env = readBillingEnv({ ...full, STRIPE_API_BASE_URL: "http://127.0.0.1:12111" });
    expect(env).toMatchObject({ configured: true, apiBaseUrl: "http://127.0.0.1:12111" });
    expect(stripeServerOptions(env.configured ? env.apiBaseUrl : undefined)).toEqual({ host: "127.0.0.1", port: 12111, protocol: "http" });
    expect(stripeServerOptions("https://stripe.internal")).toEqual({ host: "stripe.internal", port: 443, protocol: "https" });
    expect(stripeServerOptions(undefined)).toEqual({});
    expect(() => readBillingEnv({ ...full, STRIPE_API_BASE_URL: "localhost:12111" })).toThrow(/STRIPE_API_BASE_URL: .*http\(s\) URL/);
  });

  it("refuses half a configuration, naming every missing price", () => {
    const attempt = () => readBillingEnv({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_PRICE_PRO_MONTHLY: "price_m" });
    expect(attempt).toThrow(/STRIPE_PRICE_PRO_YEARLY: required when STRIPE_SECRET_KEY is set/);
    expect(attempt).toThrow(/STRIPE_PRICE_CREDIT_PACK/);
    expect(attempt).not.toThrow(/STRIPE_PRICE_PRO_MONTHLY/);
  });

  it("refuses values of the wrong kind, naming the variable and never echoing a secret", () => {
    const attempt = () =>
      readBillingEnv({ ...full, STRIPE_SECRET_KEY: "pk_test_publishable_secret", STRIPE_WEBHOOK_SECRET: "whsec_ok,nope_secret", STRIPE_PRICE_PRO_YEARLY: "prod_x" });
    expect(attempt).toThrow(/STRIPE_SECRET_KEY: STRIPE_SECRET_KEY must start with sk_ or rk_/);
    expect(attempt).toThrow(/STRIPE_WEBHOOK_SECRET: .*whsec_/);
    expect(attempt).toThrow(/STRIPE_PRICE_PRO_YEARLY: .*price_/);
    expect(attempt).not.toThrow(/publishable_secret|nope_secret/);
  });
});

describe("the catalog", () => {
  const catalog = createCatalog({ proMonthly: "price_m", proYearly: "price_y", creditPack: "price_c" });

  it("offers Free, Pro per seat (monthly and yearly), Enterprise on contact, and a credit pack", () => {
    expect(catalog.plans.map((plan) => [plan.id, plan.pricing.kind])).toEqual([
      ["free", "free"],
      ["pro", "per_seat"],
      ["enterprise", "contact"],
    ]);
    expect(catalog.product("credit-pack")).toMatchObject({ priceId: "price_c", credits: 1_000 });
  });

  it("maps a Stripe price back to its plan and interval, or its product; an unknown price to nothing", () => {
    expect(catalog.planForPrice("price_m")).toMatchObject({ plan: { id: "pro" }, interval: "month" });
    expect(catalog.planForPrice("price_y")).toMatchObject({ plan: { id: "pro" }, interval: "year" });
    expect(catalog.planForPrice("price_c")).toBeNull();
    expect(catalog.productForPrice("price_c")?.id).toBe("credit-pack");
    expect(catalog.planForPrice("price_unknown")).toBeNull();
    expect(catalog.seatPriceIds().sort()).toEqual(["price_m", "price_y"]);
  });

  it("gives every plan its limits and features, Free the tightest, and a grace period for late payments", () => {
    expect(catalog.plan("free").limits).toEqual({ members: 3, leads: 500, aiCreditsPerMonth: 50 });
    expect(catalog.plan("free").features.aiAssistant).toBe(true);
    expect(catalog.plan("pro").limits).toMatchObject({ members: null, leads: null });
    expect(catalog.plan("pro").features.aiAssistant).toBe(true);
    expect(catalog.pastDueGraceDays).toBeGreaterThan(0);
  });

  it("without billing configured: the same plans, no prices", () => {
    const unconfigured = createCatalog(null);
    expect(unconfigured.plans).toHaveLength(3);
    expect(unconfigured.seatPriceIds()).toEqual([]);
    expect(unconfigured.product("credit-pack").priceId).toBeNull();
  });
});
