import { BOARD_PAGE_SIZE, LeadStatuses, type LeadStatus } from "@saas/leads/schemas";
import { buttonClassName, PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { api } from "../../../../server/api";
import { requireActiveOrganization } from "../../../../server/workspace";
import { LeadsNav, WideSection } from "../leads-nav";
import { PipelineBoard } from "./pipeline-board";

export const metadata: Metadata = { title: "Pipeline board" };

export default async function BoardPage() {
  const { active } = await requireActiveOrganization();
  // Each column's first page only: a 100,000-lead organization renders as fast as a small one.
  // The columns' totals (an aggregate over every lead) follow from the browser.
  const pages = await Promise.all(LeadStatuses.map((status) => api.leads.boardColumn({ status, limit: BOARD_PAGE_SIZE })));
  const initialColumns = Object.fromEntries(LeadStatuses.map((status, index) => [status, pages[index] ?? { items: [], nextCursor: null }])) as Record<
    LeadStatus,
    (typeof pages)[number]
  >;
  return (
    <WideSection>
      <PageTitle
        title="Pipeline"
        description={`Drag a lead to move it through ${active.name}'s pipeline — or focus it and use Space and the arrow keys.`}
        actions={
          <Link href="/leads/new" className={buttonClassName()}>
            New lead
          </Link>
        }
      />
      <LeadsNav current="/leads/board" />
      <PipelineBoard initialColumns={initialColumns} />
    </WideSection>
  );
}
