import { randomBytes } from "node:crypto";
import Stripe from "stripe";

/**
 * Stripe-shaped objects and events for tests and the benchmark. They carry the fields our code
 * reads (plus `object` and `id`), in the shape of the pinned API version; the cast to the SDK
 * type is where "shaped like Stripe" is asserted.
 */

export function stripeId(prefix: string): string {
  return `${prefix}_test_${randomBytes(8).toString("hex")}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

export interface TestSubscriptionItem {
  id?: string;
  price: string;
  product?: string;
  quantity?: number;
  periodStart?: number;
  periodEnd?: number;
  /** The price's amount per unit in minor units (default 1,200), `null` for a tiered price. */
  unitAmount?: number | null;
  /** Lower-case ISO code; default the subscription's currency. */
  currency?: string;
  interval?: Stripe.Price.Recurring.Interval;
  intervalCount?: number;
  usageType?: Stripe.Price.Recurring.UsageType;
}

export interface TestSubscriptionInput {
  id?: string;
  customer: string;
  status?: Stripe.Subscription.Status;
  items: TestSubscriptionItem[];
  metadata?: Record<string, string>;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  canceledAt?: number | null;
  endedAt?: number | null;
  trialStart?: number | null;
  trialEnd?: number | null;
  created?: number;
  /** Default `usd`. */
  currency?: string;
}

export function subscriptionObject(input: TestSubscriptionInput): Stripe.Subscription {
  const id = input.id ?? stripeId("sub");
  const created = input.created ?? nowSeconds();
  const items = input.items.map((item) => {
    const periodStart = item.periodStart ?? created;
    return {
      id: item.id ?? stripeId("si"),
      object: "subscription_item",
      created,
      current_period_start: periodStart,
      current_period_end: item.periodEnd ?? periodStart + 30 * DAY,
      metadata: {},
      price: {
        id: item.price,
        object: "price",
        product: item.product ?? `prod_for_${item.price}`,
        type: "recurring",
        currency: item.currency ?? input.currency ?? "usd",
        unit_amount: item.unitAmount === undefined ? 1_200 : item.unitAmount,
        recurring: { interval: item.interval ?? "month", interval_count: item.intervalCount ?? 1, usage_type: item.usageType ?? "licensed" },
      },
      quantity: item.quantity ?? 1,
      subscription: id,
    };
  });
  return {
    id,
    object: "subscription",
    customer: input.customer,
    status: input.status ?? "active",
    created,
    start_date: created,
    currency: input.currency ?? "usd",
    livemode: false,
    metadata: input.metadata ?? {},
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    cancel_at: input.cancelAt ?? null,
    canceled_at: input.canceledAt ?? null,
    ended_at: input.endedAt ?? null,
    trial_start: input.trialStart ?? null,
    trial_end: input.trialEnd ?? null,
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
  } as unknown as Stripe.Subscription;
}

export interface TestCheckoutSessionInput {
  id?: string;
  mode: "subscription" | "payment";
  customer: string | null;
  clientReferenceId?: string | null;
  metadata?: Record<string, string>;
  subscription?: string | null;
  paymentIntent?: string | null;
  paymentStatus?: Stripe.Checkout.Session.PaymentStatus;
  amountSubtotal?: number;
  amountTotal?: number;
  currency?: string;
  created?: number;
}

export function checkoutSessionObject(input: TestCheckoutSessionInput): Stripe.Checkout.Session {
  const amountTotal = input.amountTotal ?? (input.mode === "payment" ? 1_000 : 1_200);
  return {
    id: input.id ?? stripeId("cs"),
    object: "checkout.session",
    mode: input.mode,
    status: "complete",
    customer: input.customer,
    client_reference_id: input.clientReferenceId ?? null,
    metadata: input.metadata ?? {},
    subscription: input.subscription ?? null,
    payment_intent: input.mode === "payment" ? (input.paymentIntent ?? stripeId("pi")) : null,
    payment_status: input.paymentStatus ?? "paid",
    amount_subtotal: input.amountSubtotal ?? amountTotal,
    amount_total: amountTotal,
    currency: input.currency ?? "usd",
    created: input.created ?? nowSeconds(),
    livemode: false,
    url: null,
  } as unknown as Stripe.Checkout.Session;
}

export interface TestInvoiceInput {
  id?: string;
  customer: string;
  subscription?: string | null;
  subscriptionMetadata?: Record<string, string>;
  status?: Stripe.Invoice.Status;
  amountPaid?: number;
  periodStart?: number;
  periodEnd?: number;
}

export function invoiceObject(input: TestInvoiceInput): Stripe.Invoice {
  const start = input.periodStart ?? nowSeconds();
  const id = input.id ?? stripeId("in");
  const amount = input.amountPaid ?? 1_200;
  return {
    id,
    object: "invoice",
    number: `TEST-${id.slice(-6).toUpperCase()}`,
    customer: input.customer,
    status: input.status ?? "paid",
    total: amount,
    amount_paid: amount,
    amount_due: amount,
    created: start,
    hosted_invoice_url: `https://invoice.stripe.test/i/${id}`,
    invoice_pdf: `https://pay.stripe.test/invoice/${id}/pdf`,
    currency: "usd",
    livemode: false,
    period_start: start,
    period_end: input.periodEnd ?? start,
    parent: input.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { subscription: input.subscription, metadata: input.subscriptionMetadata ?? {} },
        }
      : null,
  } as unknown as Stripe.Invoice;
}

export interface TestChargeInput {
  id?: string;
  customer: string | null;
  paymentIntent: string;
  amount: number;
  amountRefunded: number;
  /** Copied by Stripe from the payment intent (our checkouts put `organizationId` there). */
  metadata?: Record<string, string>;
}

export function chargeObject(input: TestChargeInput): Stripe.Charge {
  return {
    id: input.id ?? stripeId("ch"),
    object: "charge",
    customer: input.customer,
    payment_intent: input.paymentIntent,
    amount: input.amount,
    amount_captured: input.amount,
    amount_refunded: input.amountRefunded,
    refunded: input.amountRefunded >= input.amount,
    currency: "usd",
    livemode: false,
    metadata: input.metadata ?? {},
    status: "succeeded",
  } as unknown as Stripe.Charge;
}

/** A Stripe event around `object`. `created` decides which of two events is newer. */
export function stripeEvent<T extends { object: string }>(
  type: string,
  object: T,
  options: { id?: string; created?: number; livemode?: boolean } = {},
): Stripe.Event {
  return {
    id: options.id ?? stripeId("evt"),
    object: "event",
    api_version: "2026-10-28.endive",
    created: options.created ?? nowSeconds(),
    data: { object },
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
}

export interface SignedPayload {
  /** The raw body, exactly as Stripe would send it. */
  payload: string;
  /** The `Stripe-Signature` header. */
  signature: string;
}

/** Stripe's serialization of an event: pretty-printed JSON, two spaces. */
export function serializeStripeEvent(event: Stripe.Event): string {
  return JSON.stringify(event, null, 2);
}

/** A `Stripe-Signature` header for a raw body, made by the real SDK's test helper. */
export function signPayload(payload: string, secret: string, options: { timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
}

/** Serializes and signs an event the way Stripe does. */
export function signStripeEvent(event: Stripe.Event, secret: string, options: { timestamp?: number } = {}): SignedPayload {
  const payload = serializeStripeEvent(event);
  return { payload, signature: signPayload(payload, secret, options) };
}
