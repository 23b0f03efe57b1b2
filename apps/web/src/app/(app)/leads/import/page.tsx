import { roleCan } from "@saas/auth/permissions";
import { Alert, PageTitle } from "@saas/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { api } from "../../../../server/api";
import { requireActiveOrganization } from "../../../../server/workspace";
import { ImportWizard } from "./import-wizard";

export const metadata: Metadata = { title: "Import leads" };

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const { active } = await requireActiveOrganization();
  if (!roleCan(active.role, { lead: ["import"] })) {
    return (
      <>
        <PageTitle title="Import leads" />
        <Alert tone="info">
          Only owners and admins of {active.name} can import leads. You can{" "}
          <Link className="font-medium underline underline-offset-2" href="/leads/new">
            add leads one by one
          </Link>
          .
        </Alert>
      </>
    );
  }
  const { id } = await searchParams;
  const current = id ? await api.leads.imports.get({ id }).catch((error: unknown) => (error instanceof TRPCError ? null : Promise.reject(error))) : null;
  return (
    <>
      <PageTitle
        title="Import leads"
        description={
          <>
            A CSV file of up to 50 MB or 200,000 rows, with a header row.{" "}
            <Link className="underline underline-offset-2" href="/leads">
              Back to the leads
            </Link>
          </>
        }
      />
      <ImportWizard initialImport={current} />
    </>
  );
}
