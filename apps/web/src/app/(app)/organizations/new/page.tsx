import { Card, PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import { getWorkspace } from "../../../../server/workspace";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "New organization" };

export default async function NewOrganizationPage() {
  const { memberships } = await getWorkspace();
  const first = memberships.length === 0;
  return (
    <div className="mx-auto max-w-lg">
      <PageTitle
        title={first ? "Create your first organization" : "New organization"}
        description={
          first
            ? "An organization holds your team's leads and billing. You will be its owner, and can invite colleagues next."
            : "You will be its owner. Your other organizations stay as they are."
        }
      />
      <Card>
        <CreateOrganizationForm />
      </Card>
    </div>
  );
}
