import { creditTransactionTable, orderTable } from "@saas/db";
import { createTestDatabase, expectPgError, PgError, type TestDatabase } from "@saas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCreditBalance } from "./credits";
import { createCustomerOrganization } from "./testing/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

async function organizationWithCredits(amount: number) {
  const { organization } = await createCustomerOrganization(t.db);
  const [order] = await t.db
    .insert(orderTable)
    .values({ organizationId: organization.id, stripeCheckoutSessionId: `cs_${organization.slug}`, status: "paid", amountTotal: 1_000 })
    .returning();
  await t.db.insert(creditTransactionTable).values({
    organizationId: organization.id,
    orderId: order!.id,
    amount,
    reason: "purchase",
    idempotencyKey: `purchase:${order!.id}`,
    description: "pack",
  });
  return { organization, order: order! };
}

describe("the credit ledger", () => {
  it("refuses a second purchase grant for one order, even under another key, and the balance stays", async () => {
    const { organization, order } = await organizationWithCredits(1_000);
    await expectPgError(
      t.db.insert(creditTransactionTable).values({
        organizationId: organization.id,
        orderId: order.id,
        amount: 1_000,
        reason: "purchase",
        idempotencyKey: `another-key:${order.id}`,
        description: "again",
      }),
      PgError.uniqueViolation,
    );
    await expectPgError(
      t.db.insert(creditTransactionTable).values({ organizationId: organization.id, amount: 0, reason: "adjustment", idempotencyKey: `zero:${order.id}`, description: "nothing" }),
      PgError.checkViolation,
    );
    expect(await getCreditBalance(t.db, organization.id)).toBe(1_000);
  });

  it("tenant code reads its own organization's ledger only, and cannot write to it", async () => {
    const { organization } = await organizationWithCredits(700);
    const { organization: other } = await organizationWithCredits(300);
    const seen = await t.db.withTenant(organization.id, (tx) => tx.select().from(creditTransactionTable));
    expect(seen.map((row) => row.organizationId)).toEqual([organization.id]);
    await expectPgError(
      t.db.withTenant(organization.id, (tx) =>
        tx.insert(creditTransactionTable).values({ organizationId: organization.id, amount: 5, reason: "adjustment", idempotencyKey: `self-grant:${organization.id}`, description: "free credits" }),
      ),
      PgError.insufficientPrivilege,
    );
    expect(await getCreditBalance(t.db, organization.id)).toBe(700);
    expect(await getCreditBalance(t.db, other.id)).toBe(300);
  });
});
