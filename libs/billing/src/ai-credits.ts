import { aiUsageTable, creditTransactionTable, type Database, type Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import { and, eq, sql } from "drizzle-orm";

/**
 * AI assistant credits: 1 credit per 1,000 tokens (input and output), at least 1 for an answer
 * that used any. The plan's monthly allowance is spent first, then bought credits (the ledger).
 *
 * Before the model is called, `reserveAiCredits` takes what the answer may cost at most, in a
 * short transaction under a per-organization lock: concurrent requests queue there, each sees the
 * others' reservations, so together they can neither spend the same credits twice nor take the
 * balance below zero. When the answer ends, `settleAiCredits` charges what it used — never more
 * than reserved. No network call happens inside either transaction.
 */

export const TOKENS_PER_CREDIT = 1_000;
/** The most one answer may cost (its reservation), whatever the balance. */
export const MAX_CREDITS_PER_ANSWER = 20;
/**
 * A reservation never settled (the process died mid-answer) stops holding credits after this:
 * the answer is not charged rather than charged blind.
 */
export const RESERVATION_TTL_MINUTES = 10;

// Namespace of the per-organization advisory lock around AI credits (any constant).
const AI_CREDITS_LOCK_NAMESPACE = 0x41_49_43_52; // "AICR"

export function creditsForTokens(tokens: number): number {
  return tokens <= 0 ? 0 : Math.ceil(tokens / TOKENS_PER_CREDIT);
}

export interface AiCreditScope {
  organizationId: string;
  /** Credits the plan includes each month; null when nothing is metered (billing not configured). */
  monthlyAllowance: number | null;
}

export interface AiCreditBalance {
  /** Left of this month's allowance (null: unmetered). */
  allowanceLeft: number | null;
  /** Bought credits (the ledger's balance; negative after a refund of spent credits). */
  purchased: number;
  /** Held by answers in progress. */
  reserved: number;
  /** What a new answer may use now. */
  available: number | null;
}

async function lockCredits(tx: Transaction, organizationId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AI_CREDITS_LOCK_NAMESPACE}, hashtext(${organizationId}))`);
}

/** The month an answer counts in (UTC). */
const monthStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** The organization's AI credits now (in the caller's transaction). */
export async function getAiCreditBalance(db: Database | Transaction, { organizationId, monthlyAllowance }: AiCreditScope, now = new Date()): Promise<AiCreditBalance> {
  const [row] = await db.execute<{ allowance_used: number; reserved: number; purchased: number }>(sql`
    select
      (select coalesce(sum(case when status = 'settled' then allowance_credits else 0 end), 0)::int
         from ai_usage where organization_id = ${organizationId} and created_at >= ${monthStart(now).toISOString()}::timestamptz) as allowance_used,
      (select coalesce(sum(reserved_credits), 0)::int
         from ai_usage where organization_id = ${organizationId} and status = 'reserved'
           and created_at > ${now.toISOString()}::timestamptz - make_interval(mins => ${RESERVATION_TTL_MINUTES})) as reserved,
      (select coalesce(sum(amount), 0)::int from credit_transaction where organization_id = ${organizationId}) as purchased`);
  const purchased = row?.purchased ?? 0;
  const reserved = row?.reserved ?? 0;
  if (monthlyAllowance === null) return { allowanceLeft: null, purchased, reserved, available: null };
  const allowanceLeft = Math.max(0, monthlyAllowance - (row?.allowance_used ?? 0));
  return { allowanceLeft, purchased, reserved, available: Math.max(0, allowanceLeft + Math.max(0, purchased) - reserved) };
}

export interface AiCreditReservation {
  usageId: string;
  reserved: number;
}

/**
 * Holds what an answer may cost (up to MAX_CREDITS_PER_ANSWER, never more than is available), or
 * refuses with PAYMENT_REQUIRED / OUT_OF_AI_CREDITS and writes nothing. Call before the model.
 */
export function reserveAiCredits(
  db: Database,
  scope: AiCreditScope & { userId: string; chatId: string; model: string },
  now = new Date(),
): Promise<AiCreditReservation> {
  return db.transaction((tx) => reserveAiCreditsIn(tx, scope, now));
}

/** `reserveAiCredits` in the caller's transaction (owner connection), which it must commit before the model is called. */
export async function reserveAiCreditsIn(
  tx: Transaction,
  scope: AiCreditScope & { userId: string; chatId: string; model: string },
  now = new Date(),
): Promise<AiCreditReservation> {
  await lockCredits(tx, scope.organizationId);
  const balance = await getAiCreditBalance(tx, scope, now);
  const reserved = balance.available === null ? MAX_CREDITS_PER_ANSWER : Math.min(MAX_CREDITS_PER_ANSWER, balance.available);
  if (reserved < 1) {
    throw new AppError(
      "PAYMENT_REQUIRED",
      balance.reserved > 0
        ? "Your organization's AI credits are held by answers in progress. Try again when they finish, or buy more credits."
        : "Your organization has used its AI credits for this month. Buy a credit pack to keep going, or wait for next month's allowance.",
      { reason: "OUT_OF_AI_CREDITS" },
    );
  }
  const [usage] = await tx
    .insert(aiUsageTable)
    .values({ organizationId: scope.organizationId, userId: scope.userId, chatId: scope.chatId, model: scope.model, reservedCredits: reserved, createdAt: now })
    .returning({ id: aiUsageTable.id });
  if (!usage) throw new Error("reserveAiCredits: the usage row was not written");
  return { usageId: usage.id, reserved };
}

/** A reservation whose answer never started (the request was refused after it): removed, as if never made. */
export async function releaseAiCredits(db: Database, { organizationId, usageId }: { organizationId: string; usageId: string }) {
  await db
    .delete(aiUsageTable)
    .where(and(eq(aiUsageTable.id, usageId), eq(aiUsageTable.organizationId, organizationId), eq(aiUsageTable.status, "reserved")));
}

export interface AiUsageSettled {
  credits: number;
  allowanceCredits: number;
  purchasedCredits: number;
}

/**
 * Charges what the answer used, at most its reservation: from this month's allowance first, the
 * rest as a `usage` row of the credit ledger. Settling twice changes nothing (the second returns
 * the first's figures).
 */
export async function settleAiCredits(
  db: Database,
  scope: AiCreditScope & { usageId: string },
  tokens: { inputTokens: number; outputTokens: number },
): Promise<AiUsageSettled> {
  return db.transaction(async (tx) => {
    await lockCredits(tx, scope.organizationId);
    const [usage] = await tx
      .select()
      .from(aiUsageTable)
      .where(and(eq(aiUsageTable.id, scope.usageId), eq(aiUsageTable.organizationId, scope.organizationId)))
      .for("update");
    if (!usage) throw new Error(`settleAiCredits: no usage ${scope.usageId} in this organization`);
    if (usage.status === "settled") {
      return { credits: usage.credits, allowanceCredits: usage.allowanceCredits, purchasedCredits: usage.credits - usage.allowanceCredits };
    }
    const inputTokens = Math.max(0, Math.round(tokens.inputTokens));
    const outputTokens = Math.max(0, Math.round(tokens.outputTokens));
    const credits = Math.min(usage.reservedCredits, creditsForTokens(inputTokens + outputTokens));
    const balance = await getAiCreditBalance(tx, scope, usage.createdAt);
    const allowanceCredits = balance.allowanceLeft === null ? credits : Math.min(credits, balance.allowanceLeft);
    const purchasedCredits = credits - allowanceCredits;
    if (purchasedCredits > 0) {
      await tx.insert(creditTransactionTable).values({
        organizationId: scope.organizationId,
        amount: -purchasedCredits,
        reason: "usage",
        idempotencyKey: `ai-usage:${usage.id}`,
        description: `AI assistant (${usage.model}): ${inputTokens + outputTokens} tokens`,
      });
    }
    await tx
      .update(aiUsageTable)
      .set({ status: "settled", inputTokens, outputTokens, credits, allowanceCredits, settledAt: new Date() })
      .where(eq(aiUsageTable.id, usage.id));
    return { credits, allowanceCredits, purchasedCredits };
  });
}
