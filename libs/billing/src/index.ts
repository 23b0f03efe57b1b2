// @saas/billing — plans catalog, Stripe client, checkout and portal, billing state, seat sync,
// the webhook pipeline and the billing jobs. Every service takes its dependencies explicitly.
export { createCatalog, PlanId, ProductId } from "./catalog";
export type { BillingInterval, Catalog, CatalogPrice, PlanDefinition, PlanFeatures, PlanLimits, PlanPricing, ProductDefinition } from "./catalog";
export { BILLING_NOT_CONFIGURED_REASON, readBillingEnv, type BillingEnv, type CatalogPrices } from "./env";
export { createStripeClient, STRIPE_API_VERSION, type Stripe, type StripeClientOptions } from "./stripe-client";
export type { BillingDeps } from "./deps";
export { appBillingDeps, createBillingDeps } from "./create-billing-deps";
export { attachStripeCustomer } from "./attach-customer";
export { BillingError, BillingErrorCode } from "./errors";
export { ENTITLED_STATUSES, LIVE_STATUSES, mapSubscriptionStatus } from "./subscription-status";
export { getCreditBalance, listCreditTransactions, type CreditLedgerPage } from "./credits";
export {
  getAiCreditBalance,
  MAX_CREDITS_PER_ANSWER,
  releaseAiCredits,
  reserveAiCreditsIn,
  settleAiCredits,
  type AiCreditBalance,
  type AiCreditReservation,
  type AiCreditScope,
  type AiUsageSettled,
} from "./ai-credits";
export { getEntitlements, memberAllowance, overdueMessage, type Entitlements } from "./entitlements";
export { ensureStripeCustomer } from "./checkout/ensure-stripe-customer";
export { createCheckoutSession, type CheckoutInput } from "./checkout/create-checkout-session";
export { createPortalSession } from "./checkout/create-portal-session";
export { getBillingState, type BillingState } from "./get-billing-state";
export { getBillingHealth, type BillingHealth } from "./billing-health";
export type { SeatSyncResult } from "./sync-subscription-seats";
export { verifyStripeEvent, WebhookSignatureError } from "./webhooks/verify-stripe-event";
export {
  ingestStripeEvent,
  isAcknowledged,
  reapplyBillingEvent,
  retryDelaySeconds,
  type IngestOutcome,
  type IngestStatus,
} from "./webhooks/ingest-stripe-event";
export { HANDLED_EVENT_TYPES } from "./webhooks/event-handlers";
export { retryBillingEvents, type RetryBillingEventsOptions, type RetryBillingEventsResult } from "./jobs/retry-billing-events";
export { reconcileBilling, type ReconcileBillingResult } from "./jobs/reconcile-billing";
export { requestSeatSync, syncPendingSeats, type SyncPendingSeatsResult } from "./jobs/sync-seats";
