"use client";

import { Badge, Card, EmptyState } from "@saas/ui";
import { useQuery } from "@tanstack/react-query";
import { formatDate } from "../../../components/format";
import { TextLink } from "../../../components/text-link";
import { useTRPC } from "../../../trpc/client";
import { BillingTable, Cell } from "./billing-table";
import type { Invoice } from "./billing-types";
import { formatMoney } from "./format-money";
import { SectionError, SectionSkeleton } from "./section-states";

const STATUSES: Record<string, { label: string; tone: "success" | "neutral" | "warning" }> = {
  draft: { label: "Draft", tone: "neutral" },
  open: { label: "Due", tone: "warning" },
  paid: { label: "Paid", tone: "success" },
  uncollectible: { label: "Uncollectible", tone: "warning" },
  void: { label: "Void", tone: "neutral" },
};

/**
 * Invoices, read from Stripe on their own: a slow or failing Stripe shows an error with a retry
 * here, and the rest of the page is unaffected.
 */
export function InvoicesCard({ configured }: { configured: boolean }) {
  const trpc = useTRPC();
  // No automatic retries: Stripe being down is said at once, and the person retries.
  const invoices = useQuery({ ...trpc.billing.invoices.queryOptions(), enabled: configured, retry: false });

  return (
    <Card title="Invoices" description="Subscription invoices from Stripe, our payment provider. They open in a new tab.">
      {!configured ? (
        <EmptyState title="No invoices">Invoices appear here once billing is configured.</EmptyState>
      ) : invoices.isPending ? (
        <SectionSkeleton label="Loading the invoices…" />
      ) : invoices.isError ? (
        <SectionError title="The invoices could not be loaded" error={invoices.error} onRetry={() => void invoices.refetch()} retrying={invoices.isFetching} />
      ) : invoices.data.length === 0 ? (
        <EmptyState title="No invoices yet">Invoices appear here after the first payment.</EmptyState>
      ) : (
        <BillingTable
          caption="Invoices, newest first"
          columns={[{ label: "Invoice" }, { label: "Date", wide: true }, { label: "Amount", align: "right" }, { label: "Status", wide: true }, { label: "Links", align: "right" }]}
        >
          {invoices.data.map((invoice) => (
            <InvoiceRow key={invoice.id} invoice={invoice} />
          ))}
        </BillingTable>
      )}
    </Card>
  );
}

function InvoiceRow({ invoice }: { invoice: Invoice }) {
  const name = invoice.number ?? "draft";
  const status = invoice.status ? (STATUSES[invoice.status] ?? { label: invoice.status, tone: "neutral" as const }) : null;
  const badge = status ? <Badge tone={status.tone}>{status.label}</Badge> : null;
  return (
    <tr>
      <Cell>
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{invoice.number ?? "Draft"}</span>
        {/* On a phone, date and status fold in here. */}
        <span className="block text-zinc-600 sm:hidden dark:text-zinc-400">{formatDate(invoice.createdAt)}</span>
        {badge ? <span className="mt-1 inline-block sm:hidden">{badge}</span> : null}
      </Cell>
      <Cell wide className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
        {formatDate(invoice.createdAt)}
      </Cell>
      <Cell align="right" className="tabular-nums">
        <span className="text-zinc-900 dark:text-zinc-100">{formatMoney(invoice.total, invoice.currency)}</span>
        {invoice.status === "open" && invoice.amountDue > 0 ? (
          <span className="block text-xs text-amber-800 dark:text-amber-300">{formatMoney(invoice.amountDue, invoice.currency)} due</span>
        ) : null}
      </Cell>
      <Cell wide>{badge}</Cell>
      <Cell align="right" className="whitespace-nowrap">
        <span className="inline-flex gap-3">
          {invoice.hostedUrl ? (
            <TextLink href={invoice.hostedUrl} target="_blank" rel="noopener noreferrer">
              View<span className="sr-only"> invoice {name} (opens in a new tab)</span>
            </TextLink>
          ) : null}
          {invoice.pdfUrl ? (
            <TextLink href={invoice.pdfUrl} target="_blank" rel="noopener noreferrer">
              PDF<span className="sr-only"> of invoice {name} (opens in a new tab)</span>
            </TextLink>
          ) : null}
        </span>
      </Cell>
    </tr>
  );
}
