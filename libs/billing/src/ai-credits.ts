import { aiUsageTable, type Database, type Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import { and, eq, sql } from "drizzle-orm";

/**
 * AI assistant credits: 1 credit per 1,000 tokens (input and output), at least 1 for an answer
 * that used any. The plan's monthly allowance is spent first, then bought credits (the ledger).
 *
 * Before the model is called, `reserveAiCreditsIn` takes what the answer may cost at most, and
 * decides how much of it comes from the allowance, in a short transaction under a per-organization
 * lock: concurrent requests queue there, each sees the others' reservations, so together they can
 * neither spend the same credits twice nor take the balance below zero. When the answer ends,
 * `settleAiCredits` charges what it used — never more than reserved, the allowance share first —
 * with only its own row locked. No network call happens inside either transaction.
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
  /** Left of this month's allowance, answers in progress deducted (null: unmetered). */
  allowanceLeft: number | null;
  /** Bought credits (the ledger's balance; negative after a refund of spent credits). */
  purchased: number;
  /** Held by answers in progress. */
  reserved: number;
  /** What a new answer may use now. */
  available: number | null;
}

type Holdings = {
  /** The allowance taken this month: settled answers and answers in progress. */
  allowanceTaken: number;
  /** Bought credits held by answers in progress. */
  purchasedHeld: number;
  reserved: number;
  purchased: number;
};

async function lockCredits(tx: Transaction, organizationId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AI_CREDITS_LOCK_NAMESPACE}, hashtext(${organizationId}))`);
}

/** The month an answer counts in (UTC). */
const monthStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

async function readHoldings(db: Database | Transaction, organizationId: string, now: Date): Promise<Holdings> {
  const month = monthStart(now).toISOString();
  // Reservations older than the TTL are ignored: their answer died and will never settle.
  const live = sql`status = 'reserved' and created_at > ${now.toISOString()}::timestamptz - make_interval(mins => ${RESERVATION_TTL_MINUTES})`;
  const [row] = await db.execute<Holdings>(sql`
    select
      coalesce(sum(case when status = 'settled' and created_at >= ${month}::timestamptz then allowance_credits
                        when ${live} and created_at >= ${month}::timestamptz then reserved_allowance_credits else 0 end), 0)::int as "allowanceTaken",
      coalesce(sum(case when ${live} then reserved_credits - reserved_allowance_credits else 0 end), 0)::int as "purchasedHeld",
      coalesce(sum(case when ${live} then reserved_credits else 0 end), 0)::int as "reserved",
      (select coalesce(sum(amount), 0)::int from credit_transaction where organization_id = ${organizationId}) as "purchased"
    from ai_usage
    where organization_id = ${organizationId}
      and created_at >= least(${month}::timestamptz, ${now.toISOString()}::timestamptz - make_interval(mins => ${RESERVATION_TTL_MINUTES}))`);
  return row ?? { allowanceTaken: 0, purchasedHeld: 0, reserved: 0, purchased: 0 };
}

function balanceOf(holdings: Holdings, monthlyAllowance: number | null) {
  const allowanceLeft = monthlyAllowance === null ? null : Math.max(0, monthlyAllowance - holdings.allowanceTaken);
  const purchasedFree = Math.max(0, holdings.purchased - holdings.purchasedHeld);
  return { allowanceLeft, purchasedFree };
}

/** The organization's AI credits now (in the caller's transaction). */
export async function getAiCreditBalance(db: Database | Transaction, { organizationId, monthlyAllowance }: AiCreditScope, now = new Date()): Promise<AiCreditBalance> {
  const holdings = await readHoldings(db, organizationId, now);
  const { allowanceLeft, purchasedFree } = balanceOf(holdings, monthlyAllowance);
  return {
    allowanceLeft,
    purchased: holdings.purchased,
    reserved: holdings.reserved,
    available: allowanceLeft === null ? null : allowanceLeft + purchasedFree,
  };
}

export interface AiCreditReservation {
  usageId: string;
  reserved: number;
}

/**
 * Holds what an answer may cost (up to MAX_CREDITS_PER_ANSWER, never more than is available), or
 * refuses with PAYMENT_REQUIRED / OUT_OF_AI_CREDITS and writes nothing. Runs in the caller's
 * transaction (owner connection, beside the rate limit), which must commit before the model is called.
 */
export async function reserveAiCreditsIn(
  tx: Transaction,
  scope: AiCreditScope & { userId: string; chatId: string; model: string },
  now = new Date(),
): Promise<AiCreditReservation> {
  let reserved = MAX_CREDITS_PER_ANSWER;
  let fromAllowance = MAX_CREDITS_PER_ANSWER; // unmetered: nothing is bought, nothing to lock
  if (scope.monthlyAllowance !== null) {
    await lockCredits(tx, scope.organizationId);
    const holdings = await readHoldings(tx, scope.organizationId, now);
    const { allowanceLeft, purchasedFree } = balanceOf(holdings, scope.monthlyAllowance);
    reserved = Math.min(MAX_CREDITS_PER_ANSWER, (allowanceLeft ?? 0) + purchasedFree);
    fromAllowance = Math.min(reserved, allowanceLeft ?? 0);
    if (reserved < 1) {
      throw new AppError(
        "PAYMENT_REQUIRED",
        holdings.reserved > 0
          ? "Your organization's AI credits are held by answers in progress. Try again when they finish, or buy more credits."
          : "Your organization has used its AI credits for this month. Buy a credit pack to keep going, or wait for next month's allowance.",
        { reason: "OUT_OF_AI_CREDITS" },
      );
    }
  }
  const [usage] = await tx
    .insert(aiUsageTable)
    .values({
      organizationId: scope.organizationId,
      userId: scope.userId,
      chatId: scope.chatId,
      model: scope.model,
      reservedCredits: reserved,
      reservedAllowanceCredits: fromAllowance,
      createdAt: now,
    })
    .returning({ id: aiUsageTable.id });
  if (!usage) throw new Error("reserveAiCreditsIn: the usage row was not written");
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
 * Charges what the answer used, at most its reservation: from the allowance share decided when
 * reserving first, the rest as a `usage` row of the credit ledger. One statement (the usage row
 * settled and the ledger row written together, or neither): no lock is held across round trips.
 * Settling twice changes nothing (the second returns the first's figures).
 */
export async function settleAiCredits(
  db: Database,
  scope: AiCreditScope & { usageId: string },
  tokens: { inputTokens: number; outputTokens: number },
): Promise<AiUsageSettled> {
  const inputTokens = Math.max(0, Math.round(tokens.inputTokens));
  const outputTokens = Math.max(0, Math.round(tokens.outputTokens));
  const used = creditsForTokens(inputTokens + outputTokens);
  const [settled] = await db.execute<{ credits: number; allowanceCredits: number }>(sql`
    with settled as (
      update ai_usage
      set status = 'settled', input_tokens = ${inputTokens}, output_tokens = ${outputTokens},
          credits = least(reserved_credits, ${used}),
          allowance_credits = least(reserved_credits, ${used}, reserved_allowance_credits),
          settled_at = now()
      where id = ${scope.usageId} and organization_id = ${scope.organizationId} and status = 'reserved'
      returning id, organization_id, model, credits, allowance_credits
    ), charged as (
      insert into credit_transaction (organization_id, amount, reason, idempotency_key, description)
      select organization_id, allowance_credits - credits, 'usage', 'ai-usage:' || id,
             'AI assistant (' || model || '): ' || ${inputTokens + outputTokens} || ' tokens'
      from settled where credits > allowance_credits
    )
    select credits, allowance_credits as "allowanceCredits" from settled`);
  if (settled) return { credits: settled.credits, allowanceCredits: settled.allowanceCredits, purchasedCredits: settled.credits - settled.allowanceCredits };
  // Not reserved any more: settled before (its figures, unchanged), or not this organization's.
  const [before] = await db
    .select({ credits: aiUsageTable.credits, allowanceCredits: aiUsageTable.allowanceCredits })
    .from(aiUsageTable)
    .where(and(eq(aiUsageTable.id, scope.usageId), eq(aiUsageTable.organizationId, scope.organizationId), eq(aiUsageTable.status, "settled")));
  if (!before) throw new Error(`settleAiCredits: no usage ${scope.usageId} in this organization`);
  return { credits: before.credits, allowanceCredits: before.allowanceCredits, purchasedCredits: before.credits - before.allowanceCredits };
}
