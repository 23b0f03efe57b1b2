import { StatCard } from "@saas/ui";
import { ConsoleFrame } from "../components/console-frame";
import { api } from "../server/api";
import { BillingHealthSection } from "./billing-health";

export default async function DashboardPage() {
  return (
    <ConsoleFrame path="/" title="Platform overview">
      <Overview />
    </ConsoleFrame>
  );
}

async function Overview() {
  // The staff tier checks the session again (platform admin, 2FA, not impersonating).
  const [counts, billingHealth] = await Promise.all([api.staff.platformCounts(), api.staff.billingHealth()]);
  return (
    <>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Platform totals">
        <StatCard label="Users" value={counts.users} />
        <StatCard label="Organizations" value={counts.organizations} />
        <StatCard label="Memberships" value={counts.members} />
        <StatCard label="Leads" value={counts.leads} />
      </dl>
      <BillingHealthSection health={billingHealth} />
    </>
  );
}
