import { getPlatformCounts } from "@saas/db";
import { PageShell, StatCard } from "@saas/ui";
import { connection } from "next/server";
import { getAppDb } from "../server/db";

export default async function HomePage() {
  // Rendered per request: the counts come from the database, never from the build.
  await connection();
  const counts = await getPlatformCounts(getAppDb());
  return (
    <PageShell product="Acme CRM" title="Welcome">
      <p className="max-w-prose text-zinc-600 dark:text-zinc-400">
        Your workspace is running. Sign-in and your organization&apos;s leads arrive with the next releases.
      </p>
      <dl className="mt-8 grid grid-cols-1 gap-4 sm:grid-cols-3" aria-label="Platform totals">
        <StatCard label="Organizations" value={counts.organizations} />
        <StatCard label="Members" value={counts.members} />
        <StatCard label="Leads" value={counts.leads} />
      </dl>
    </PageShell>
  );
}
