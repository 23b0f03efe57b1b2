import { STATUS_LABELS } from "@saas/leads/model";
import { Badge, buttonClassName, Card, EmptyState, PageSkeleton, PageTitle, StatCard } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { formatAmount } from "../../components/format";
import { api } from "../../server/api";
import { requireActiveOrganization } from "../../server/workspace";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { active, session } = await requireActiveOrganization();
  return (
    <>
      <PageTitle
        title={active.name}
        description={
          <span className="inline-flex items-center gap-2">
            Signed in as {session.user.email} <Badge>{active.role}</Badge>
          </span>
        }
        actions={
          <>
            <Link href="/leads/board" className={buttonClassName("secondary")}>
              Pipeline board
            </Link>
            <Link href="/leads/new" className={buttonClassName()}>
              New lead
            </Link>
          </>
        }
      />
      {/* Totals over every lead: streamed in after the page shell, so a big organization's page opens at once. */}
      <Suspense fallback={<PageSkeleton label="Loading the pipeline…" rows={4} />}>
        <PipelineNumbers organizationName={active.name} />
      </Suspense>
    </>
  );
}

async function PipelineNumbers({ organizationName }: { organizationName: string }) {
  const { members, pipeline } = await api.organization.overview();
  const largest = Math.max(1, ...pipeline.byStatus.map((column) => column.count));
  return (
    <>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label={`${organizationName} in numbers`}>
        <StatCard label="Leads" value={pipeline.total.toLocaleString("en-US")} />
        <StatCard label="Open pipeline value" value={formatAmount(pipeline.openValue)} />
        <StatCard label="Won this month" value={`${pipeline.wonThisMonth.count} · ${formatAmount(pipeline.wonThisMonth.value)}`} />
        <StatCard label="Members" value={members} />
      </dl>
      <Card className="mt-8" title="Pipeline" description="Leads in each stage and their estimated value.">
        {pipeline.total === 0 ? (
          <EmptyState title="No leads yet">
            <Link className="font-medium underline underline-offset-2" href="/leads/new">
              Add your first lead
            </Link>{" "}
            or{" "}
            <Link className="font-medium underline underline-offset-2" href="/leads/import">
              import a CSV file
            </Link>
            .
          </EmptyState>
        ) : (
          <ul className="space-y-3" aria-label="Leads per stage">
            {pipeline.byStatus.map((column) => (
              <li key={column.status} className="grid grid-cols-[7rem_1fr_auto] items-center gap-3 text-sm">
                <Link href={`/leads?status=${column.status}`} className="font-medium hover:underline">
                  {STATUS_LABELS[column.status]}
                </Link>
                <span className="h-2 rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden="true">
                  <span className="block h-2 rounded-full bg-zinc-900 dark:bg-zinc-100" style={{ width: `${(column.count / largest) * 100}%` }} />
                </span>
                <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
                  {column.count.toLocaleString("en-US")} · {formatAmount(column.value)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
