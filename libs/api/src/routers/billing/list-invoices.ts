import { organizationTable } from "@saas/db";
import { isAppError } from "@saas/errors";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizationOutboundProcedure } from "../../procedures";
import { stripeUnavailable } from "./billing-deps";

/**
 * The organization's invoices, from Stripe (the source of truth for what was charged), with links
 * to the hosted invoice and its PDF. Empty without billing or before the first purchase.
 */
const invoiceSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  /** draft, open, paid, uncollectible, void. */
  status: z.string().nullable(),
  total: z.number().int(),
  amountPaid: z.number().int(),
  amountDue: z.number().int(),
  currency: z.string(),
  createdAt: z.date(),
  hostedUrl: z.url().nullable(),
  pdfUrl: z.url().nullable(),
});

export const listInvoicesProcedure = organizationOutboundProcedure
  .meta({ permission: { billing: ["read"] } })
  .input(z.object({}).optional())
  .output(z.array(invoiceSchema))
  .query(async ({ ctx }) => {
    if (!ctx.billing) return [];
    const [organization] = await ctx.billing.db
      .select({ customer: organizationTable.stripeCustomerId })
      .from(organizationTable)
      .where(eq(organizationTable.id, ctx.organization.id));
    if (!organization?.customer) return [];
    try {
      const page = await ctx.billing.stripe.invoices.list({ customer: organization.customer, limit: 24 });
      return page.data.map((invoice) => ({
        id: invoice.id ?? "",
        number: invoice.number ?? null,
        status: invoice.status ?? null,
        total: invoice.total,
        amountPaid: invoice.amount_paid,
        amountDue: invoice.amount_due,
        currency: invoice.currency,
        createdAt: new Date(invoice.created * 1000),
        hostedUrl: invoice.hosted_invoice_url ?? null,
        pdfUrl: invoice.invoice_pdf ?? null,
      }));
    } catch (error) {
      if (isAppError(error)) throw error;
      throw stripeUnavailable(error, "Invoices cannot be shown right now");
    }
  });
