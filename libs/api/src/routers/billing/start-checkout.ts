import { createCheckoutSession, PlanId, ProductId } from "@saas/billing";
import { isAppError } from "@saas/errors";
import { z } from "zod";
import { organizationOutboundProcedure } from "../../procedures";
import { requireAppUrl, requireBilling, stripeUnavailable } from "./billing-deps";

export const startCheckoutInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("plan"), interval: z.enum(["month", "year"]) }),
  z.object({ kind: z.literal("credits"), quantity: z.int().min(1, "At least one pack").max(100, "At most 100 packs at once").default(1) }),
]);

/**
 * A Stripe Checkout session for Pro or a credit pack, for the active organization (never one
 * named in the input), started by an owner or admin. Stripe sends the customer back to the
 * return page, which waits for the webhook to confirm the payment.
 */
export const startCheckoutProcedure = organizationOutboundProcedure
  .meta({ permission: { billing: ["manage"] }, allowedWhileOverdue: true })
  .input(startCheckoutInput)
  .output(z.object({ url: z.url() }))
  .mutation(async ({ ctx, input }) => {
    const billing = requireBilling(ctx.billing);
    const appUrl = requireAppUrl(ctx.appUrl);
    const kind = input.kind;
    try {
      const session = await createCheckoutSession(billing, {
        organizationId: ctx.organization.id,
        buyerEmail: ctx.user.email,
        item:
          input.kind === "plan"
            ? { kind: "plan", planId: PlanId.pro, interval: input.interval }
            : { kind: "product", productId: ProductId.creditPack, quantity: input.quantity },
        // Stripe fills in {CHECKOUT_SESSION_ID}.
        successUrl: `${appUrl}/billing/return?kind=${kind}&session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${appUrl}/billing?checkout=canceled`,
      });
      return { url: session.url };
    } catch (error) {
      if (isAppError(error)) throw error;
      throw stripeUnavailable(error);
    }
  });
