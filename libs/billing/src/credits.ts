import { creditTransactionTable, decodeCursor, encodeCursor, type CreditTransactionReason, type Database, type Transaction } from "@saas/db";
import { and, desc, eq, sql as drizzleSql } from "drizzle-orm";
import type { Sql } from "./webhooks/sql";

/**
 * The credit ledger. Every write carries an idempotency key derived from what caused it, and the
 * key is unique in the database (as is one purchase grant per order), so a redelivered, replayed
 * or concurrent event cannot grant or take back the same credits twice — whatever the code path.
 * The writes run in the webhook inbox's statement or transaction (see webhooks/ingest-stripe-event.ts).
 */

/**
 * Grants the credits a paid order bought, once: a common table expression over `orders` (a CTE
 * of the same statement returning `id, organization_id, status` of the order just written).
 * Nothing happens while the order is not paid, for no credits, or when the grant exists already.
 */
export function purchaseCreditsGranted(sql: Sql, orders: string, grant: { credits: number; description: string }) {
  return sql`
    purchase_credits_granted as (
      insert into credit_transaction (organization_id, order_id, amount, reason, idempotency_key, description)
      select organization_id, id, ${grant.credits}::int, 'purchase', 'purchase:' || id, ${grant.description}
      from ${sql(orders)} where status = 'paid' and ${grant.credits}::int > 0
      on conflict do nothing
    )`;
}

/**
 * Takes back the share of an order's credits that has been refunded: `amountRefunded` is
 * Stripe's running total for the charge, so each refund event brings the revoked total up to
 * `credits × refunded / paid`, keyed by that total (a redelivery writes nothing).
 */
export async function revokeRefundedCredits(
  sql: Sql,
  order: { id: string; organizationId: string; amountTotal: number },
  amountRefunded: number,
): Promise<number> {
  const [ledger] = await sql<{ granted: number; revoked: number }[]>`
    select coalesce(sum(amount) filter (where reason = 'purchase'), 0)::int as granted,
           coalesce(-sum(amount) filter (where reason = 'refund'), 0)::int as revoked
    from credit_transaction where order_id = ${order.id}`;
  if (!ledger || ledger.granted <= 0 || order.amountTotal <= 0) return 0;
  const target = Math.floor((ledger.granted * Math.min(amountRefunded, order.amountTotal)) / order.amountTotal);
  const take = target - ledger.revoked;
  if (take <= 0) return 0;
  const inserted = await sql`
    insert into credit_transaction (organization_id, order_id, amount, reason, idempotency_key, description)
    values (${order.organizationId}, ${order.id}, ${-take}, 'refund', ${`refund:${order.id}:${amountRefunded}`},
      ${`Refund of order ${order.id}`})
    on conflict do nothing
    returning id`;
  return inserted.length > 0 ? take : 0;
}

/** The organization's credit balance (may be negative after a refund of spent credits). */
export async function getCreditBalance(db: Database | Transaction, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ balance: drizzleSql<number>`coalesce(sum(${creditTransactionTable.amount}), 0)`.mapWith(Number) })
    .from(creditTransactionTable)
    .where(eq(creditTransactionTable.organizationId, organizationId));
  return row?.balance ?? 0;
}

export interface CreditLedgerPage {
  entries: { id: string; amount: number; reason: CreditTransactionReason; description: string; orderId: string | null; createdAt: Date }[];
  /** Pass back for the next (older) page; null on the last. */
  nextCursor: string | null;
}

/** The ledger, newest first, a page at a time (keyset on created_at and id: stable while it grows). */
export async function listCreditTransactions(
  tx: Transaction,
  { organizationId, cursor, limit = 25 }: { organizationId: string; cursor?: string | null; limit?: number },
): Promise<CreditLedgerPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await tx
    .select({
      id: creditTransactionTable.id,
      amount: creditTransactionTable.amount,
      reason: creditTransactionTable.reason,
      description: creditTransactionTable.description,
      orderId: creditTransactionTable.orderId,
      createdAt: creditTransactionTable.createdAt,
      key: drizzleSql<string>`${creditTransactionTable.createdAt}::text`,
    })
    .from(creditTransactionTable)
    .where(
      and(
        eq(creditTransactionTable.organizationId, organizationId),
        after ? drizzleSql`(${creditTransactionTable.createdAt}, ${creditTransactionTable.id}) < (${after.key}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(creditTransactionTable.createdAt), desc(creditTransactionTable.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map(({ key: _key, ...entry }) => entry),
    nextCursor: rows.length > limit && last ? encodeCursor({ key: last.key, id: last.id }) : null,
  };
}
