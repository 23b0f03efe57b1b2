import { router } from "../../trpc";
import { checkoutStatusProcedure } from "./checkout-status";
import { getBillingOverviewProcedure } from "./get-billing-overview";
import { listCreditTransactionsProcedure } from "./list-credit-transactions";
import { listInvoicesProcedure } from "./list-invoices";
import { openPortalProcedure } from "./open-portal";
import { paymentNoticeProcedure } from "./payment-notice";
import { startCheckoutProcedure } from "./start-checkout";

export const billingRouter = router({
  overview: getBillingOverviewProcedure,
  creditLedger: listCreditTransactionsProcedure,
  invoices: listInvoicesProcedure,
  startCheckout: startCheckoutProcedure,
  openPortal: openPortalProcedure,
  checkoutStatus: checkoutStatusProcedure,
  paymentNotice: paymentNoticeProcedure,
});
