import type { Transaction } from "@saas/db";
import { sql } from "drizzle-orm";

/** What an event says about whose it is. Every field is optional; more is better. */
export interface OrganizationHints {
  /** `client_reference_id` or `metadata.organizationId`, set by our checkout. */
  organizationId?: string | null;
  customerId?: string | null;
  subscriptionId?: string | null;
  paymentIntentId?: string | null;
}

export interface ResolvedOrganization {
  id: string;
  stripeCustomerId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds the organization an event belongs to, from every clue at once (one query): the id our
 * checkout put in the event, the organization's Stripe customer, a subscription or an order we
 * already hold. Null when nothing matches (the event is then recorded as unmatched).
 *
 * When two clues point at different organizations the event is not applied to either: that is a
 * data problem (say, metadata edited in the dashboard) a person must look at, so it throws and
 * the event is kept as failed with the reason.
 */
export async function resolveOrganization(
  tx: Transaction,
  hints: OrganizationHints,
): Promise<ResolvedOrganization | null> {
  const hintedId = hints.organizationId && UUID.test(hints.organizationId) ? hints.organizationId : null;
  const rows = await tx.execute<{ id: string; stripe_customer_id: string | null; via: string }>(sql`
    select o.id, o.stripe_customer_id, 'reference' as via
      from organization o where o.id = ${hintedId}::uuid
    union all
    select o.id, o.stripe_customer_id, 'customer'
      from organization o where o.stripe_customer_id = ${hints.customerId ?? null}::text
    union all
    select o.id, o.stripe_customer_id, 'subscription'
      from subscription s join organization o on o.id = s.organization_id where s.id = ${hints.subscriptionId ?? null}::text
    union all
    select o.id, o.stripe_customer_id, 'order'
      from "order" r join organization o on o.id = r.organization_id
      where r.stripe_payment_intent_id = ${hints.paymentIntentId ?? null}::text`);

  const [first] = rows;
  if (!first) return null;
  const conflicting = rows.filter((row) => row.id !== first.id);
  if (conflicting.length > 0) {
    const clues = rows.map((row) => `${row.via} → ${row.id}`).join(", ");
    throw new Error(`The event points at more than one organization (${clues}); not applied.`);
  }
  return { id: first.id, stripeCustomerId: first.stripe_customer_id };
}
