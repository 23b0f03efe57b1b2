import { aiUsageTable, creditTransactionTable } from "@saas/db";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { AppError } from "@saas/errors";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAiCreditBalance, MAX_CREDITS_PER_ANSWER, reserveAiCreditsIn, settleAiCredits } from "./ai-credits";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ max: 25 });
});
afterAll(() => t.dispose());

/** An organization with `bought` credits in the ledger (an adjustment: no order needed). */
async function organizationWith(bought: number) {
  const { organization, owner } = await createTestOrganization(t.db);
  if (bought !== 0) {
    await t.db.insert(creditTransactionTable).values({
      organizationId: organization.id,
      amount: bought,
      reason: "adjustment",
      idempotencyKey: `test:${organization.id}`,
      description: "test credits",
    });
  }
  return { organizationId: organization.id, userId: owner.id };
}

const ledger = async (organizationId: string) =>
  (await t.db.select().from(creditTransactionTable).where(eq(creditTransactionTable.organizationId, organizationId))).reduce((sum, row) => sum + row.amount, 0);
const usageRows = (organizationId: string) => t.db.select().from(aiUsageTable).where(eq(aiUsageTable.organizationId, organizationId));
const reserve = (scope: { organizationId: string; userId: string }, monthlyAllowance: number | null, now?: Date) =>
  t.db.transaction((tx) => reserveAiCreditsIn(tx, { ...scope, monthlyAllowance, chatId: crypto.randomUUID(), model: "test:chat" }, now));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AppError ? { code: error.code, reason: error.reason } : error),
  );

describe("AI credits", () => {
  it("20 concurrent answers from one organization neither spend credits twice nor go below zero", async () => {
    const scope = await organizationWith(25);
    const allowance = 30; // 55 credits in all: two full reservations of 20, one of 15, then nothing
    const attempts = await Promise.all(Array.from({ length: 20 }, () => reserve(scope, allowance).then((r) => r, (error: unknown) => error)));
    const granted = attempts.filter((a): a is { usageId: string; reserved: number } => !(a instanceof Error));
    expect(granted.map((g) => g.reserved).sort((x, y) => y - x)).toEqual([MAX_CREDITS_PER_ANSWER, MAX_CREDITS_PER_ANSWER, 15]);
    expect(attempts.filter((a) => a instanceof AppError && a.reason === "OUT_OF_AI_CREDITS")).toHaveLength(17);

    // Every answer uses far more than it reserved: each is charged its reservation, no more.
    await Promise.all(granted.map((g) => settleAiCredits(t.db, { ...scope, monthlyAllowance: allowance, usageId: g.usageId }, { inputTokens: 90_000, outputTokens: 10_000 })));
    expect(await ledger(scope.organizationId)).toBe(0); // 25 bought, 25 spent after the allowance's 30
    const balance = await getAiCreditBalance(t.db, { ...scope, monthlyAllowance: allowance });
    expect(balance).toEqual({ allowanceLeft: 0, purchased: 0, reserved: 0, available: 0 });
    expect(await refusal(reserve(scope, allowance))).toEqual({ code: "PAYMENT_REQUIRED", reason: "OUT_OF_AI_CREDITS" });
  });

  it("out of credits: refused before any model call, and nothing is written", async () => {
    const scope = await organizationWith(0);
    expect(await refusal(reserve(scope, 0))).toEqual({ code: "PAYMENT_REQUIRED", reason: "OUT_OF_AI_CREDITS" });
    expect(await usageRows(scope.organizationId)).toEqual([]);
    expect(await ledger(scope.organizationId)).toBe(0);
  });

  it("charges what was used: the allowance first, then bought credits as a usage row; settling twice changes nothing", async () => {
    const scope = await organizationWith(100);
    const first = await reserve(scope, 3);
    const settled = await settleAiCredits(t.db, { ...scope, monthlyAllowance: 3, usageId: first.usageId }, { inputTokens: 4_200, outputTokens: 300 });
    expect(settled).toEqual({ credits: 5, allowanceCredits: 3, purchasedCredits: 2 });
    expect(await settleAiCredits(t.db, { ...scope, monthlyAllowance: 3, usageId: first.usageId }, { inputTokens: 99_999, outputTokens: 0 })).toEqual(settled);
    expect(await ledger(scope.organizationId)).toBe(98);
    const [usage] = await usageRows(scope.organizationId);
    expect(usage).toMatchObject({ status: "settled", inputTokens: 4_200, outputTokens: 300, credits: 5, allowanceCredits: 3, reservedCredits: MAX_CREDITS_PER_ANSWER });
    // An answer that failed before any token costs nothing.
    const failed = await reserve(scope, 3);
    expect(await settleAiCredits(t.db, { ...scope, monthlyAllowance: 3, usageId: failed.usageId }, { inputTokens: 0, outputTokens: 0 })).toEqual({
      credits: 0,
      allowanceCredits: 0,
      purchasedCredits: 0,
    });
  });

  it("the monthly allowance rolls over: last month's use does not count this month", async () => {
    const scope = await organizationWith(0);
    const lastMonth = new Date(Date.UTC(2030, 0, 31, 23, 59));
    const thisMonth = new Date(Date.UTC(2030, 1, 1, 0, 1));
    const old = await reserve(scope, 10, lastMonth);
    await settleAiCredits(t.db, { ...scope, monthlyAllowance: 10, usageId: old.usageId }, { inputTokens: 10_000, outputTokens: 0 });
    expect((await getAiCreditBalance(t.db, { ...scope, monthlyAllowance: 10 }, lastMonth)).allowanceLeft).toBe(0);
    expect(await refusal(reserve(scope, 10, lastMonth))).toEqual({ code: "PAYMENT_REQUIRED", reason: "OUT_OF_AI_CREDITS" });
    expect((await getAiCreditBalance(t.db, { ...scope, monthlyAllowance: 10 }, thisMonth)).allowanceLeft).toBe(10);
    expect((await reserve(scope, 10, thisMonth)).reserved).toBe(10);
  });

  it("a refund of bought credits takes them back from what answers may use", async () => {
    const scope = await organizationWith(40);
    expect((await getAiCreditBalance(t.db, { ...scope, monthlyAllowance: 0 })).available).toBe(40);
    await t.db.insert(creditTransactionTable).values({
      organizationId: scope.organizationId,
      amount: -40,
      reason: "refund",
      idempotencyKey: `refund-test:${scope.organizationId}`,
      description: "Refund of the pack",
    });
    expect(await refusal(reserve(scope, 0))).toEqual({ code: "PAYMENT_REQUIRED", reason: "OUT_OF_AI_CREDITS" });
  });

  it("a reservation never settled (a crashed answer) stops holding credits after ten minutes", async () => {
    const scope = await organizationWith(20);
    const crashedAt = new Date(Date.now() - 11 * 60_000);
    await reserve(scope, 0, crashedAt);
    expect((await getAiCreditBalance(t.db, { ...scope, monthlyAllowance: 0 }, new Date(crashedAt.getTime() + 60_000))).available).toBe(0);
    expect((await getAiCreditBalance(t.db, { ...scope, monthlyAllowance: 0 })).available).toBe(20);
  });

  it("unmetered (billing not configured): usage is recorded, nothing is charged", async () => {
    const scope = await organizationWith(0);
    const reservation = await reserve(scope, null);
    expect(await settleAiCredits(t.db, { ...scope, monthlyAllowance: null, usageId: reservation.usageId }, { inputTokens: 1_500, outputTokens: 0 })).toEqual({
      credits: 2,
      allowanceCredits: 2,
      purchasedCredits: 0,
    });
    expect(await ledger(scope.organizationId)).toBe(0);
  });
});
