import { BillingEventStatus, billingEventTable, describeError, type BillingEventStatus as BillingEventStatusValue } from "@saas/db";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { BillingDeps } from "../deps";
import { BillingError, BillingErrorCode } from "../errors";
import { readFreshSubscription, StaleSubscriptionRead, type FreshSubscription } from "./apply-fetched-subscription";
import { freshReadFor, handlerFor, type EventHandler } from "./event-handlers";
import { agreedOrganization, organizationCandidates, resolveOrganization, type Candidate, type ResolvedOrganization } from "./resolve-organization";
import { inboxSql, type Sql } from "./sql";

/**
 * The webhook inbox. An event is recorded in `billing_event` (unique Stripe event id) and applied
 * in the same transaction, so either both happen or neither does:
 *
 * - one read tells whether the event is known already and whose it is;
 * - a redelivery of a settled event is acknowledged on that read, without doing anything;
 * - a new event is inserted with its final status, and applied, in one transaction (the insert
 *   and the handler's statements travel together). A concurrent duplicate waits on the unique
 *   index for the first to commit, finds its insert refused, rolls back and is acknowledged;
 * - an event with nothing to apply (an unhandled type, no organization) is just recorded;
 * - a handler that needs the subscription from the API gets it read before the transaction
 *   (`withFreshReads`), so a slow API never holds a connection or a lock;
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

/** The status an event is recorded with, from what its type and resolution allow. */
function settledStatus(handled: boolean, organization: ResolvedOrganization | null) {
  if (!handled) return BillingEventStatus.ignored;
  return organization ? BillingEventStatus.processed : BillingEventStatus.unmatched;
}

const SETTLED_STATUSES: readonly string[] = [BillingEventStatus.processed, BillingEventStatus.ignored, BillingEventStatus.unmatched];

/** Thrown inside the recording transaction when the event turned out to be recorded already. */
class AlreadyRecorded extends Error {}

/**
 * `payload` is the body as Stripe sent it (what is stored); by default the event serialized again.
 */
export async function ingestStripeEvent(
  deps: BillingDeps,
  event: Stripe.Event,
  payload: string = JSON.stringify(event),
): Promise<IngestOutcome> {
  const sql = inboxSql(deps.db);
  const handler = handlerFor(event.type);
  let organizationId: string | null = null;
  try {
    if (!handler) return await recordWithoutApplying(deps, event, payload);

    // One statement: is it known, whose is it — and, for most events, recorded and applied too.
    const look = await firstLook(deps, event, payload, handler);
    if (look.settled) return look.settled;
    if (look.known !== null) return await redeliver(deps, event, look.known);
    const organization = agreedOrganization(look.candidates);
    if (!organization) return await recordWithoutApplying(deps, event, payload);
    organizationId = organization.id;
    // Its writes were allowed and recorded nothing: a concurrent delivery recorded it first.
    if (look.wasAllowed(organization)) return await redeliver(deps, event, null);

    let lastRead: FreshSubscription | null = null;
    return await withFreshReads(deps, event, undefined, (fresh) => {
      lastRead = fresh;
      return sql.begin(async (tx) => {
        // Sent together with the handler's statements; they are idempotent, and all rolled back
        // if the insert finds the event recorded meanwhile.
        const inserting = insertEvent(tx, event, payload, organization.id, BillingEventStatus.processed).execute();
        const notes: string[] = [];
        const [inserted] = await Promise.all([
          inserting,
          handler.apply({ sql: tx, stripe: deps.stripe, catalog: deps.catalog, event, organization: { ...organization }, fresh, notes }),
        ]);
        if (inserted.length === 0) throw new AlreadyRecorded();
        return { eventId: event.id, type: event.type, status: BillingEventStatus.processed, organizationId: organization.id, notes };
      });
    }).catch(async (error: unknown) => {
      if (error instanceof AlreadyRecorded) return redeliver(deps, event, null, lastRead);
      throw error;
    });
  } catch (error) {
    return recordEventFailure(deps, event, error, { organizationId: organizationId ?? (await organizationIfClear(deps, event)) });
  }
}

/** The organization an event names, or null when it names none, or several (for a failure's record). */
async function organizationIfClear(deps: BillingDeps, event: Stripe.Event): Promise<string | null> {
  const handler = handlerFor(event.type);
  if (!handler) return null;
  return (await resolveOrganization(inboxSql(deps.db), handler.hints(event)).catch(() => null))?.id ?? null;
}

interface FirstLook {
  /** The event was recorded and applied by this statement (or left pending, then applied). */
  settled: IngestOutcome | null;
  /** Its status when it was recorded already. */
  known: string | null;
  /** Whose it is: the organizations its clues point at (see resolve-organization.ts). */
  candidates: Candidate[];
  /** Whether the statement's writes were allowed for this organization (then a concurrent delivery won). */
  wasAllowed(organization: ResolvedOrganization): boolean;
}

/**
 * The first statement for a handled event. It always reads whether the event is known and whose
 * it is. When the handler can apply the event in one statement (most events: subscription
 * changes and payment checkouts), the same statement also records and applies it — atomic without
 * a transaction, one round trip instead of a read and a transaction's five (the hot path;
 * measured in the README, "Performance"). Its writes are allowed only when the event is not
 * recorded yet (as the statement's snapshot sees it: a concurrent duplicate's writes then find
 * the first's rows and change nothing, and its insert waits on the unique index and records
 * nothing), when exactly one organization is named, and when that organization's Stripe customer
 * needs no linking. An event the statement cannot settle (maybe of the same second as the last
 * one applied) is recorded `pending` and applied at once through the transactional path — or by
 * the retry job if this process dies first. Anything else continues from what was read.
 */
async function firstLook(deps: BillingDeps, event: Stripe.Event, payload: string, handler: EventHandler): Promise<FirstLook> {
  const sql = inboxSql(deps.db);
  const candidates = organizationCandidates(sql, handler.hints(event));
  const notes: string[] = [];
  const write = handler.inOneStatement?.(
    { sql, catalog: deps.catalog, event, notes },
    {
      organizationId: sql`(select id from organization_resolved)`,
      when: sql`(not exists (select 1 from event_known) and exists (select 1 from organization_allowed))`,
    },
  );
  if (!write) {
    const rows = await sql<(Candidate & { known: string | null })[]>`
      select (select status from billing_event where stripe_event_id = ${event.id}) as known, c.*
      from (select 1) as one left join (${candidates}) as c on true`;
    return { settled: null, known: rows[0]?.known ?? null, candidates: rows, wasAllowed: () => false };
  }

  const [row] = await sql<{ known: string | null; recorded: string | null; applied: boolean; organization_id: string | null; candidates: Candidate[] }[]>`
    with event_known as (
      select status from billing_event where stripe_event_id = ${event.id}
    ), organization_candidates as (
      ${candidates}
    ), organization_resolved as (
      select (array_agg(id))[1] as id, (array_agg(stripe_customer_id))[1] as stripe_customer_id
      from organization_candidates having count(distinct id) = 1
    ), organization_allowed as (
      select id from organization_resolved where ${write.customerId}::text is null or stripe_customer_id is not null
    ), ${write.ctes}, event_recorded as (
      insert into billing_event (stripe_event_id, type, organization_id, stripe_created, livemode, payload,
        status, attempts, processed_at, next_attempt_at)
      select ${event.id}, ${event.type}, (select id from organization_resolved), ${event.created}::bigint,
        ${event.livemode}::boolean, ${payload}::jsonb, s.status, 1,
        case when s.status = 'processed' then now() end, case when s.status = 'pending' then now() end
      from (select ${write.status} as status) as s
      where not exists (select 1 from event_known) and exists (select 1 from organization_allowed)
      on conflict (stripe_event_id) do nothing
      returning status
    )
    select (select status from event_known) as known, (select status from event_recorded) as recorded,
      ${write.applied} as applied, (select id from organization_resolved) as organization_id,
      coalesce((select json_agg(c) from organization_candidates c), '[]') as candidates`.catch((error: unknown) => {
    throw write.explain ? write.explain(error) : error;
  });
  if (!row) throw new Error(`billing event ${event.id}: the inbox statement returned no row`);
  const wasAllowed = (organization: ResolvedOrganization) => write.customerId === null || organization.stripeCustomerId !== null;
  if (row.recorded === BillingEventStatus.pending) {
    return { settled: await redeliver(deps, event, row.recorded), known: null, candidates: row.candidates, wasAllowed };
  }
  if (row.recorded === BillingEventStatus.processed) {
    if (!row.applied) notes.push(`${event.type} ${event.id}: a newer event was applied already; this one is stale`);
    const settled = { eventId: event.id, type: event.type, status: BillingEventStatus.processed, organizationId: row.organization_id, notes };
    return { settled, known: null, candidates: row.candidates, wasAllowed };
  }
  return { settled: null, known: row.known, candidates: row.candidates, wasAllowed };
}

/** Reads allowed per application of an event before it is left to a retry. */
const MAX_FRESH_READS = 3;

/**
 * Runs `apply` with the subscription the event's handler reads from the API first (`first` when
 * the caller read it already). When applying asks for a read (`StaleSubscriptionRead`: our row
 * changed since, or an event of the same second cannot be ordered), reads it and runs again.
 */
async function withFreshReads<T>(
  deps: BillingDeps,
  event: Stripe.Event,
  first: FreshSubscription | null | undefined,
  apply: (fresh: FreshSubscription | null) => Promise<T>,
): Promise<T> {
  const read = (subscriptionId: string) => readFreshSubscription(inboxSql(deps.db), deps.stripe, subscriptionId);
  const target = first === undefined ? freshReadFor(event) : null;
  let fresh = target ? await read(target) : (first ?? null);
  for (let reads = 1; ; reads += 1) {
    try {
      return await apply(fresh);
    } catch (error) {
      if (!(error instanceof StaleSubscriptionRead) || reads >= MAX_FRESH_READS) throw error;
      fresh = await read(error.subscriptionId);
    }
  }
}

/** Records an event with its final status, unless it is recorded already (then returns no row). */
function insertEvent(sql: Sql, event: Stripe.Event, payload: string, organizationId: string | null, status: BillingEventStatusValue) {
  return sql<{ id: string }[]>`
    insert into billing_event (stripe_event_id, type, organization_id, stripe_created, livemode, payload,
      status, attempts, processed_at)
    values (${event.id}, ${event.type}, ${organizationId}, ${event.created}, ${event.livemode},
      ${payload}::jsonb, ${status}, 1, now())
    on conflict (stripe_event_id) do nothing
    returning id`;
}

/** An event with nothing to apply (a type we do not handle, or no organization): recorded, once. */
async function recordWithoutApplying(deps: BillingDeps, event: Stripe.Event, payload: string): Promise<IngestOutcome> {
  const status = settledStatus(handlerFor(event.type) !== undefined, null);
  const inserted = await insertEvent(inboxSql(deps.db), event, payload, null, status);
  if (inserted.length === 0) return redeliver(deps, event, null);
  return { eventId: event.id, type: event.type, status, organizationId: null, notes: [] };
}

/**
 * A delivery of an event recorded already: acknowledged when it is settled, applied again (from
 * the stored payload, under the row's lock) when an earlier attempt failed.
 */
async function redeliver(
  deps: BillingDeps,
  event: Stripe.Event,
  recorded: string | null,
  fresh?: FreshSubscription | null,
): Promise<IngestOutcome> {
  if (recorded !== null && SETTLED_STATUSES.includes(recorded)) {
    return { eventId: event.id, type: event.type, status: "duplicate", organizationId: null, notes: [] };
  }
  return withFreshReads(deps, event, fresh, (read) =>
    inboxSql(deps.db).begin((tx) => applyRecordedEvent(tx, deps, event.id, "redelivery", read)),
  );
}

/**
 * Why a recorded event is applied again:
 * - `redelivery`: Stripe sent it again (applied unless settled);
 * - `retry`: the retry job's turn (applied while it is `failed` or `pending`);
 * - `replay`: staff asked for it from the admin console (also re-resolves `unmatched` and
 *   revives `dead` events).
 */
export type ReapplyReason = "redelivery" | "retry" | "replay";

const SETTLED: Record<ReapplyReason, readonly string[]> = {
  redelivery: SETTLED_STATUSES,
  retry: [BillingEventStatus.processed, BillingEventStatus.ignored, BillingEventStatus.unmatched, BillingEventStatus.dead],
  replay: [BillingEventStatus.processed, BillingEventStatus.ignored],
};

interface RecordedEvent {
  id: string;
  stripe_event_id: string;
  type: string;
  status: string;
  organization_id: string | null;
  payload: Stripe.Event;
}

/**
 * Applies a recorded event again, from its stored payload, holding its row lock meanwhile.
 * `fresh` is what was read from the API before the transaction.
 */
async function applyRecordedEvent(
  tx: Sql,
  deps: BillingDeps,
  stripeEventId: string,
  reason: ReapplyReason,
  fresh: FreshSubscription | null,
): Promise<IngestOutcome> {
  const [row] = await tx<RecordedEvent[]>`
    select id, stripe_event_id, type, status, organization_id, payload
    from billing_event where stripe_event_id = ${stripeEventId} for update`;
  if (!row) throw new BillingError(BillingErrorCode.notFound, `No billing event ${stripeEventId}`);
  if (SETTLED[reason].includes(row.status)) {
    return { eventId: row.stripe_event_id, type: row.type, status: "duplicate", organizationId: row.organization_id, notes: [] };
  }

  const event = row.payload;
  const handler = handlerFor(event.type);
  const organization = handler ? await resolveOrganization(tx, handler.hints(event)) : null;
  const notes: string[] = [];
  if (handler && organization) {
    await handler.apply({ sql: tx, stripe: deps.stripe, catalog: deps.catalog, event, organization, fresh, notes });
  }
  const status = settledStatus(handler !== undefined, organization);
  await tx`
    update billing_event set status = ${status}, organization_id = coalesce(${organization?.id ?? null}::uuid, organization_id),
      attempts = attempts + 1, processed_at = now(), last_error = null, next_attempt_at = null, updated_at = now()
    where id = ${row.id}`;
  return { eventId: row.stripe_event_id, type: row.type, status, organizationId: organization?.id ?? null, notes };
}

/**
 * Re-applies a recorded event (retry job, staff replay); failures are recorded like a webhook's.
 * `onApplied` runs in the transaction that applied it (a staff replay records its audit entry
 * there), after the event's new status is written; a failure there rolls the whole apply back.
 */
export async function reapplyBillingEvent(
  deps: BillingDeps,
  stripeEventId: string,
  options: { reason: Exclude<ReapplyReason, "redelivery">; maxAttempts?: number; onApplied?: (tx: Sql, outcome: IngestOutcome) => Promise<void> },
): Promise<IngestOutcome> {
  const [row] = await deps.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, stripeEventId));
  if (!row) throw new BillingError(BillingErrorCode.notFound, `No billing event ${stripeEventId}`);
  const event = row.payload as unknown as Stripe.Event;
  if (SETTLED[options.reason].includes(row.status)) {
    return { eventId: row.stripeEventId, type: row.type, status: "duplicate", organizationId: row.organizationId, notes: [] };
  }
  try {
    // The status is checked again under the row's lock: a delivery may have settled it meanwhile.
    return await withFreshReads(deps, event, undefined, (fresh) =>
      inboxSql(deps.db).begin(async (tx) => {
        const outcome = await applyRecordedEvent(tx, deps, stripeEventId, options.reason, fresh);
        if (outcome.status !== "duplicate") await options.onApplied?.(tx, outcome);
        return outcome;
      }),
    );
  } catch (error) {
    return recordEventFailure(deps, event, error, { maxAttempts: options.maxAttempts });
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
 * `organizationId` is kept when the event was resolved before it failed, so staff can find an
 * organization's failed events.
 */
async function recordEventFailure(
  { db }: BillingDeps,
  event: Stripe.Event,
  error: unknown,
  { maxAttempts, organizationId = null }: { maxAttempts?: number; organizationId?: string | null } = {},
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
        organizationId,
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
        organizationId: row.organizationId ?? organizationId,
        lastError: message,
        nextAttemptAt: dead ? null : new Date(Date.now() + retryDelaySeconds(attempts) * 1000),
      })
      .where(eq(billingEventTable.id, row.id));
    return { eventId: event.id, type: event.type, status, organizationId: row.organizationId ?? organizationId, attempts, error: message, notes: [] };
  });
}
