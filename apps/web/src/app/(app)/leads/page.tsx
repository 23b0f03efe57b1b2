import { roleCan } from "@saas/auth/permissions";
import { leadViewFromParams } from "@saas/leads/schemas";
import { Alert, buttonClassName, PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { api } from "../../../server/api";
import { requireActiveOrganization } from "../../../server/workspace";
import { LeadsNav, WideSection } from "./leads-nav";
import { LeadsList } from "./leads-list";

export const metadata: Metadata = { title: "Leads" };

export default async function LeadsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { active, session } = await requireActiveOrganization();
  const { ignored, ...view } = leadViewFromParams(await searchParams);
  const [page, counts, assignees] = await Promise.all([
    api.leads.list({ filter: view.filter, sort: view.sort, dir: view.dir, limit: 50 }),
    api.leads.counts({ filter: view.filter }),
    api.leads.assignees(),
  ]);
  const can = {
    delete: roleCan(active.role, { lead: ["delete"] }),
    assignOthers: roleCan(active.role, { lead: ["assign"] }),
    import: roleCan(active.role, { lead: ["import"] }),
  };
  return (
    <WideSection>
      <PageTitle
        title="Leads"
        description={`Everyone at ${active.name} works from this list.`}
        actions={
          <>
            {can.import ? (
              <Link href="/leads/import" className={buttonClassName("secondary")}>
                Import CSV
              </Link>
            ) : null}
            <Link href="/leads/new" className={buttonClassName()}>
              New lead
            </Link>
          </>
        }
      />
      <LeadsNav current="/leads" />
      {ignored.length ? (
        <Alert tone="warning" className="mb-4">
          Parts of this link could not be read and were left out: {ignored.join(", ")}.
        </Alert>
      ) : null}
      <LeadsList initialView={view} initialPage={page} initialCounts={counts} assignees={assignees} userId={session.user.id} can={can} />
    </WideSection>
  );
}
