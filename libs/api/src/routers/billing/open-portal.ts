import { createPortalSession } from "@saas/billing";
import { isAppError } from "@saas/errors";
import { z } from "zod";
import { organizationOutboundProcedure } from "../../procedures";
import { requireAppUrl, requireBilling, stripeUnavailable } from "./billing-deps";

/**
 * Stripe's customer portal for the active organization: change plan or seats, payment method,
 * cancel, invoices. Allowed while a payment is overdue: it is where the payment gets fixed.
 */
export const openPortalProcedure = organizationOutboundProcedure
  .meta({ permission: { billing: ["manage"] }, allowedWhileOverdue: true })
  .input(z.object({}).optional())
  .output(z.object({ url: z.url() }))
  .mutation(async ({ ctx }) => {
    const billing = requireBilling(ctx.billing);
    try {
      return await createPortalSession(billing, { organizationId: ctx.organization.id, returnUrl: `${requireAppUrl(ctx.appUrl)}/billing` });
    } catch (error) {
      if (isAppError(error)) throw error;
      throw stripeUnavailable(error);
    }
  });
