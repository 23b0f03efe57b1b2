import { Alert, Badge, buttonClassName, Card, EmptyState } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { ConsoleFrame } from "../../components/console-frame";
import { DownloadLink } from "../../components/download-link";
import { FilterField } from "../../components/filters";
import { errorMessageOf, formatDate, queryString } from "../../components/format";
import { organizationSearchOf, type Params } from "../../components/search-params";
import { api } from "../../server/api";

export const metadata: Metadata = { title: "Organizations" };


export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return (
    <ConsoleFrame path="/organizations" title="Organizations" description="Every customer organization, newest first.">
      <form role="search" aria-label="Search organizations" method="get" className="mb-6 flex flex-wrap items-end gap-3">
        <FilterField name="q" label="Name or slug" value={params["q"]} placeholder="acme" className="min-w-64 flex-1" />
        <button type="submit" className={buttonClassName("primary")}>
          Search
        </button>
        <Link href="/organizations" className={buttonClassName("secondary")}>
          Clear
        </Link>
        <DownloadLink href={`/organizations/export${queryString({ ...params, cursor: undefined })}`} />
      </form>
      <Results params={params} />
    </ConsoleFrame>
  );
}

async function Results({ params }: { params: Params }) {
  let page: Awaited<ReturnType<typeof api.staff.organizations.list>>;
  try {
    page = await api.staff.organizations.list(organizationSearchOf(params));
  } catch (error) {
    return <Alert tone="error" title="The search cannot run">{errorMessageOf(error)}</Alert>;
  }
  if (page.items.length === 0) {
    return (
      <Card>
        <EmptyState title="No organization matches">Try part of the name or slug.</EmptyState>
      </Card>
    );
  }
  const { cursor: _cursor, ...rest } = params;
  return (
    <Card>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Organizations</caption>
          <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Organization</th>
              <th scope="col" className="py-2 pr-4 font-medium">Plan</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Seats</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Members</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Leads</th>
              <th scope="col" className="py-2 font-medium">Created</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {page.items.map((organization) => (
              <tr key={organization.id}>
                <td className="py-2 pr-4">
                  <Link href={`/organizations/${organization.id}`} className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
                    {organization.name}
                  </Link>
                  <div className="text-zinc-500 dark:text-zinc-400">/{organization.slug}</div>
                </td>
                <td className="py-2 pr-4">
                  {organization.plan ? (
                    <Badge tone={organization.status === "active" || organization.status === "trialing" ? "success" : "warning"}>
                      {organization.plan} · {organization.status}
                    </Badge>
                  ) : (
                    <Badge>free</Badge>
                  )}
                </td>
                <td className="py-2 pr-4 text-right tabular-nums">{organization.seats ?? "—"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{organization.members}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{organization.leads.toLocaleString("en-US")}</td>
                <td className="whitespace-nowrap py-2 tabular-nums">{formatDate(organization.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link href={`/organizations${queryString({ ...rest, cursor: page.nextCursor })}`} className={buttonClassName("secondary")}>
            Next page
          </Link>
        </div>
      ) : null}
    </Card>
  );
}
