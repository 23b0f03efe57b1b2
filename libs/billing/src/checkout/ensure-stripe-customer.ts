import { organizationTable } from "@saas/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { BillingDeps } from "../deps";
import { BillingError, BillingErrorCode } from "../errors";

// Namespace of the per-organization advisory lock (any constant; the organization id is the key).
const CUSTOMER_LOCK_NAMESPACE = 727_274_101;

export interface BillingOrganization {
  id: string;
  name: string;
  billingEmail?: string | null;
}

/**
 * The organization's Stripe customer, created the first time it is needed — exactly once, even
 * when two checkouts start at the same moment on two servers: an advisory lock per organization
 * makes the second wait and then find the first's customer, and the Stripe idempotency key
 * derived from the organization makes a retried create return the same customer.
 */
export async function ensureStripeCustomer(
  { db, stripe }: Pick<BillingDeps, "db" | "stripe">,
  organization: BillingOrganization,
  buyerEmail?: string,
): Promise<string> {
  const read = async (tx: Pick<BillingDeps["db"], "select">) => {
    const [row] = await tx
      .select({ stripeCustomerId: organizationTable.stripeCustomerId, billingEmail: organizationTable.billingEmail })
      .from(organizationTable)
      .where(eq(organizationTable.id, organization.id));
    if (!row) throw new BillingError(BillingErrorCode.notFound, `No organization ${organization.id}`);
    return row;
  };
  const known = await read(db);
  if (known.stripeCustomerId) return known.stripeCustomerId;

  // The lock is held while Stripe answers (a few hundred ms, once per organization's lifetime).
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_LOCK_NAMESPACE}, hashtext(${organization.id}))`);
    const current = await read(tx);
    if (current.stripeCustomerId) return current.stripeCustomerId;
    const customer = await stripe.customers.create(
      {
        name: organization.name,
        email: current.billingEmail ?? organization.billingEmail ?? buyerEmail,
        metadata: { organizationId: organization.id },
      },
      { idempotencyKey: `organization-customer-${organization.id}` },
    );
    const linked = await tx
      .update(organizationTable)
      .set({ stripeCustomerId: customer.id })
      .where(and(eq(organizationTable.id, organization.id), isNull(organizationTable.stripeCustomerId)))
      .returning({ id: organizationTable.id });
    // A webhook may have linked a customer meanwhile (it takes no lock): the stored one wins.
    if (linked.length > 0) return customer.id;
    const stored = await read(tx);
    if (!stored.stripeCustomerId) throw new Error(`Organization ${organization.id}: its Stripe customer could not be stored`);
    return stored.stripeCustomerId;
  });
}
