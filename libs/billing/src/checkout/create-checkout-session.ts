import { subscriptionTable } from "@saas/db";
import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import { PlanId, ProductId } from "../catalog";
import type { BillingDeps } from "../deps";
import { BillingError, BillingErrorCode } from "../errors";
import { countSeats } from "../count-seats";
import { LIVE_STATUSES } from "../subscription-status";
import { ensureStripeCustomer } from "./ensure-stripe-customer";

const checkoutInputSchema = z.object({
  item: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("plan"),
      planId: z.enum(Object.values(PlanId)),
      interval: z.enum(["month", "year"]),
    }),
    z.object({
      kind: z.literal("product"),
      productId: z.enum(Object.values(ProductId)),
      quantity: z.int().min(1).max(100).default(1),
    }),
  ]),
  successUrl: z.url({ protocol: /^https?$/ }),
  cancelUrl: z.url({ protocol: /^https?$/ }),
  trialDays: z.int().min(1).max(730).optional(),
});

export type CheckoutInput = z.input<typeof checkoutInputSchema> & {
  /** The buyer's organization (its name and billing email are read from the database). */
  organizationId: string;
  /** The signed-in buyer's email, used when the organization has no billing email. */
  buyerEmail?: string;
};

/**
 * A Stripe Checkout session for a plan (subscription, one seat per member) or a product
 * (one-time payment). The organization id travels in `client_reference_id` and in the metadata
 * of the session and of the subscription, so every later event resolves to the organization.
 */
export async function createCheckoutSession(
  deps: BillingDeps,
  input: CheckoutInput,
): Promise<{ id: string; url: string }> {
  const parsed = checkoutInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new BillingError(BillingErrorCode.invalidInput, `Invalid checkout request — ${problems.join("; ")}`);
  }
  const { item, successUrl, cancelUrl, trialDays } = parsed.data;
  const { organizationId } = input;
  const metadata: Record<string, string> = { organizationId };
  let params: Stripe.Checkout.SessionCreateParams;

  if (item.kind === "plan") {
    const plan = deps.catalog.plan(item.planId);
    if (plan.pricing.kind !== "per_seat") {
      const why = plan.pricing.kind === "free" ? "needs no checkout" : `is sold by contract (${plan.pricing.contactEmail})`;
      throw new BillingError(BillingErrorCode.invalidInput, `item.planId: the ${plan.name} plan ${why}`);
    }
    const priceId = plan.pricing.prices[item.interval].priceId;
    if (!priceId) throw new BillingError(BillingErrorCode.notConfigured, `No Stripe price is configured for ${plan.name} (${item.interval}ly)`);
    await refuseSecondSubscription(deps, organizationId);
    metadata["planId"] = plan.id;
    params = {
      mode: "subscription",
      line_items: [{ price: priceId, quantity: await countSeats(deps.db, organizationId) }],
      subscription_data: { metadata, ...(trialDays ? { trial_period_days: trialDays } : {}) },
      allow_promotion_codes: true,
    };
  } else {
    const product = deps.catalog.product(item.productId);
    if (!product.priceId) throw new BillingError(BillingErrorCode.notConfigured, `No Stripe price is configured for ${product.name}`);
    metadata["productId"] = product.id;
    metadata["quantity"] = String(item.quantity);
    params = {
      mode: "payment",
      line_items: [{ price: product.priceId, quantity: item.quantity }],
      payment_intent_data: { metadata: { organizationId } },
      invoice_creation: { enabled: true },
    };
  }

  const customer = await ensureStripeCustomer(deps, organizationId, input.buyerEmail);
  const session = await deps.stripe.checkout.sessions.create({
    ...params,
    customer,
    client_reference_id: organizationId,
    metadata,
    success_url: successUrl,
    cancel_url: cancelUrl,
  });
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  return { id: session.id, url: session.url };
}

/** A second live subscription would bill the organization twice; changes go through the portal. */
async function refuseSecondSubscription({ db }: BillingDeps, organizationId: string) {
  const [live] = await db
    .select({ id: subscriptionTable.id, status: subscriptionTable.status })
    .from(subscriptionTable)
    .where(and(eq(subscriptionTable.organizationId, organizationId), inArray(subscriptionTable.status, LIVE_STATUSES)))
    .limit(1);
  if (live) {
    throw new BillingError(
      BillingErrorCode.alreadySubscribed,
      `The organization already has a subscription (${live.status}); change or cancel it in the billing portal.`,
    );
  }
}
