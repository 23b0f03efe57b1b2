import type { AppRouter } from "@saas/api";
import type { inferRouterOutputs } from "@trpc/server";

// The shapes the billing procedures answer with, as the browser receives them (superjson keeps
// the Dates), so the page's components follow the API instead of restating it.
type BillingOutputs = inferRouterOutputs<AppRouter>["billing"];

export type BillingOverview = BillingOutputs["overview"];
export type BillingState = BillingOverview["state"];
export type Subscription = NonNullable<BillingState["subscription"]>;
export type Entitlements = BillingOverview["entitlements"];
export type PlanOffer = BillingOverview["pricing"]["plans"][number];
export type CreditPack = BillingOverview["pricing"]["creditPacks"][number];
export type Manager = BillingOverview["managers"][number];
export type Order = BillingState["orders"][number];
export type CreditLedgerEntry = BillingOutputs["creditLedger"]["entries"][number];
export type Invoice = BillingOutputs["invoices"][number];
export type BillingInterval = "month" | "year";
