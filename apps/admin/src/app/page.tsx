import { getPlatformCounts } from "@saas/db";
import { PageShell, StatCard } from "@saas/ui";
import { connection } from "next/server";
import { getAppDb } from "../server/db";

export default async function DashboardPage() {
  // Rendered per request: the counts come from the database, never from the build.
  await connection();
  const counts = await getPlatformCounts(getAppDb());
  return (
    <PageShell product="Staff console" title="Platform overview">
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Platform totals">
        <StatCard label="Users" value={counts.users} />
        <StatCard label="Organizations" value={counts.organizations} />
        <StatCard label="Memberships" value={counts.members} />
        <StatCard label="Leads" value={counts.leads} />
      </dl>
    </PageShell>
  );
}
