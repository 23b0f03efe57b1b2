import { organizationTable } from "@saas/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { BillingDeps } from "../deps";
import { BillingError, BillingErrorCode } from "../errors";

// Namespace of the per-organization advisory lock (any constant; the organization id is the key).
const CUSTOMER_LOCK_NAMESPACE = 727_274_101;

/**
 * The organization's Stripe customer, created the first time it is needed — exactly once, even
 * when two checkouts start at the same moment on two servers: an advisory lock per organization
 * makes the second wait and then find the first's customer, and the Stripe idempotency key
 * derived from the organization makes a retried create return the same customer.
 */
export async function ensureStripeCustomer(
  { db, stripe }: Pick<BillingDeps, "db" | "stripe">,
  organizationId: string,
  buyerEmail?: string,
): Promise<string> {
  const read = async (tx: Pick<BillingDeps["db"], "select">) => {
    const [row] = await tx
      .select({ name: organizationTable.name, stripeCustomerId: organizationTable.stripeCustomerId, billingEmail: organizationTable.billingEmail })
      .from(organizationTable)
      .where(eq(organizationTable.id, organizationId));
    if (!row) throw new BillingError(BillingErrorCode.notFound, `No organization ${organizationId}`);
    return row;
  };
  const known = await read(db);
  if (known.stripeCustomerId) return known.stripeCustomerId;

  // The lock is held while Stripe answers (a few hundred ms, once per organization's lifetime).
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_LOCK_NAMESPACE}, hashtext(${organizationId}))`);
    const current = await read(tx);
    if (current.stripeCustomerId) return current.stripeCustomerId;
    const customer = await stripe.customers.create(
      {
        // The organization's own name and billing email, never a caller's: the invoices carry them.
        name: current.name,
        email: current.billingEmail ?? buyerEmail,
        metadata: { organizationId },
      },
      { idempotencyKey: `organization-customer-${organizationId}` },
    );
    const linked = await tx
      .update(organizationTable)
      .set({ stripeCustomerId: customer.id })
      .where(and(eq(organizationTable.id, organizationId), isNull(organizationTable.stripeCustomerId)))
      .returning({ id: organizationTable.id });
    // A webhook may have linked a customer meanwhile (it takes no lock): the stored one wins.
    if (linked.length > 0) return customer.id;
    const stored = await read(tx);
    if (!stored.stripeCustomerId) throw new Error(`Organization ${organizationId}: its Stripe customer could not be stored`);
    return stored.stripeCustomerId;
  });
}
