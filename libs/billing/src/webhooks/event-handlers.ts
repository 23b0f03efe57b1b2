import type Stripe from "stripe";
import { idOf } from "../stripe-ids";
import type { ApplyContext, StatementContext } from "./apply-context";
import { explainOrderConflict, orderWrite } from "./apply-checkout-session";
import { applyChargeRefunded } from "./apply-charge-refunded";
import { applyCheckoutSession } from "./apply-checkout-session";
import { applyInvoice, invoiceSubscriptionId } from "./apply-invoice";
import { applySubscriptionEvent } from "./apply-subscription-event";
import type { OrganizationHints } from "./resolve-organization";
import type { SqlFragment } from "./sql";
import { subscriptionRows, subscriptionWrite, type WriteTarget } from "./upsert-subscription";

/** A handler's writes for the inbox's single statement (see `EventHandler.inOneStatement`). */
export interface OneStatementWrite {
  /** Common table expressions, every write gated by the `when` they were given. */
  ctes: SqlFragment;
  /**
   * The Stripe customer the event names. The statement applies only when the organization has
   * one linked already (linking is the transactional path's job, see linkStripeCustomer).
   */
  customerId: string | null;
  /** SQL: the status to record the event with, `processed` or `pending` (left to `apply`). */
  status: SqlFragment;
  /** SQL: whether the writes changed our state (false: a stale event, recorded and not applied). */
  applied: SqlFragment;
  /** What a database error of the statement means, for the event's recorded error. */
  explain?(error: unknown): unknown;
}

export interface EventHandler {
  /** What the event says about whose it is. */
  hints(event: Stripe.Event): OrganizationHints;
  /** The subscription to read from the API before the transaction, for events that only point at one. */
  freshRead?(event: Stripe.Event): string | null;
  apply(ctx: ApplyContext): Promise<void>;
  /**
   * The hot path: the same writes as `apply`, as common table expressions the inbox sends with
   * the event's insert as ONE statement (no transaction round trips). Null when this event needs
   * more than one statement can do (a read from the API).
   */
  inOneStatement?(ctx: StatementContext, target: WriteTarget): OneStatementWrite | null;
}

const checkoutSession: EventHandler = {
  hints(event) {
    const session = event.data.object as Stripe.Checkout.Session;
    return {
      organizationId: session.client_reference_id ?? session.metadata?.["organizationId"],
      customerId: idOf(session.customer),
    };
  },
  freshRead(event) {
    const session = event.data.object as Stripe.Checkout.Session;
    const completed = event.type === "checkout.session.completed" && session.mode === "subscription";
    return completed ? idOf(session.subscription) : null;
  },
  apply: applyCheckoutSession,
  inOneStatement(ctx, target) {
    const session = ctx.event.data.object as Stripe.Checkout.Session;
    if (session.mode !== "payment") return null;
    return {
      ctes: orderWrite(ctx, session, target),
      customerId: idOf(session.customer),
      status: ctx.sql`'processed'`,
      applied: ctx.sql`true`,
      explain: (error) => explainOrderConflict(error, session),
    };
  },
};

const subscription: EventHandler = {
  hints(event) {
    const object = event.data.object as Stripe.Subscription;
    return { organizationId: object.metadata["organizationId"], customerId: idOf(object.customer), subscriptionId: object.id };
  },
  apply: applySubscriptionEvent,
  inOneStatement(ctx, target) {
    const object = ctx.event.data.object as Stripe.Subscription;
    const rows = subscriptionRows(ctx.catalog, object);
    ctx.notes.push(...rows.notes);
    const write = subscriptionWrite(ctx.sql, object.id, rows, { kind: "event", created: ctx.event.created, eventId: ctx.event.id }, target);
    return {
      ctes: write.ctes,
      customerId: idOf(object.customer),
      // Maybe of the same second as the last event applied: `apply` looks again under the row's lock.
      status: ctx.sql`case when ${write.maybeSameSecond} then 'pending' else 'processed' end`,
      applied: write.applied,
    };
  },
};

const invoice: EventHandler = {
  hints(event) {
    const object = event.data.object as Stripe.Invoice;
    return {
      organizationId: object.parent?.subscription_details?.metadata?.["organizationId"],
      customerId: idOf(object.customer),
      subscriptionId: invoiceSubscriptionId(object),
    };
  },
  freshRead: (event) => invoiceSubscriptionId(event.data.object as Stripe.Invoice),
  apply: applyInvoice,
};

const chargeRefunded: EventHandler = {
  hints(event) {
    const charge = event.data.object as Stripe.Charge;
    return {
      organizationId: charge.metadata?.["organizationId"],
      customerId: idOf(charge.customer),
      paymentIntentId: idOf(charge.payment_intent),
    };
  },
  apply: applyChargeRefunded,
};

/**
 * The event types we apply; any other type is recorded as `ignored` and acknowledged. Enable
 * exactly these on the Stripe webhook endpoint (the README lists them).
 */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  "checkout.session.completed": checkoutSession,
  "checkout.session.async_payment_succeeded": checkoutSession,
  "checkout.session.async_payment_failed": checkoutSession,
  "customer.subscription.created": subscription,
  "customer.subscription.updated": subscription,
  "customer.subscription.deleted": subscription,
  "customer.subscription.paused": subscription,
  "customer.subscription.resumed": subscription,
  "customer.subscription.trial_will_end": subscription,
  "customer.subscription.pending_update_applied": subscription,
  "customer.subscription.pending_update_expired": subscription,
  "invoice.paid": invoice,
  "invoice.payment_failed": invoice,
  "charge.refunded": chargeRefunded,
};

export const HANDLED_EVENT_TYPES = Object.keys(EVENT_HANDLERS);

export function handlerFor(type: string): EventHandler | undefined {
  return Object.hasOwn(EVENT_HANDLERS, type) ? EVENT_HANDLERS[type] : undefined;
}

/** The subscription the event's handler reads from the API before the transaction, if any. */
export function freshReadFor(event: Stripe.Event): string | null {
  return handlerFor(event.type)?.freshRead?.(event) ?? null;
}
