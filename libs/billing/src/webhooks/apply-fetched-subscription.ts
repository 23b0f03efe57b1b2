import type Stripe from "stripe";
import type { ApplyContext } from "./apply-context";
import type { Sql } from "./sql";
import { upsertSubscription } from "./upsert-subscription";

/**
 * A subscription read from the API, with the version of our row (its `xmin`) read just before:
 * the API's answer is newer than every write our row had at that moment, so it may replace the
 * row only if nothing has written the row since (compare-and-set on that version). A write in
 * between may carry an event older or newer than the answer; either way the safe move is to read
 * again (`StaleSubscriptionRead`).
 */
export interface FreshSubscription {
  subscription: Stripe.Subscription;
  /** `xmin` of our row before the API was asked; null when we held no row. */
  readVersion: string | null;
}

/**
 * Reads a subscription from the API, for events that only point at one (an invoice, a checkout)
 * or whose own copy cannot be ordered (two events of the same second). Called before the
 * recording transaction opens: a slow API must not hold a database connection and row locks.
 */
export async function readFreshSubscription(sql: Sql, stripe: Stripe, subscriptionId: string): Promise<FreshSubscription> {
  const [row] = await sql<{ version: string }[]>`select xmin::text as version from subscription where id = ${subscriptionId}`;
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  return { subscription, readVersion: row?.version ?? null };
}

/**
 * Thrown inside the recording transaction when the subscription must be read (again) from the
 * API: the transaction rolls back and the inbox reads it and applies the event once more.
 */
export class StaleSubscriptionRead extends Error {
  constructor(
    readonly subscriptionId: string,
    reason: string,
  ) {
    super(`subscription ${subscriptionId}: ${reason}; read it again from Stripe`);
    this.name = "StaleSubscriptionRead";
  }
}

/**
 * Writes a subscription read from the API, unless our row changed since it was read. Returns
 * whether it was written. The row's event watermark becomes at least this event's `created`.
 */
export async function writeFreshSubscription(ctx: ApplyContext, fresh: FreshSubscription): Promise<boolean> {
  const { applied, notes } = await upsertSubscription(ctx.sql, ctx.catalog, ctx.organization.id, fresh.subscription, {
    kind: "fetched",
    created: ctx.event.created,
    readVersion: fresh.readVersion,
    eventId: ctx.event.id,
  });
  ctx.notes.push(...notes);
  return applied;
}

/** As `writeFreshSubscription`, for callers whose event must not be settled without the write. */
export async function requireFreshSubscriptionWritten(ctx: ApplyContext, fresh: FreshSubscription): Promise<void> {
  if (!(await writeFreshSubscription(ctx, fresh))) {
    throw new StaleSubscriptionRead(fresh.subscription.id, "our row changed while Stripe was read");
  }
}
