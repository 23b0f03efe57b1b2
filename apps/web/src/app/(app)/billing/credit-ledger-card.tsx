"use client";

import { Badge, Button, Card, EmptyState } from "@saas/ui";
import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDate } from "../../../components/format";
import { useTRPC } from "../../../trpc/client";
import { BillingTable, Cell } from "./billing-table";
import type { CreditLedgerEntry } from "./billing-types";
import { formatCredits } from "./format-money";
import { SectionError, SectionSkeleton } from "./section-states";

const PAGE_SIZE = 20;

const REASONS: Record<string, { label: string; tone: "success" | "neutral" | "warning" }> = {
  purchase: { label: "Purchase", tone: "success" },
  usage: { label: "Used", tone: "neutral" },
  refund: { label: "Refund", tone: "warning" },
  adjustment: { label: "Adjustment", tone: "neutral" },
};

/** Every change to the credit balance, newest first, a page at a time. */
export function CreditLedgerCard() {
  const trpc = useTRPC();
  const ledger = useInfiniteQuery(trpc.billing.creditLedger.infiniteQueryOptions({ limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }));
  const entries = ledger.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <Card title="Credit history" description="Credits bought, used and refunded.">
      {ledger.isPending ? (
        <SectionSkeleton label="Loading the credit history…" />
      ) : ledger.isError && entries.length === 0 ? (
        <SectionError title="The credit history could not be loaded" error={ledger.error} onRetry={() => void ledger.refetch()} retrying={ledger.isFetching} />
      ) : entries.length === 0 ? (
        <EmptyState title="No credit activity yet">Bought packs and the assistant's usage show up here.</EmptyState>
      ) : (
        <>
          <BillingTable caption="Credit history, newest first" columns={[{ label: "Date" }, { label: "Description" }, { label: "Credits", align: "right" }]}>
            {entries.map((entry) => (
              <LedgerRow key={entry.id} entry={entry} />
            ))}
          </BillingTable>
          {ledger.isFetchNextPageError ? <p className="mt-3 text-sm text-red-700 dark:text-red-300" role="alert">The next entries could not be loaded. Try again.</p> : null}
          {ledger.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" pending={ledger.isFetchingNextPage} pendingLabel="Loading…" onClick={() => void ledger.fetchNextPage()}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}

function LedgerRow({ entry }: { entry: CreditLedgerEntry }) {
  return (
    <tr>
      <Cell className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">{formatDate(entry.createdAt)}</Cell>
      <Cell>
        <span className="block text-zinc-900 dark:text-zinc-100">{entry.description}</span>
        <span className="mt-1 inline-block">
          <Badge tone={REASONS[entry.reason]?.tone ?? "neutral"}>{REASONS[entry.reason]?.label ?? entry.reason}</Badge>
        </span>
      </Cell>
      <Cell align="right" className={`font-medium tabular-nums ${entry.amount < 0 ? "text-zinc-900 dark:text-zinc-100" : "text-emerald-700 dark:text-emerald-300"}`}>
        {formatCredits(entry.amount, { signed: true })}
      </Cell>
    </tr>
  );
}
