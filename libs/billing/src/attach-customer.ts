import type { Database } from "@saas/db";
import { AppError, notFound } from "@saas/errors";
import { inboxSql, type Sql } from "./webhooks/sql";
import { linkStripeCustomer } from "./webhooks/upsert-subscription";

/**
 * Staff know whose a Stripe customer is when the inbox did not (an unmatched event): links the
 * customer to the organization, and that customer's unmatched events become due for the retry job
 * (the same path as a checkout that reveals the customer). Refused when the organization already
 * has another customer or the customer is another organization's. `onAttached` runs in the same
 * transaction (the console records its audit entry there).
 */
export async function attachStripeCustomer(
  db: Database,
  { organizationId, customerId }: { organizationId: string; customerId: string },
  onAttached: (tx: Sql, result: { requeued: number }) => Promise<void>,
): Promise<{ requeued: number }> {
  return inboxSql(db).begin(async (tx) => {
    const [organization] = await tx<{ id: string; name: string; stripe_customer_id: string | null }[]>`
      select id, name, stripe_customer_id from organization where id = ${organizationId} for update`;
    if (!organization) throw notFound("Organization");
    if (organization.stripe_customer_id === customerId) throw new AppError("CONFLICT", `${organization.name} already has this Stripe customer.`, { reason: "ALREADY_ATTACHED" });
    if (organization.stripe_customer_id) {
      throw new AppError("CONFLICT", `${organization.name} already has another Stripe customer (${organization.stripe_customer_id}).`, { reason: "OTHER_CUSTOMER" });
    }
    const [owner] = await tx<{ name: string }[]>`select name from organization where stripe_customer_id = ${customerId}`;
    if (owner) throw new AppError("CONFLICT", `This Stripe customer belongs to ${owner.name}.`, { reason: "CUSTOMER_TAKEN" });
    await linkStripeCustomer(tx, { id: organization.id, stripeCustomerId: null }, customerId);
    const [due] = await tx<{ requeued: number }[]>`
      select count(*)::int as requeued from billing_event
      where status = 'pending' and payload #>> '{data,object,customer}' = ${customerId}`;
    const result = { requeued: due?.requeued ?? 0 };
    await onAttached(tx, result);
    return result;
  });
}
