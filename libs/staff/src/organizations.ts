import {
  aiUsageTable,
  billingEventTable,
  creditTransactionTable,
  decodeCursor,
  encodeCursor,
  invitationTable,
  memberTable,
  orderTable,
  organizationTable,
  staffAuditLogTable,
  subscriptionItemTable,
  subscriptionTable,
  userTable,
  type Database,
} from "@saas/db";
import { AppError, notFound } from "@saas/errors";
import { and, asc, desc, eq, gte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { StaffActionScope } from "./user-actions";

/**
 * Organizations as staff see them: searched by name or slug, each with its plan, members and
 * leads; one in detail with everything billing and support ask about; and the one write staff make
 * there, a credits adjustment (audited, idempotent).
 */

export const organizationSearchSchema = z.object({
  q: z.string().trim().max(200, "Search: at most 200 characters").optional(),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type OrganizationSearch = z.input<typeof organizationSearchSchema>;

const likeLiteral = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

// Qualified by hand: in a select list drizzle writes a column without its table, which inside a
// subquery would name the subquery's own column.
const outerOrganizationId = sql.raw(`"organization"."id"`);

/** The organization's subscription that counts: a live one first, else its latest. */
const currentSubscription = sql`(
  select s.id from subscription s where s.organization_id = ${outerOrganizationId}
  order by (s.status in ('active', 'trialing', 'past_due', 'unpaid')) desc, s.created_at desc limit 1)`;

export function searchOrganizations(db: Database, input: OrganizationSearch) {
  return readOrganizationPage(db, organizationSearchSchema.parse(input));
}

/** A page of any size (the CSV export reads a thousand at a time); `search` is already validated. */
export async function readOrganizationPage(db: Database, search: z.output<typeof organizationSearchSchema>) {
  const where: SQL[] = [];
  // The expression of the trigram index organization_search_idx.
  if (search.q) where.push(sql`lower(${organizationTable.name} || ' ' || ${organizationTable.slug}) like ${`%${likeLiteral(search.q)}%`}`);
  if (search.cursor) {
    const cursor = decodeCursor(search.cursor);
    where.push(sql`(${organizationTable.createdAt}, ${organizationTable.id}) < (${cursor.key}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await db
    .select({
      id: organizationTable.id,
      name: organizationTable.name,
      slug: organizationTable.slug,
      createdAt: organizationTable.createdAt,
      plan: sql<string | null>`(select plan_id from subscription where id = ${currentSubscription})`,
      status: sql<string | null>`(select status from subscription where id = ${currentSubscription})`,
      seats: sql<number | null>`(select quantity from subscription where id = ${currentSubscription})`,
      members: sql<number>`(select count(*)::int from member where organization_id = ${outerOrganizationId})`,
      leads: sql<number>`(select count(*)::int from lead where organization_id = ${outerOrganizationId})`,
      key: sql<string>`${organizationTable.createdAt}::text`,
    })
    .from(organizationTable)
    .where(and(...where))
    .orderBy(desc(organizationTable.createdAt), desc(organizationTable.id))
    .limit(search.limit + 1);
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ key: _key, ...organization }) => organization),
    nextCursor: rows.length > search.limit && last ? encodeCursor({ key: last.key, id: last.id }) : null,
  };
}

/** The start of the current month, UTC (AI usage "this month"). */
const monthStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

export async function getOrganizationDetail(db: Database, organizationId: string, now = new Date()) {
  const [organization] = await db
    .select({ id: organizationTable.id, name: organizationTable.name, slug: organizationTable.slug, stripeCustomerId: organizationTable.stripeCustomerId, createdAt: organizationTable.createdAt })
    .from(organizationTable)
    .where(eq(organizationTable.id, organizationId));
  if (!organization) throw notFound("Organization");
  const [members, invitations, subscriptions, orders, balance, ledger, events, aiUsage, audit] = await Promise.all([
    db
      .select({ userId: userTable.id, name: userTable.name, email: userTable.email, role: memberTable.role, joinedAt: memberTable.createdAt })
      .from(memberTable)
      .innerJoin(userTable, eq(userTable.id, memberTable.userId))
      .where(eq(memberTable.organizationId, organizationId))
      .orderBy(asc(memberTable.createdAt)),
    db
      .select({ id: invitationTable.id, email: invitationTable.email, role: invitationTable.role, status: invitationTable.status, expiresAt: invitationTable.expiresAt })
      .from(invitationTable)
      .where(and(eq(invitationTable.organizationId, organizationId), eq(invitationTable.status, "pending")))
      .orderBy(desc(invitationTable.expiresAt)),
    db
      .select({
        id: subscriptionTable.id,
        status: subscriptionTable.status,
        planId: subscriptionTable.planId,
        quantity: subscriptionTable.quantity,
        currentPeriodEnd: subscriptionTable.currentPeriodEnd,
        cancelAtPeriodEnd: subscriptionTable.cancelAtPeriodEnd,
        trialEnd: subscriptionTable.trialEnd,
        pastDueSince: subscriptionTable.pastDueSince,
        createdAt: subscriptionTable.createdAt,
        items: sql<{ priceId: string; quantity: number }[]>`coalesce((
          select json_agg(json_build_object('priceId', i.stripe_price_id, 'quantity', i.quantity) order by i.id)
          from ${subscriptionItemTable} i where i.subscription_id = "subscription"."id"), '[]'::json)`,
      })
      .from(subscriptionTable)
      .where(eq(subscriptionTable.organizationId, organizationId))
      .orderBy(desc(subscriptionTable.createdAt)),
    db
      .select({ id: orderTable.id, status: orderTable.status, amountTotal: orderTable.amountTotal, amountRefunded: orderTable.amountRefunded, currency: orderTable.currency, paidAt: orderTable.paidAt, refundedAt: orderTable.refundedAt, createdAt: orderTable.createdAt })
      .from(orderTable)
      .where(eq(orderTable.organizationId, organizationId))
      .orderBy(desc(orderTable.createdAt))
      .limit(20),
    db.select({ credits: sql<number>`coalesce(sum(${creditTransactionTable.amount}), 0)::int` }).from(creditTransactionTable).where(eq(creditTransactionTable.organizationId, organizationId)),
    db
      .select({ id: creditTransactionTable.id, amount: creditTransactionTable.amount, reason: creditTransactionTable.reason, description: creditTransactionTable.description, createdAt: creditTransactionTable.createdAt })
      .from(creditTransactionTable)
      .where(eq(creditTransactionTable.organizationId, organizationId))
      .orderBy(desc(creditTransactionTable.createdAt), desc(creditTransactionTable.id))
      .limit(20),
    db
      .select({ id: billingEventTable.id, stripeEventId: billingEventTable.stripeEventId, type: billingEventTable.type, status: billingEventTable.status, createdAt: billingEventTable.createdAt })
      .from(billingEventTable)
      .where(eq(billingEventTable.organizationId, organizationId))
      .orderBy(desc(billingEventTable.createdAt), desc(billingEventTable.id))
      .limit(10),
    db
      .select({
        answers: sql<number>`count(*)::int`,
        tokens: sql<number>`coalesce(sum(${aiUsageTable.inputTokens} + ${aiUsageTable.outputTokens}), 0)::int`,
        credits: sql<number>`coalesce(sum(${aiUsageTable.credits}), 0)::int`,
      })
      .from(aiUsageTable)
      .where(and(eq(aiUsageTable.organizationId, organizationId), eq(aiUsageTable.status, "settled"), gte(aiUsageTable.createdAt, monthStart(now)))),
    db
      .select()
      .from(staffAuditLogTable)
      .where(eq(staffAuditLogTable.subjectOrganizationId, organizationId))
      .orderBy(desc(staffAuditLogTable.createdAt), desc(staffAuditLogTable.id))
      .limit(50),
  ]);
  return {
    organization,
    members,
    invitations,
    subscriptions,
    orders,
    credits: { balance: balance[0]?.credits ?? 0, ledger },
    billingEvents: events,
    aiUsageThisMonth: aiUsage[0] ?? { answers: 0, tokens: 0, credits: 0 },
    audit,
  };
}

export const adjustCreditsInput = z.object({
  organizationId: z.uuid("Unknown organization"),
  amount: z
    .number({ error: "Amount: a whole number of credits" })
    .int("Amount: a whole number of credits")
    .min(-1_000_000, "Amount: at most 1,000,000 credits either way")
    .max(1_000_000, "Amount: at most 1,000,000 credits either way")
    .refine((amount) => amount !== 0, "Amount: not zero"),
  reason: z.string().trim().min(3, "Reason: say why, in a few words").max(500, "Reason: at most 500 characters"),
  /** Made by the form once: the same adjustment sent twice (a double click, a retry) is made once. */
  idempotencyKey: z.uuid("Idempotency key: a UUID"),
});

/** Grants (or takes back) credits with a reason: an `adjustment` row of the ledger, audited. */
export async function adjustCredits(scope: StaffActionScope, raw: z.input<typeof adjustCreditsInput>) {
  const input = adjustCreditsInput.parse(raw);
  const [organization] = await scope.tx.select({ id: organizationTable.id }).from(organizationTable).where(eq(organizationTable.id, input.organizationId));
  if (!organization) throw notFound("Organization");
  const [row] = await scope.tx
    .insert(creditTransactionTable)
    .values({
      organizationId: input.organizationId,
      amount: input.amount,
      reason: "adjustment",
      idempotencyKey: `staff-adjustment:${input.idempotencyKey}`,
      description: `Staff adjustment: ${input.reason}`,
    })
    .onConflictDoNothing({ target: creditTransactionTable.idempotencyKey })
    .returning({ id: creditTransactionTable.id });
  if (!row) throw new AppError("CONFLICT", "This adjustment was made already (the same form was sent twice).", { reason: "ALREADY_ADJUSTED" });
  const [after] = await scope.tx
    .select({ balance: sql<number>`coalesce(sum(${creditTransactionTable.amount}), 0)::int` })
    .from(creditTransactionTable)
    .where(eq(creditTransactionTable.organizationId, input.organizationId));
  const balance = after?.balance ?? input.amount;
  await scope.audit({
    action: "credits.adjust",
    target: { type: "organization", id: input.organizationId },
    organizationId: input.organizationId,
    reason: input.reason,
    before: { balance: balance - input.amount },
    after: { balance, amount: input.amount, ledgerRowId: row.id },
  });
  return { balance };
}

