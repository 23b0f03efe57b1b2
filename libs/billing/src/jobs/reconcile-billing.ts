import { describeError, memberTable, subscriptionItemTable, subscriptionTable, SubscriptionStatus } from "@saas/db";
import { and, count, eq, inArray, notInArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { BillingDeps } from "../deps";
import { idOf } from "../stripe-ids";
import { ENTITLED_STATUSES, LIVE_STATUSES } from "../subscription-status";
import { requestSeatSync, syncPendingSeats } from "./sync-seats";
import { resolveOrganization } from "../webhooks/resolve-organization";
import { inboxSql } from "../webhooks/sql";
import { subscriptionRows, upsertSubscription } from "../webhooks/upsert-subscription";

export interface ReconcileBillingResult {
  /** Subscriptions listed from Stripe. */
  checked: number;
  /** Missing here, written from Stripe. */
  created: string[];
  /** Different here, corrected from Stripe. */
  corrected: string[];
  /** In Stripe, but no organization of ours owns them. */
  unmatched: string[];
  /** Not ended here, but unknown to Stripe (another Stripe account's data?). Reported, not changed. */
  missingInStripe: string[];
  /** Organizations with more than one live subscription: probably billed twice. Reported. */
  multipleLiveSubscriptions: { organizationId: string; subscriptionIds: string[] }[];
  /** Organizations whose billed seats did not match their members, corrected in Stripe. */
  seatsCorrected: { organizationId: string; from: number; to: number }[];
  /** A subscription that could not be reconciled, or an organization whose seats could not be synced (retried by `sync-seats`). */
  errors: ({ subscriptionId: string; error: string } | { organizationId: string; error: string })[];
}

/**
 * Job `reconcile-billing`: compares every Stripe subscription with our rows and corrects the
 * drift (an event lost for good, a bug, a manual database edit), then reports what needs a person.
 * Rows are written only when they differ, so a second run changes nothing.
 *
 * A corrected row keeps its event watermark, so an event newer than the last one applied still
 * applies afterwards; and a row something wrote after the listing began (a webhook) is not
 * touched: each row's version is read before Stripe is asked, and a write needs it unchanged.
 * A change racing with the reconcile is never lost.
 */
export async function reconcileBilling(deps: BillingDeps): Promise<ReconcileBillingResult> {
  const result: ReconcileBillingResult = {
    checked: 0,
    created: [],
    corrected: [],
    unmatched: [],
    missingInStripe: [],
    multipleLiveSubscriptions: [],
    seatsCorrected: [],
    errors: [],
  };
  const seen: string[] = [];
  // Versions before the listing: a row written after (by a webhook) is newer than what the list says.
  const versions = new Map(
    (await inboxSql(deps.db)<{ id: string; version: string }[]>`select id, xmin::text as version from subscription`).map((row) => [row.id, row.version]),
  );
  for await (const subscription of deps.stripe.subscriptions.list({ status: "all", limit: 100 })) {
    result.checked += 1;
    seen.push(subscription.id);
    try {
      await reconcileSubscription(deps, subscription, versions.get(subscription.id) ?? null, result);
    } catch (error) {
      result.errors.push({ subscriptionId: subscription.id, error: describeError(error) });
    }
  }

  const ended = [SubscriptionStatus.canceled, SubscriptionStatus.incomplete_expired];
  const missing = await deps.db
    .select({ id: subscriptionTable.id })
    .from(subscriptionTable)
    .where(and(notInArray(subscriptionTable.status, ended), seen.length > 0 ? notInArray(subscriptionTable.id, seen) : undefined));
  result.missingInStripe = missing.map((row) => row.id);

  const duplicates = await deps.db
    .select({ organizationId: subscriptionTable.organizationId, subscriptionIds: sql<string[]>`array_agg(${subscriptionTable.id} order by ${subscriptionTable.id})` })
    .from(subscriptionTable)
    .where(inArray(subscriptionTable.status, LIVE_STATUSES))
    .groupBy(subscriptionTable.organizationId)
    .having(sql`count(*) > 1`);
  result.multipleLiveSubscriptions = duplicates;

  // Drift goes through the seat-sync outbox like any membership change: one sync at a time per
  // organization, and a failure stays there to be retried.
  const drifting = await organizationsWithSeatDrift(deps);
  await requestSeatSync(deps.db, drifting);
  const seats = await syncPendingSeats(deps, { organizationIds: drifting });
  for (const synced of seats.synced) {
    if (synced.status === "updated") result.seatsCorrected.push({ organizationId: synced.organizationId, from: synced.from, to: synced.to });
  }
  for (const failed of seats.failed) result.errors.push({ organizationId: failed.organizationId, error: failed.error });
  return result;
}

async function reconcileSubscription(
  deps: BillingDeps,
  subscription: Stripe.Subscription,
  readVersion: string | null,
  result: ReconcileBillingResult,
) {
  const sql = inboxSql(deps.db);
  const organization = await resolveOrganization(sql, {
    organizationId: subscription.metadata["organizationId"],
    customerId: idOf(subscription.customer),
    subscriptionId: subscription.id,
  });
  if (!organization) {
    result.unmatched.push(subscription.id);
    return;
  }
  const [existing] = await deps.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id));
  const items = await deps.db.select().from(subscriptionItemTable).where(eq(subscriptionItemTable.subscriptionId, subscription.id));
  const expected = subscriptionRows(deps.catalog, subscription);
  if (existing && sameRows(expected, organization.id, existing, items)) return;
  // The row keeps its event watermark (created 0): an event newer than the last applied still applies.
  const { applied } = await sql.begin((tx) =>
    upsertSubscription(tx, deps.catalog, organization.id, subscription, { kind: "fetched", created: 0, readVersion }),
  );
  if (applied) (existing ? result.corrected : result.created).push(subscription.id);
}

type Rows = ReturnType<typeof subscriptionRows>;

/** A value as comparable text: dates by instant, objects with sorted keys (jsonb reorders them). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)));
    }
    return inner;
  });
}

function sameRows(
  expected: Rows,
  organizationId: string,
  row: typeof subscriptionTable.$inferSelect,
  items: (typeof subscriptionItemTable.$inferSelect)[],
): boolean {
  const matches = (wanted: object, held: object) =>
    Object.entries({ ...wanted, organizationId }).every(([key, value]) => canonical(value) === canonical(held[key as keyof typeof held]));
  if (!matches(expected.values, row) || items.length !== expected.items.length) return false;
  return expected.items.every((item) => {
    const held = items.find((candidate) => candidate.id === item.id);
    return held !== undefined && matches(item, held);
  });
}

/** Organizations with an entitled per-seat subscription whose seats differ from their members. */
async function organizationsWithSeatDrift(deps: BillingDeps): Promise<string[]> {
  const seatPrices = deps.catalog.seatPriceIds();
  if (seatPrices.length === 0) return [];
  const members = deps.db
    .select({ organizationId: memberTable.organizationId, n: count().as("n") })
    .from(memberTable)
    .groupBy(memberTable.organizationId)
    .as("members");
  const rows = await deps.db
    .selectDistinct({ organizationId: subscriptionTable.organizationId })
    .from(subscriptionItemTable)
    .innerJoin(subscriptionTable, eq(subscriptionTable.id, subscriptionItemTable.subscriptionId))
    .leftJoin(members, eq(members.organizationId, subscriptionTable.organizationId))
    .where(
      and(
        inArray(subscriptionTable.status, ENTITLED_STATUSES),
        inArray(subscriptionItemTable.stripePriceId, seatPrices),
        sql`${subscriptionItemTable.quantity} <> greatest(1, coalesce(${members.n}, 0))`,
      ),
    );
  return rows.map((row) => row.organizationId);
}
