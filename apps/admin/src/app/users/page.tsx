import { Alert, buttonClassName, Card, EmptyState } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { ConsoleFrame } from "../../components/console-frame";
import { DownloadLink } from "../../components/download-link";
import { FilterField, FilterSelect } from "../../components/filters";
import { type Params, USER_SORTS, userSearchOf } from "../../components/search-params";
import { UserBadges } from "../../components/user-badges";
import { errorMessageOf, formatDate, queryString } from "../../components/format";
import { api } from "../../server/api";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  return (
    <ConsoleFrame path="/users" title="Users" description="Everyone with an account, across every organization.">
      <SearchForm params={params} />
      <Results params={params} />
    </ConsoleFrame>
  );
}

const ANY_YES_NO = [
  { value: "", label: "Any" },
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

function SearchForm({ params }: { params: Params }) {
  return (
    <form role="search" aria-label="Search users" method="get" className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
      <FilterField name="q" label="Email or name" value={params["q"]} placeholder="ada@ or Lovelace" className="col-span-2" />
      <FilterSelect name="banned" label="Banned" value={params["banned"]} options={ANY_YES_NO} />
      <FilterSelect name="admin" label="Platform admin" value={params["admin"]} options={ANY_YES_NO} />
      <FilterSelect name="twoFactor" label="2FA on" value={params["twoFactor"]} options={ANY_YES_NO} />
      <FilterSelect name="unverified" label="Email" value={params["unverified"]} options={[{ value: "", label: "Any" }, { value: "yes", label: "Unverified" }]} />
      <FilterField name="from" label="Signed up from" type="date" value={params["from"]} />
      <FilterField name="to" label="to" type="date" value={params["to"]} />
      <FilterSelect name="sort" label="Sort" value={params["sort"]} options={USER_SORTS} />
      <div className="col-span-2 flex items-end gap-2 sm:col-span-3">
        <button type="submit" className={buttonClassName("primary")}>
          Search
        </button>
        <Link href="/users" className={buttonClassName("secondary")}>
          Clear
        </Link>
        <DownloadLink href={`/users/export${queryString({ ...params, cursor: undefined })}`} />
      </div>
    </form>
  );
}

async function Results({ params }: { params: Params }) {
  let page: Awaited<ReturnType<typeof api.staff.users.list>>;
  try {
    page = await api.staff.users.list(userSearchOf(params));
  } catch (error) {
    return <Alert tone="error" title="The search cannot run">{errorMessageOf(error)}</Alert>;
  }
  if (page.items.length === 0) {
    return (
      <Card>
        <EmptyState title="No users match">Try part of the email or name, or fewer filters.</EmptyState>
      </Card>
    );
  }
  const { cursor: _cursor, ...rest } = params;
  return (
    <Card>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">User</th>
              <th scope="col" className="py-2 pr-4 font-medium">Status</th>
              <th scope="col" className="py-2 font-medium">Signed up</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {page.items.map((user) => (
              <tr key={user.id}>
                <td className="py-2 pr-4">
                  <Link href={`/users/${user.id}`} className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
                    {user.name}
                  </Link>
                  <div className="break-all text-zinc-600 dark:text-zinc-400">{user.email}</div>
                </td>
                <td className="py-2 pr-4">
                  <UserBadges user={user} />
                </td>
                <td className="whitespace-nowrap py-2 tabular-nums">{formatDate(user.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link href={`/users${queryString({ ...rest, cursor: page.nextCursor })}`} className={buttonClassName("secondary")}>
            Next page
          </Link>
        </div>
      ) : null}
    </Card>
  );
}
