import { roleCan } from "@saas/auth/permissions";
import { Card, PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import { api } from "../../../../server/api";
import { requireActiveOrganization } from "../../../../server/workspace";
import { LeadForm } from "../lead-form";

export const metadata: Metadata = { title: "New lead" };

export default async function NewLeadPage() {
  const { active, session } = await requireActiveOrganization();
  const assignees = await api.leads.assignees();
  return (
    <>
      <PageTitle title="New lead" description={`A new lead in ${active.name}.`} />
      <Card>
        <LeadForm assignees={assignees} userId={session.user.id} canAssignOthers={roleCan(active.role, { lead: ["assign"] })} />
      </Card>
    </>
  );
}
