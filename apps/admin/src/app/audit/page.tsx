import { Alert, buttonClassName, Card } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditEntries } from "../../components/audit-entries";
import { ConsoleFrame } from "../../components/console-frame";
import { errorMessageOf, queryString } from "../../components/format";
import { api } from "../../server/api";

export const metadata: Metadata = { title: "Audit log" };

type Params = Record<string, string | undefined>;

const inputClass =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-500/30 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return (
    <ConsoleFrame path="/audit" title="Audit log" description="Every staff action, as it was recorded in the action's own transaction. Nobody can edit or delete it.">
      <form role="search" aria-label="Search the audit log" method="get" className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-4">
        {[
          { name: "actor", label: "Staff member", placeholder: "email or its start" },
          { name: "action", label: "Action", placeholder: "user.ban, user." },
          { name: "target", label: "Target id", placeholder: "a user's id" },
        ].map((field) => (
          <label key={field.name} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
            {field.label}
            <input type="search" name={field.name} defaultValue={params[field.name] ?? ""} placeholder={field.placeholder} className={inputClass} />
          </label>
        ))}
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClassName("primary")}>
            Search
          </button>
          <Link href="/audit" className={buttonClassName("secondary")}>
            Clear
          </Link>
        </div>
      </form>
      <Entries params={params} />
    </ConsoleFrame>
  );
}

async function Entries({ params }: { params: Params }) {
  let page: Awaited<ReturnType<typeof api.staff.audit.list>>;
  try {
    page = await api.staff.audit.list({ actor: params["actor"] || undefined, action: params["action"] || undefined, targetId: params["target"] || undefined, cursor: params["cursor"] || undefined });
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
