import { canDeleteOrganization, canUpdateOrganization } from "@saas/auth";
import { Badge, Card, PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import { requireActiveOrganization } from "../../../server/workspace";
import { DeleteOrganizationForm, OrganizationDetailsForm } from "./organization-forms";

export const metadata: Metadata = { title: "Organization" };

export default async function OrganizationPage() {
  const { active } = await requireActiveOrganization();
  return (
    <>
      <PageTitle
        title="Organization"
        description={
          <span className="inline-flex items-center gap-2">
            {active.name} <Badge>you are {active.role}</Badge>
          </span>
        }
      />
      <div className="space-y-8">
        <Card title="Details" description={canUpdateOrganization(active.role) ? "The name your members see, and its URL name." : "Only owners and admins can change these."}>
          {canUpdateOrganization(active.role) ? (
            <OrganizationDetailsForm organizationId={active.organizationId} name={active.name} slug={active.slug} />
          ) : (
            <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
              <dt className="text-zinc-600 dark:text-zinc-400">Name</dt>
              <dd>{active.name}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">URL name</dt>
              <dd>{active.slug}</dd>
            </dl>
          )}
        </Card>
        {canDeleteOrganization(active.role) ? (
          <Card
            title="Delete organization"
            description="Deletes the organization with its members, invitations, leads and billing records, for everyone, at once. This cannot be undone."
          >
            <DeleteOrganizationForm organizationId={active.organizationId} name={active.name} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
