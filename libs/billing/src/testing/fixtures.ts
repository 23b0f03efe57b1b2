import { organizationTable, type Database } from "@saas/db";
import type Stripe from "stripe";
import { createTestOrganization } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { stripeId, subscriptionObject, type TestSubscriptionInput } from "./stripe-objects";
import { TEST_PRICES } from "./test-config";

/**
 * Fixtures for tests that run under Vitest with `@saas/db/testing` (not exported from
 * `@saas/billing/testing`, which the benchmark imports outside Vitest).
 */

/** An organization that is a Stripe customer already (as after its first checkout). */
export async function createCustomerOrganization(db: Database) {
  const { organization, owner } = await createTestOrganization(db);
  const customer = stripeId("cus");
  await db.update(organizationTable).set({ stripeCustomerId: customer }).where(eq(organizationTable.id, organization.id));
  return { organization: { ...organization, stripeCustomerId: customer }, owner, customer };
}

/** A Pro subscription (3 seats, monthly) that names its organization, as our checkout creates it. */
export function proSubscription(
  customer: string,
  organizationId: string,
  overrides: Partial<TestSubscriptionInput> = {},
): Stripe.Subscription {
  return subscriptionObject({
    customer,
    metadata: { organizationId },
    items: [{ price: TEST_PRICES.proMonthly, quantity: 3, periodStart: 1_800_000_000, periodEnd: 1_802_592_000 }],
    ...overrides,
  });
}
