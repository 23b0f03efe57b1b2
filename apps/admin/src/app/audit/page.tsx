import { Alert, buttonClassName, Card } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditEntries } from "../../components/audit-entries";
import { ConsoleFrame } from "../../components/console-frame";
import { DownloadLink } from "../../components/download-link";
import { FilterField } from "../../components/filters";
import { errorMessageOf, queryString } from "../../components/format";
import { auditSearchOf, type Params } from "../../components/search-params";
import { api } from "../../server/api";

export const metadata: Metadata = { title: "Audit log" };


export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return (
    <ConsoleFrame path="/audit" title="Audit log" description="Every staff action, as it was recorded in the action's own transaction. Nobody can edit or delete it.">
      <form role="search" aria-label="Search the audit log" method="get" className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-4">
        <FilterField name="actor" label="Staff member" value={params["actor"]} placeholder="email or its start" />
        <FilterField name="action" label="Action" value={params["action"]} placeholder="user.ban, user." />
        <FilterField name="target" label="Target id" value={params["target"]} placeholder="a user's or event's id" />
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClassName("primary")}>
            Search
          </button>
          <Link href="/audit" className={buttonClassName("secondary")}>
            Clear
          </Link>
          <DownloadLink href={`/audit/export${queryString({ ...params, cursor: undefined })}`} />
        </div>
      </form>
      <Entries params={params} />
    </ConsoleFrame>
  );
}

async function Entries({ params }: { params: Params }) {
  let page: Awaited<ReturnType<typeof api.staff.audit.list>>;
  try {
    page = await api.staff.audit.list(auditSearchOf(params));
  } catch (error) {
    return <Alert tone="error" title="The search cannot run">{errorMessageOf(error)}</Alert>;
  }
  const { cursor: _cursor, ...rest } = params;
  return (
    <Card>
      <AuditEntries entries={page.items} emptyText="No staff action matches." />
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link href={`/audit${queryString({ ...rest, cursor: page.nextCursor })}`} className={buttonClassName("secondary")}>
            Older entries
          </Link>
        </div>
      ) : null}
    </Card>
  );
}
