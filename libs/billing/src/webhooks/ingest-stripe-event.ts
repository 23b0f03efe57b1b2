import { BillingEventStatus, billingEventTable, type Transaction } from "@saas/db";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { BillingDeps } from "../deps";
import { BillingError, BillingErrorCode } from "../errors";
import { handlerFor } from "./event-handlers";
import { resolveOrganization } from "./resolve-organization";

/**
 * The webhook inbox. An event is recorded in `billing_event` (unique Stripe event id) and applied
 * in the same transaction, so either both happen or neither does:
 *
 * - a new event is inserted with its final status and applied;
 * - a redelivery of an applied event finds the row, and is acknowledged without doing anything —
 *   concurrent duplicates wait on the unique index for the first to commit, then see it;
 * - if applying throws, the transaction rolls back and the failure is recorded on its own
 *   (status, error, attempt count, next attempt) so the caller answers non-2xx and Stripe, and
 *   the retry-billing-events job, try again.
 */

export type IngestStatus =
  | typeof BillingEventStatus.processed
  | typeof BillingEventStatus.ignored
  | typeof BillingEventStatus.unmatched
  | typeof BillingEventStatus.failed
  | typeof BillingEventStatus.dead
  /** Already recorded and settled (processed, ignored or unmatched): nothing was done. */
  | "duplicate";

export interface IngestOutcome {
  eventId: string;
  type: string;
  status: IngestStatus;
  organizationId: string | null;
  /** Attempts so far, for failures. */
  attempts?: number;
  error?: string;
  /** Facts worth logging with the event. */
  notes: string[];
}

/** Whether the caller should answer 2xx (Stripe then stops redelivering). */
export function isAcknowledged(outcome: IngestOutcome): boolean {
  return outcome.status !== BillingEventStatus.failed && outcome.status !== BillingEventStatus.dead;
}

export async function ingestStripeEvent(deps: BillingDeps, event: Stripe.Event): Promise<IngestOutcome> {
  try {
    return await deps.db.transaction(async (tx) => {
      const handler = handlerFor(event.type);
      const organization = handler ? await resolveOrganization(tx, handler.hints(event)) : null;
      const status = !handler
        ? BillingEventStatus.ignored
        : organization
          ? BillingEventStatus.processed
          : BillingEventStatus.unmatched;
      // Inserted with its final status: the transaction makes "recorded" and "applied" one step.
      const [recorded] = await tx
        .insert(billingEventTable)
        .values({
          stripeEventId: event.id,
          type: event.type,
          organizationId: organization?.id ?? null,
          stripeCreated: event.created,
          livemode: event.livemode,
          payload: event as unknown as Record<string, unknown>,
          status,
          attempts: 1,
          processedAt: new Date(),
        })
        .onConflictDoNothing({ target: billingEventTable.stripeEventId })
        .returning({ id: billingEventTable.id });
      if (!recorded) return applyRecordedEvent(tx, deps, event.id, "redelivery");

      const notes: string[] = [];
      if (handler && organization) {
        await handler.apply({ tx, stripe: deps.stripe, catalog: deps.catalog, event, organization, notes });
      }
      return { eventId: event.id, type: event.type, status, organizationId: organization?.id ?? null, notes };
    });
  } catch (error) {
    return recordEventFailure(deps, event, error);
  }
}

/**
 * Why a recorded event is applied again:
 * - `redelivery`: Stripe sent it again (applied unless settled);
 * - `retry`: the retry job's turn (applied only while it is `failed`);
 * - `replay`: staff asked for it from the admin console (also re-resolves `unmatched` and
 *   revives `dead` events).
 */
export type ReapplyReason = "redelivery" | "retry" | "replay";

const SETTLED: Record<ReapplyReason, readonly string[]> = {
  redelivery: [BillingEventStatus.processed, BillingEventStatus.ignored, BillingEventStatus.unmatched],
  retry: [
    BillingEventStatus.processed,
    BillingEventStatus.ignored,
    BillingEventStatus.unmatched,
    BillingEventStatus.dead,
    BillingEventStatus.pending,
  ],
  replay: [BillingEventStatus.processed, BillingEventStatus.ignored],
};

/** Applies a recorded event again, from its stored payload, holding its row lock meanwhile. */
async function applyRecordedEvent(
  tx: Transaction,
  deps: BillingDeps,
  stripeEventId: string,
  reason: ReapplyReason,
): Promise<IngestOutcome> {
  const [row] = await tx
    .select()
    .from(billingEventTable)
    .where(eq(billingEventTable.stripeEventId, stripeEventId))
    .for("update");
  if (!row) throw new BillingError(BillingErrorCode.notFound, `No billing event ${stripeEventId}`);
  const event = row.payload as unknown as Stripe.Event;
  if (SETTLED[reason].includes(row.status)) {
    return { eventId: row.stripeEventId, type: row.type, status: "duplicate", organizationId: row.organizationId, notes: [] };
  }

  const handler = handlerFor(event.type);
  const organization = handler ? await resolveOrganization(tx, handler.hints(event)) : null;
  const notes: string[] = [];
  if (handler && organization) {
    await handler.apply({ tx, stripe: deps.stripe, catalog: deps.catalog, event, organization, notes });
  }
  const status = !handler
    ? BillingEventStatus.ignored
    : organization
      ? BillingEventStatus.processed
      : BillingEventStatus.unmatched;
  await tx
    .update(billingEventTable)
    .set({
      status,
      organizationId: organization?.id ?? row.organizationId,
      attempts: row.attempts + 1,
      processedAt: new Date(),
      lastError: null,
      nextAttemptAt: null,
    })
    .where(eq(billingEventTable.id, row.id));
  return { eventId: row.stripeEventId, type: row.type, status, organizationId: organization?.id ?? null, notes };
}

/** Re-applies a recorded event (retry job, staff replay); failures are recorded like a webhook's. */
export async function reapplyBillingEvent(
  deps: BillingDeps,
  stripeEventId: string,
  options: { reason: Exclude<ReapplyReason, "redelivery">; maxAttempts?: number },
): Promise<IngestOutcome> {
  try {
    return await deps.db.transaction((tx) => applyRecordedEvent(tx, deps, stripeEventId, options.reason));
  } catch (error) {
    if (error instanceof BillingError) throw error;
    const [row] = await deps.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, stripeEventId));
    if (!row) throw error;
    return recordEventFailure(deps, row.payload as unknown as Stripe.Event, error, options.maxAttempts);
  }
}

/** Minutes before the next automatic attempt: 1, 2, 4 … doubling, at most 6 hours. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

/**
 * Records that applying failed: the row exists afterwards (with the payload, for retries) with
 * one more attempt, the error, and when to try next — or `dead` once `maxAttempts` is reached.
 * A concurrent delivery may have applied the event meanwhile; that success is never overwritten.
 */
async function recordEventFailure(
  { db }: BillingDeps,
  event: Stripe.Event,
  error: unknown,
  maxAttempts?: number,
): Promise<IngestOutcome> {
  const message = describeError(error);
  return db.transaction(async (tx) => {
    await tx
      .insert(billingEventTable)
      .values({
        stripeEventId: event.id,
        type: event.type,
        stripeCreated: event.created,
        livemode: event.livemode,
        payload: event as unknown as Record<string, unknown>,
        status: BillingEventStatus.failed,
        attempts: 0,
      })
      .onConflictDoNothing({ target: billingEventTable.stripeEventId });
    const [row] = await tx
      .select({ id: billingEventTable.id, status: billingEventTable.status, attempts: billingEventTable.attempts, organizationId: billingEventTable.organizationId })
      .from(billingEventTable)
      .where(eq(billingEventTable.stripeEventId, event.id))
      .for("update");
    if (!row || row.status === BillingEventStatus.processed || row.status === BillingEventStatus.ignored) {
      return { eventId: event.id, type: event.type, status: "duplicate", organizationId: row?.organizationId ?? null, notes: [] };
    }
    const attempts = row.attempts + 1;
    const dead = row.status === BillingEventStatus.dead || (maxAttempts !== undefined && attempts >= maxAttempts);
    const status = dead ? BillingEventStatus.dead : BillingEventStatus.failed;
    await tx
      .update(billingEventTable)
      .set({
        status,
        attempts,
        lastError: message,
        nextAttemptAt: dead ? null : new Date(Date.now() + retryDelaySeconds(attempts) * 1000),
      })
      .where(eq(billingEventTable.id, row.id));
    return { eventId: event.id, type: event.type, status, organizationId: row.organizationId, attempts, error: message, notes: [] };
  });
}

/** A short, useful message: drizzle wraps driver errors in "Failed query: <sql> params: <payload>". */
function describeError(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.name === "DrizzleQueryError" && current.cause) current = current.cause;
  const message = current instanceof Error ? `${current.name}: ${current.message}` : String(current);
  return message.length > 2_000 ? `${message.slice(0, 2_000)}…` : message;
}
