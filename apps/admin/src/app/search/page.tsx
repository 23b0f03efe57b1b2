import { Alert, Card, EmptyState } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { ConsoleFrame } from "../../components/console-frame";
import { errorMessageOf, formatDate, formatDateTime, queryString } from "../../components/format";
import { UserBadges } from "../../components/user-badges";
import { api } from "../../server/api";

export const metadata: Metadata = { title: "Search" };

const SHOWN = 5;

/**
 * The header's search: one term across users (email, name), organizations (name, slug) and
 * billing events (Stripe event id), the first few of each, with the way to the full list.
 */
export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const q = (await searchParams).q?.trim() ?? "";
  return (
    <ConsoleFrame path={`/search${queryString({ q })}`} title="Search" description={q ? <>Results for “{q}”</> : "Users, organizations and billing events."}>
      {q === "" ? (
        <EmptyState title="Type something to search">An email or a name, an organization's name or slug, or a Stripe event id (evt_…).</EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <Users q={q} />
          <Organizations q={q} />
          <BillingEvents q={q} />
        </div>
      )}
    </ConsoleFrame>
  );
}

function Section({ title, all, children }: { title: string; all: string; children: ReactNode }) {
  return (
    <Card title={title} description={<Link href={all} className="underline underline-offset-2">See all</Link>}>
      {children}
    </Card>
  );
}

/** One section's list, or why it has nothing (a failed part does not hide the others). */
async function Results<T extends { id: string }>({ load, empty, row }: { load: () => Promise<{ items: T[] }>; empty: string; row: (item: T) => ReactNode }) {
  let items: T[];
  try {
    items = (await load()).items;
  } catch (error) {
    return <Alert tone="error">{errorMessageOf(error)}</Alert>;
  }
  if (items.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
      {items.map((item) => (
        <li key={item.id} className="py-2">
          {row(item)}
        </li>
      ))}
    </ul>
  );
}

const linkClass = "break-all font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100";
const detailClass = "text-zinc-600 dark:text-zinc-400";

function Users({ q }: { q: string }) {
  return (
    <Section title="Users" all={`/users${queryString({ q })}`}>
      <Results
        load={() => api.staff.users.list({ q, limit: SHOWN })}
        empty="No user's email or name contains this."
        row={(user) => (
          <>
            <Link href={`/users/${user.id}`} className={linkClass}>
              {user.name}
            </Link>
            <p className={`break-all ${detailClass}`}>{user.email}</p>
            <UserBadges user={user} />
          </>
        )}
      />
    </Section>
  );
}

function Organizations({ q }: { q: string }) {
  return (
    <Section title="Organizations" all={`/organizations${queryString({ q })}`}>
      <Results
        load={() => api.staff.organizations.list({ q, limit: SHOWN })}
        empty="No organization's name or slug contains this."
        row={(organization) => (
          <>
            <Link href={`/organizations/${organization.id}`} className={linkClass}>
              {organization.name}
            </Link>
            <p className={detailClass}>
              /{organization.slug} · since {formatDate(organization.createdAt)}
            </p>
          </>
        )}
      />
    </Section>
  );
}

function BillingEvents({ q }: { q: string }) {
  const looksLikeEvent = q.startsWith("evt_");
  return (
    <Section title="Billing events" all={`/billing-events${queryString({ event: looksLikeEvent ? q : undefined })}`}>
      {looksLikeEvent ? (
        <Results
          load={() => api.staff.billingEvents.list({ stripeEventId: q, limit: SHOWN })}
          empty="No event has this Stripe id."
          row={(event) => (
            <>
              <Link href={`/billing-events/${event.id}`} className={linkClass}>
                {event.type}
              </Link>
              <p className={detailClass}>
                {event.status} · {formatDateTime(event.createdAt)} UTC
              </p>
            </>
          )}
        />
      ) : (
        <p className={`text-sm ${detailClass}`}>Billing events are found by their Stripe id, which starts with evt_.</p>
      )}
    </Section>
  );
}
