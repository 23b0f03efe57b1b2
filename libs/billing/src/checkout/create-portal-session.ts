import { organizationTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { BillingDeps } from "../deps";
import { BillingError, BillingErrorCode } from "../errors";

/**
 * A Stripe customer portal session, where owners change plan, seats, payment method, cancel, and
 * download invoices. Only for an organization that is a Stripe customer already.
 */
export async function createPortalSession(
  { db, stripe }: Pick<BillingDeps, "db" | "stripe">,
  input: { organizationId: string; returnUrl: string },
): Promise<{ url: string }> {
  if (!z.url({ protocol: /^https?$/ }).safeParse(input.returnUrl).success) {
    throw new BillingError(BillingErrorCode.invalidInput, "returnUrl: must be an absolute http(s) URL");
  }
  const [organization] = await db
    .select({ stripeCustomerId: organizationTable.stripeCustomerId })
    .from(organizationTable)
    .where(eq(organizationTable.id, input.organizationId));
  if (!organization) throw new BillingError(BillingErrorCode.notFound, `No organization ${input.organizationId}`);
  if (!organization.stripeCustomerId) {
    throw new BillingError(BillingErrorCode.noCustomer, "The organization has not bought anything yet, so it has no billing portal.");
  }
  const session = await stripe.billingPortal.sessions.create({
    customer: organization.stripeCustomerId,
    return_url: input.returnUrl,
  });
  return { url: session.url };
}
