import { Alert, PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import { api } from "../../../server/api";
import { requireActiveOrganization } from "../../../server/workspace";
import { CheckoutCanceledNotice } from "./checkout-canceled-notice";
import { CreditLedgerCard } from "./credit-ledger-card";
import { CreditsCard } from "./credits-card";
import { CurrentPlanCard } from "./current-plan-card";
import { InvoicesCard } from "./invoices-card";
import { OrdersCard } from "./orders-card";
import { PlansCard } from "./plans-card";
import { UsageCard } from "./usage-card";

export const metadata: Metadata = { title: "Billing" };

/** The API's reason opens with the panel's own title; said once is enough. */
const withoutHeadline = (reason: string | null) => {
  const rest = (reason ?? "").replace(/^Billing is not configured:\s*/i, "");
  return rest.charAt(0).toUpperCase() + rest.slice(1);
};

/**
 * Every member reads the plan, usage, credits and payments; owners and admins also get the
 * buttons (the API checks the role again). The overview is read here, in one query of the
 * tenant's own rows; the credit history and Stripe's invoices load on their own in the browser.
 */
export default async function BillingPage({ searchParams }: { searchParams: Promise<{ checkout?: string | string[] }> }) {
  const { active } = await requireActiveOrganization();
  const [overview, { checkout }] = await Promise.all([api.billing.overview(), searchParams]);
  return (
    <>
      <PageTitle title="Billing" description={overview.canManage ? `The plan, credits and payments of ${active.name}.` : `The plan, credits and payments of ${active.name}. Owners and admins make changes.`} />
      {checkout === "canceled" ? <CheckoutCanceledNotice /> : null}
      {overview.configured ? null : (
        <Alert tone="warning" title="Billing is not configured" className="mb-6">
          <p>{withoutHeadline(overview.notConfiguredReason)}</p>
          <p className="mt-1">Until it is, everything works without limits. The plans below are shown for reference.</p>
        </Alert>
      )}
      <div className="space-y-8">
        <div className="grid gap-8 lg:grid-cols-2">
          <CurrentPlanCard overview={overview} />
          <UsageCard overview={overview} />
        </div>
        <PlansCard overview={overview} />
        <div className="grid gap-8 lg:grid-cols-2">
          <CreditsCard overview={overview} />
          <CreditLedgerCard />
        </div>
        <OrdersCard orders={overview.state.orders} />
        <InvoicesCard configured={overview.configured} />
      </div>
    </>
  );
}
