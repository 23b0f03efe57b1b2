import { CreditTransactionReason, creditTransactionTable, type Database, type Transaction } from "@saas/db";
import { eq, sql, sum } from "drizzle-orm";

/**
 * The credit ledger. Every write carries an idempotency key derived from what caused it, and the
 * key is unique in the database, so a redelivered, replayed or concurrent event cannot grant or
 * take back the same credits twice — whatever the code path.
 */

interface OrderRef {
  id: string;
  organizationId: string;
}

/** Grants the credits a paid order bought. Returns false when they were granted already. */
export async function grantPurchasedCredits(
  tx: Transaction,
  order: OrderRef,
  grant: { credits: number; description: string },
): Promise<boolean> {
  if (grant.credits <= 0) return false;
  const inserted = await tx
    .insert(creditTransactionTable)
    .values({
      organizationId: order.organizationId,
      orderId: order.id,
      amount: grant.credits,
      reason: CreditTransactionReason.purchase,
      idempotencyKey: `purchase:${order.id}`,
      description: grant.description,
    })
    .onConflictDoNothing()
    .returning({ id: creditTransactionTable.id });
  return inserted.length > 0;
}

/**
 * Takes back the share of an order's credits that has been refunded: `amountRefunded` is
 * Stripe's running total for the charge, so each refund event brings the revoked total up to
 * `credits × refunded / paid`, keyed by that total (a redelivery writes nothing).
 */
export async function revokeRefundedCredits(
  tx: Transaction,
  order: OrderRef & { amountTotal: number },
  amountRefunded: number,
): Promise<number> {
  const rows = await tx
    .select({ reason: creditTransactionTable.reason, amount: sum(creditTransactionTable.amount).mapWith(Number) })
    .from(creditTransactionTable)
    .where(eq(creditTransactionTable.orderId, order.id))
    .groupBy(creditTransactionTable.reason);
  const granted = rows.find((row) => row.reason === CreditTransactionReason.purchase)?.amount ?? 0;
  const revoked = -(rows.find((row) => row.reason === CreditTransactionReason.refund)?.amount ?? 0);
  if (granted <= 0 || order.amountTotal <= 0) return 0;
  const target = Math.floor((granted * Math.min(amountRefunded, order.amountTotal)) / order.amountTotal);
  const take = target - revoked;
  if (take <= 0) return 0;
  const inserted = await tx
    .insert(creditTransactionTable)
    .values({
      organizationId: order.organizationId,
      orderId: order.id,
      amount: -take,
      reason: CreditTransactionReason.refund,
      idempotencyKey: `refund:${order.id}:${amountRefunded}`,
      description: `Refund of order ${order.id}`,
    })
    .onConflictDoNothing()
    .returning({ id: creditTransactionTable.id });
  return inserted.length > 0 ? take : 0;
}

/** The organization's credit balance (may be negative after a refund of spent credits). */
export async function getCreditBalance(db: Database | Transaction, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ balance: sql<number>`coalesce(sum(${creditTransactionTable.amount}), 0)`.mapWith(Number) })
    .from(creditTransactionTable)
    .where(eq(creditTransactionTable.organizationId, organizationId));
  return row?.balance ?? 0;
}
