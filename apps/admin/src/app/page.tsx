import { SignOutButton } from "@saas/auth/react";
import { PageShell, StatCard } from "@saas/ui";
import { api } from "../server/api";
import { PRODUCT_NAME, requireStaff } from "../server/auth";
import { BillingHealthSection } from "./billing-health";

export default async function DashboardPage() {
  const staff = await requireStaff("/");
  // The staff tier checks the session again (platform admin, 2FA, not impersonating).
  const [counts, billingHealth] = await Promise.all([api.staff.platformCounts(), api.staff.billingHealth()]);
  return (
    <PageShell
      product={PRODUCT_NAME}
      title="Platform overview"
      headerEnd={
        <>
          <span className="hidden text-sm text-zinc-600 sm:inline dark:text-zinc-400">{staff.user.email}</span>
          <SignOutButton />
        </>
      }
    >
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Platform totals">
        <StatCard label="Users" value={counts.users} />
        <StatCard label="Organizations" value={counts.organizations} />
        <StatCard label="Memberships" value={counts.members} />
        <StatCard label="Leads" value={counts.leads} />
      </dl>
      <BillingHealthSection health={billingHealth} />
    </PageShell>
  );
}
