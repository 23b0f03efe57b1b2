import type { Sql, SqlFragment } from "./sql";

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

export interface Candidate {
  id: string | null;
  stripe_customer_id: string | null;
  via: string | null;
}

/**
 * The organizations an event's clues point at, one row per clue that matches: the id our
 * checkout put in the event, the organization's Stripe customer, a subscription or an order we
 * already hold.
 */
export function organizationCandidates(sql: Sql, hints: OrganizationHints): SqlFragment {
  const hintedId = hints.organizationId && UUID.test(hints.organizationId) ? hints.organizationId : null;
  return sql`
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
      where r.stripe_payment_intent_id = ${hints.paymentIntentId ?? null}::text`;
}

/**
 * The one organization the candidates agree on, or null when there is none (the event is then
 * recorded as unmatched). When two clues point at different organizations the event is applied
 * to neither: that is a data problem (say, metadata edited in the dashboard) a person must look
 * at, so it throws and the event is kept as failed with the reason.
 */
export function agreedOrganization(candidates: readonly Candidate[]): ResolvedOrganization | null {
  const matches = candidates.filter((row): row is Candidate & { id: string } => row.id !== null);
  const [first] = matches;
  if (!first) return null;
  if (matches.some((row) => row.id !== first.id)) {
    const clues = matches.map((row) => `${row.via} → ${row.id}`).join(", ");
    throw new Error(`The event points at more than one organization (${clues}); not applied.`);
  }
  return { id: first.id, stripeCustomerId: first.stripe_customer_id };
}

/** Finds the organization an event belongs to (one query); see `agreedOrganization`. */
export async function resolveOrganization(sql: Sql, hints: OrganizationHints): Promise<ResolvedOrganization | null> {
  return agreedOrganization(await sql<Candidate[]>`${organizationCandidates(sql, hints)}`);
}
