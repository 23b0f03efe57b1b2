import { attachStripeCustomer, reapplyBillingEvent, type BillingDeps, type IngestOutcome } from "@saas/billing";
import {
  BillingEventStatus,
  BillingEventStatuses,
  billingEventTable,
  decodeCursor,
  encodeCursor,
  organizationTable,
  recordStaffActionSql,
  staffAuditLogTable,
  type Database,
  type StaffAction,
} from "@saas/db";
import { AppError, notFound } from "@saas/errors";
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

/**
 * The webhook inbox as staff see it: every Stripe event recorded, filtered by status, type,
 * organization and date, one in detail with its payload, and a replay for one that failed, died
 * or matched no organization (through the inbox's own `reapplyBillingEvent`).
 */

export const billingEventSearchSchema = z.object({
  status: z.enum(BillingEventStatuses, { error: "Status: unknown" }).optional(),
  type: z.string().trim().max(100).optional(),
  organizationId: z.uuid("Unknown organization").optional(),
  /** A Stripe event id (`evt_…`), exactly. */
  stripeEventId: z.string().trim().max(255).optional(),
  from: z.coerce.date({ error: "From: not a date" }).optional(),
  to: z.coerce.date({ error: "To: not a date" }).optional(),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type BillingEventSearch = z.input<typeof billingEventSearchSchema>;

/** What a staff member may replay: what the inbox could not settle. */
export const REPLAYABLE_STATUSES: readonly string[] = [BillingEventStatus.failed, BillingEventStatus.dead, BillingEventStatus.unmatched];

const summary = {
  id: billingEventTable.id,
  stripeEventId: billingEventTable.stripeEventId,
  type: billingEventTable.type,
  status: billingEventTable.status,
  organizationId: billingEventTable.organizationId,
  organizationName: organizationTable.name,
  livemode: billingEventTable.livemode,
  attempts: billingEventTable.attempts,
  lastError: billingEventTable.lastError,
  nextAttemptAt: billingEventTable.nextAttemptAt,
  processedAt: billingEventTable.processedAt,
  createdAt: billingEventTable.createdAt,
};

export async function listBillingEvents(db: Database, input: BillingEventSearch) {
  const search = billingEventSearchSchema.parse(input);
  const where: SQL[] = [];
  if (search.status) where.push(eq(billingEventTable.status, search.status));
  if (search.type) where.push(eq(billingEventTable.type, search.type));
  if (search.organizationId) where.push(eq(billingEventTable.organizationId, search.organizationId));
  if (search.stripeEventId) where.push(eq(billingEventTable.stripeEventId, search.stripeEventId));
  if (search.from) where.push(gte(billingEventTable.createdAt, search.from));
  if (search.to) where.push(lte(billingEventTable.createdAt, search.to));
  if (search.cursor) {
    const cursor = decodeCursor(search.cursor);
    where.push(sql`(${billingEventTable.createdAt}, ${billingEventTable.id}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await db
    .select({ ...summary, key: sql<string>`${billingEventTable.createdAt}::text` })
    .from(billingEventTable)
    .leftJoin(organizationTable, eq(organizationTable.id, billingEventTable.organizationId))
    .where(and(...where))
    .orderBy(desc(billingEventTable.createdAt), desc(billingEventTable.id))
    .limit(search.limit + 1);
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ key: _key, ...event }) => event),
    nextCursor: rows.length > search.limit && last ? encodeCursor({ key: last.key, id: last.id }) : null,
  };
}

/** One event with its payload, and what staff did to it. */
export async function getBillingEvent(db: Database, id: string) {
  const [event] = await db
    .select({ ...summary, payload: billingEventTable.payload, stripeCreated: billingEventTable.stripeCreated })
    .from(billingEventTable)
    .leftJoin(organizationTable, eq(organizationTable.id, billingEventTable.organizationId))
    .where(eq(billingEventTable.id, id));
  if (!event) throw notFound("Billing event");
  const audit = await db
    .select()
    .from(staffAuditLogTable)
    .where(and(eq(staffAuditLogTable.targetType, "billing_event"), eq(staffAuditLogTable.targetId, id)))
    .orderBy(desc(staffAuditLogTable.createdAt), desc(staffAuditLogTable.id));
  return { event, audit, replayable: REPLAYABLE_STATUSES.includes(event.status) };
}

export const replayBillingEventInput = z.object({
  eventId: z.uuid("Unknown billing event"),
  reason: z.string().trim().min(3, "Reason: say why, in a few words").max(500, "Reason: at most 500 characters"),
});

/**
 * Applies a failed, dead or unmatched event again. Stripe is read before any transaction; the
 * event is applied and the audit entry written in one transaction — a replay that fails again
 * records the attempt on the event (as the inbox does) and writes no audit entry. Replaying
 * twice is harmless: the second finds the event processed and is refused.
 */
export async function replayBillingEvent(
  deps: BillingDeps | null,
  staff: Pick<StaffAction, "actor" | "request">,
  raw: z.input<typeof replayBillingEventInput>,
): Promise<IngestOutcome> {
  const input = replayBillingEventInput.parse(raw);
  if (!deps) throw new AppError("SERVICE_UNAVAILABLE", "Billing is not configured: there is nothing to replay against.", { reason: "BILLING_NOT_CONFIGURED" });
  const [event] = await deps.db
    .select({ id: billingEventTable.id, stripeEventId: billingEventTable.stripeEventId, status: billingEventTable.status, organizationId: billingEventTable.organizationId })
    .from(billingEventTable)
    .where(eq(billingEventTable.id, input.eventId));
  if (!event) throw notFound("Billing event");
  const refused = () =>
    new AppError("CONFLICT", `This event is ${event.status}: only failed, dead or unmatched events can be replayed.`, { reason: "NOT_REPLAYABLE" });
  if (!REPLAYABLE_STATUSES.includes(event.status)) throw refused();
  const outcome = await reapplyBillingEvent(deps, event.stripeEventId, {
    reason: "replay",
    onApplied: (tx, applied) =>
      recordStaffActionSql(tx, {
        ...staff,
        action: "billing_event.replay",
        target: { type: "billing_event", id: event.id },
        organizationId: applied.organizationId ?? event.organizationId,
        reason: input.reason,
        before: { status: event.status },
        after: { status: applied.status, organizationId: applied.organizationId },
      }),
  });
  // Settled by someone else meanwhile (a delivery, another replay): nothing was done here.
  if (outcome.status === "duplicate") throw refused();
  return outcome;
}

export const attachBillingEventInput = z.object({
  eventId: z.uuid("Unknown billing event"),
  /** The organization's slug, as staff read it in the console. */
  organizationSlug: z.string().trim().min(1, "Organization: its slug").max(100),
  reason: z.string().trim().min(3, "Reason: say why, in a few words").max(500, "Reason: at most 500 characters"),
});

/**
 * "This customer is theirs": links an unmatched event's Stripe customer to an organization (see
 * attachStripeCustomer); the retry job then applies that customer's unmatched events, or staff
 * replay this one at once. Audited in the linking transaction.
 */
export async function attachBillingEvent(db: Database, staff: Pick<StaffAction, "actor" | "request">, raw: z.input<typeof attachBillingEventInput>) {
  const input = attachBillingEventInput.parse(raw);
  const [event] = await db
    .select({ id: billingEventTable.id, status: billingEventTable.status, customer: sql<string | null>`${billingEventTable.payload} #>> '{data,object,customer}'` })
    .from(billingEventTable)
    .where(eq(billingEventTable.id, input.eventId));
  if (!event) throw notFound("Billing event");
  if (event.status !== BillingEventStatus.unmatched) throw new AppError("CONFLICT", `This event is ${event.status}: only an unmatched event is attached.`, { reason: "NOT_UNMATCHED" });
  if (!event.customer) throw new AppError("BAD_REQUEST", "This event names no Stripe customer: there is nothing to attach.", { reason: "NO_CUSTOMER" });
  const [organization] = await db.select({ id: organizationTable.id }).from(organizationTable).where(eq(organizationTable.slug, input.organizationSlug.toLowerCase()));
  if (!organization) throw new AppError("NOT_FOUND", `No organization has the slug ${input.organizationSlug}.`, { reason: "NOT_FOUND", fieldErrors: { organizationSlug: "no such organization" } });
  const customerId = event.customer;
  return attachStripeCustomer(db, { organizationId: organization.id, customerId }, (tx, result) =>
    recordStaffActionSql(tx, {
      ...staff,
      action: "billing_event.attach",
      target: { type: "billing_event", id: event.id },
      organizationId: organization.id,
      reason: input.reason,
      before: { stripeCustomerId: null },
      after: { stripeCustomerId: customerId, eventsRequeued: result.requeued },
    }),
  );
}
