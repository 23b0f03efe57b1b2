import type { AppRouter } from "@saas/api";
import { EmptyState } from "@saas/ui";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { formatDateTime } from "./format";

type AuditEntry = inferRouterOutputs<AppRouter>["staff"]["audit"]["list"]["items"][number];

const changes = (value: unknown) => (value && typeof value === "object" ? JSON.stringify(value) : null);

/** Staff actions as a list: when, who, what to whom, why, what changed, from where. */
export function AuditEntries({ entries, emptyText }: { entries: AuditEntry[]; emptyText: string }) {
  if (entries.length === 0) return <EmptyState title="Nothing recorded">{emptyText}</EmptyState>;
  return (
    <ol className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
      {entries.map((entry) => (
        <li key={entry.id} className="py-3">
          <p className="flex flex-wrap items-baseline gap-x-2">
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">{entry.action}</code>
            <span>
              by <span className="font-medium">{entry.actorEmail}</span>
            </span>
            {entry.targetType === "user" ? (
              <Link href={`/users/${entry.targetId}`} className="text-zinc-600 underline underline-offset-2 dark:text-zinc-400">
                {entry.targetId}
              </Link>
            ) : (
              <span className="text-zinc-600 dark:text-zinc-400">
                on {entry.targetType} {entry.targetId}
              </span>
            )}
            <time dateTime={entry.createdAt.toISOString()} className="ml-auto whitespace-nowrap text-zinc-500 dark:text-zinc-400">
              {formatDateTime(entry.createdAt)} UTC
            </time>
          </p>
          {entry.reason ? <p className="mt-1">“{entry.reason}”</p> : null}
          {changes(entry.before) || changes(entry.after) ? (
            <p className="mt-1 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">
              {changes(entry.before) ? `before ${changes(entry.before)} ` : ""}
              {changes(entry.after) ? `after ${changes(entry.after)}` : ""}
            </p>
          ) : null}
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            {entry.ip ?? "unknown address"} · {entry.userAgent ?? "unknown browser"}
          </p>
        </li>
      ))}
    </ol>
  );
}
