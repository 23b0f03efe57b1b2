import { createCatalog, type Catalog } from "../catalog";
import type { CatalogPrices } from "../env";

/** Price ids and a webhook secret for tests and the benchmark (never valid in any Stripe account). */
export const TEST_PRICES: CatalogPrices = {
  proMonthly: "price_test_pro_monthly",
  proYearly: "price_test_pro_yearly",
  creditPack: "price_test_credit_pack",
};

export const TEST_WEBHOOK_SECRET = "whsec_test_local_secret";

export function createTestCatalog(): Catalog {
  return createCatalog(TEST_PRICES);
}
