import type { Database } from "@saas/db";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

/**
 * The staff console's revenue page: MRR and its movements, subscriptions, trials and payments per
 * month, computed in SQL from `subscription_history` (written by the webhook inbox with every
 * applied change) and the processed Stripe invoice events in `billing_event`. Read as the
 * connection's own role, like every staff query (row-level security restricts only `app_tenant`).
 *
 * Each month's figures are what happened in it (movements, counts, payments), from that month's
 * history rows alone: each row carries what the report needs of the rows before it (its
 * previous state, whether it starts or converts a trial; filled by the history's insert trigger).
 * Totals (MRR, active, trialing, a cohort's conversions) are the sums of the months up to then.
 * A closed month's figures are kept in `revenue_month` and reused until a change touches that
 * month (see the table), so a report computes the current month and the months that changed.
 *
 * Definitions (months are calendar months in UTC; the last one is the current month to `now`):
 * - A subscription's state at an instant is its latest history row before that instant.
 * - **MRR** at an instant, per currency (never summed across currencies): the sum of `mrr_amount`
 *   (what its prices come to per month, in minor units) of the subscriptions whose state then is
 *   `active` or `past_due`. Past due counts: the customer is still subscribed while Stripe retries
 *   the payment, and the revenue is lost only when the subscription ends (canceled, unpaid) —
 *   the failed payments are reported beside it. Trialing (not revenue yet), incomplete, unpaid,
 *   paused and canceled count 0. A subscription canceled at period end keeps its MRR until the
 *   row with status `canceled` (when it actually ends). Backfilled rows (no currency) count in
 *   no currency. Refunds change nothing: a refund gives back a payment, it does not change what
 *   the subscription is worth per month.
 * - `mrr` of a month: MRR at its end (for the current month, now); `arr` = 12 × `mrr`.
 * - Movements: per subscription and currency, MRR at the month's start vs its end: 0 → x new,
 *   x → 0 churned, up expansion, down contraction (a change and its reversal within one month
 *   are no movement). `netNewMrr` = new + expansion − contraction − churned = MRR(end) − MRR(start).
 *   A subscription moving to another currency churns in one and is new in the other.
 * - `churnRate` = churned MRR / MRR at the month's start; null when that is 0.
 * - `activeSubscriptions`: subscriptions `active` or `past_due` at the month's end (per currency in
 *   `currencies`, all of them in `activity`); `trialing` likewise.
 * - `trialsStarted`: subscriptions whose first `trialing` row falls in the month;
 *   `trialsConverted`: subscriptions that went from `trialing` to `active` in the month;
 *   `trialConversionRate`: of the trials started in the month (its cohort), the share converted
 *   by now — so the latest months' rates still rise as their trials end; null without trials.
 * - `churnedSubscriptions`: `active` or `past_due` at the month's start, neither at its end.
 * - `failedPayments`: processed `invoice.payment_failed` events whose Stripe `created` falls in the
 *   month (the amount: the invoice's `amount_due`, per its currency); `recoveredPayments`:
 *   processed `invoice.paid` events in the month for an invoice that had a processed
 *   `invoice.payment_failed` before (the amount: `amount_paid`).
 */

export interface RevenueMoneyMonth {
  /** 'YYYY-MM' */
  month: string;
  mrr: number;
  arr: number;
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnedMrr: number;
  netNewMrr: number;
  /** churnedMrr / MRR at the month's start, null when that is 0. */
  churnRate: number | null;
  activeSubscriptions: number;
  failedPaymentsAmount: number;
  recoveredPaymentsAmount: number;
}

export interface RevenueActivityMonth {
  month: string;
  activeSubscriptions: number;
  trialing: number;
  trialsStarted: number;
  trialsConverted: number;
  trialConversionRate: number | null;
  churnedSubscriptions: number;
  failedPayments: number;
  recoveredPayments: number;
}

export interface RevenueReport {
  /** ISO */
  generatedAt: string;
  /** Oldest first; the last is the current month to date. */
  months: string[];
  /** Sorted by current MRR, highest first. */
  currencies: { currency: string; months: RevenueMoneyMonth[] }[];
  activity: RevenueActivityMonth[];
}

/**
 * What happened in one month, as `revenue_month` keeps it: counts and amounts only, nothing
 * carried from earlier months, so a change in one month leaves every other month's figures valid.
 * From the subscription history:
 */
const historyFiguresSchema = z.object({
  money: z.array(
    z.object({
      currency: z.string(),
      net: z.number(),
      newMrr: z.number(),
      expansion: z.number(),
      contraction: z.number(),
      churned: z.number(),
      activeDelta: z.number(),
    }),
  ),
  activity: z.object({
    activeDelta: z.number(),
    trialingDelta: z.number(),
    trialsStarted: z.number(),
    trialsConverted: z.number(),
    churned: z.number(),
  }),
  /** Trials converted in the month, by the month the trial started ('YYYY-MM'). */
  conversions: z.array(z.object({ cohort: z.string(), count: z.number() })),
});
/** From the invoice events, per currency (NULL: an invoice without one). */
const paymentFiguresSchema = z.array(
  z.object({
    currency: z.string().nullable(),
    failed: z.number(),
    failedAmount: z.number(),
    recovered: z.number(),
    recoveredAmount: z.number(),
  }),
);
type HistoryFigures = z.infer<typeof historyFiguresSchema>;
type PaymentFigures = z.infer<typeof paymentFiguresSchema>;

const PAYING = sql.raw(`('active', 'past_due')`);
/** A closed month is stored once it ended this long before; see revenue_month_invalidate (migration 0020). */
const SETTLED = sql.raw(`interval '10 minutes'`);

const monthKey = (instant: Date) => instant.toISOString().slice(0, 7);
const addMonths = (instant: Date, months: number) => new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() + months, 1));

export async function getRevenueReport(db: Database, options: { now?: Date; months?: number } = {}): Promise<RevenueReport> {
  const now = options.now ?? new Date();
  const count = options.months ?? 12;
  const current = addMonths(now, 0);
  const first = addMonths(now, -(count - 1));
  const months = Array.from({ length: count }, (_, i) => monthKey(addMonths(first, i)));

  const [stored] = await db.execute<{ firstChange: string | null; history: Record<string, unknown> | null; payments: Record<string, unknown> | null }>(sql`
    select (select to_char(min(occurred_at) at time zone 'UTC', 'YYYY-MM') from subscription_history) as "firstChange",
      (select jsonb_object_agg(to_char(month at time zone 'UTC', 'YYYY-MM'), history) from revenue_month where history is not null) as history,
      (select jsonb_object_agg(to_char(month at time zone 'UTC', 'YYYY-MM'), payments) from revenue_month where payments is not null) as payments`);
  // Totals add up every month since the history's first change; payments are wanted in the window only.
  const firstChange = stored?.firstChange ? new Date(`${stored.firstChange}-01T00:00:00Z`) : first;
  const history = reuse(historyFiguresSchema, stored?.history, firstChange < first ? firstChange : first, current);
  const payments = reuse(paymentFiguresSchema, stored?.payments, first, current);
  // The two read different tables: side by side on the pool.
  const [historyComputed, paymentsComputed] = await Promise.all([
    computeMonths(db, HISTORY, history.missing, now),
    computeMonths(db, PAYMENTS, payments.missing, now),
  ]);
  for (const [month, figures] of historyComputed) history.figures.set(month, figures);
  for (const [month, figures] of paymentsComputed) payments.figures.set(month, figures);
  return assemble(months, history.figures, payments.figures, now);
}

/** The stored figures of the months from `from` through `current` (never the current month, still going), and the months to compute. */
function reuse<T>(schema: z.ZodType<T>, stored: Record<string, unknown> | null | undefined, from: Date, current: Date) {
  const figures = new Map<string, T>();
  const missing: Date[] = [];
  for (let month = from; month <= current; month = addMonths(month, 1)) {
    const kept = month < current ? stored?.[monthKey(month)] : undefined;
    if (kept) figures.set(monthKey(month), schema.parse(kept));
    else missing.push(month);
  }
  return { figures, missing };
}

/**
 * One part of `revenue_month`: its columns, and common table expressions ending in
 * `figures (month, figures)` with a row per month of `wanted (month, from_at, to_at)`.
 */
interface Part<T> {
  version: SQL;
  column: SQL;
  schema: z.ZodType<T>;
  figures: SQL;
}

const HISTORY: Part<HistoryFigures> = {
  version: sql.raw("history_version"),
  column: sql.raw("history"),
  schema: historyFiguresSchema,
  figures: sql`
    changes as (
      select w.month, h.subscription_id, h.status, h.currency, h.previous_status, h.previous_currency,
        case when h.status in ${PAYING} and h.currency is not null then h.mrr_amount else 0 end as value,
        case when h.previous_status in ${PAYING} and h.previous_currency is not null then h.previous_mrr_amount else 0 end as previous_value,
        h.starts_trial, h.converts_trial, h.trial_started_at,
        -- The subscription's first and last change in the month.
        lag(h.seq) over g is null as first_in_month, lead(h.seq) over g is null as last_in_month
      from wanted w join subscription_history h on h.occurred_at >= w.from_at and h.occurred_at < w.to_at
      -- Byte order ("C"): any order groups, and it sorts faster than the database's collation.
      window g as (partition by w.month, h.subscription_id collate "C" order by h.seq)
    ), moves as (
      -- Each subscription with a change in a month: its state when the month starts (what its
      -- first row there followed) and when it ends (its last row there). One row of each group
      -- is its first, one its last: plain aggregates pick them.
      select month, subscription_id,
        max(previous_status) filter (where first_in_month) as start_status,
        max(previous_currency) filter (where first_in_month) as start_currency,
        coalesce(max(previous_value) filter (where first_in_month), 0) as start_value,
        max(status) filter (where last_in_month) as end_status,
        max(currency) filter (where last_in_month) as end_currency,
        coalesce(max(value) filter (where last_in_month), 0) as end_value,
        bool_or(starts_trial) as trial_started,
        bool_or(status = 'active' and previous_status = 'trialing') as trial_converted,
        max(date_trunc('month', trial_started_at, 'UTC')) filter (where converts_trial) as converted_cohort
      from changes group by month, subscription_id
    ), sides as (
      -- Per currency: the start's (with the end if it is the same currency) and, if the
      -- subscription moved to another currency, the end's: it churns in one and is new in the other.
      select month, start_currency as currency, start_value as start_v,
        case when end_currency = start_currency then end_value else 0 end as end_v,
        start_status in ${PAYING} as start_paying, end_currency = start_currency and end_status in ${PAYING} as end_paying
      from moves where start_currency is not null
      union all
      select month, end_currency, 0, end_value, false, end_status in ${PAYING}
      from moves where end_currency is not null and end_currency is distinct from start_currency
    ), money as (
      select month, currency,
        sum(end_v - start_v) as net,
        coalesce(sum(end_v) filter (where start_v = 0 and end_v > 0), 0) as new_mrr,
        coalesce(sum(end_v - start_v) filter (where start_v > 0 and end_v > start_v), 0) as expansion,
        coalesce(sum(start_v - end_v) filter (where end_v > 0 and end_v < start_v), 0) as contraction,
        coalesce(sum(start_v) filter (where start_v > 0 and end_v = 0), 0) as churned,
        count(*) filter (where end_paying) - count(*) filter (where start_paying) as active_delta
      from sides group by month, currency
    ), activity as (
      select month,
        count(*) filter (where end_status in ${PAYING}) - count(*) filter (where start_status in ${PAYING}) as active_delta,
        count(*) filter (where end_status = 'trialing') - count(*) filter (where start_status = 'trialing') as trialing_delta,
        count(*) filter (where trial_started) as trials_started,
        count(*) filter (where trial_converted) as trials_converted,
        count(*) filter (where start_status in ${PAYING} and end_status not in ${PAYING}) as churned
      from moves group by month
    ), conversions as (
      select month, converted_cohort as cohort, count(*) as converted from moves where converted_cohort is not null group by month, converted_cohort
    ), figures as (
      select w.month, jsonb_build_object(
        'money', coalesce((select jsonb_agg(jsonb_build_object('currency', m.currency, 'net', m.net, 'newMrr', m.new_mrr,
            'expansion', m.expansion, 'contraction', m.contraction, 'churned', m.churned, 'activeDelta', m.active_delta) order by m.currency)
          from money m where m.month = w.month), '[]'),
        'activity', jsonb_build_object('activeDelta', coalesce(a.active_delta, 0), 'trialingDelta', coalesce(a.trialing_delta, 0),
          'trialsStarted', coalesce(a.trials_started, 0), 'trialsConverted', coalesce(a.trials_converted, 0), 'churned', coalesce(a.churned, 0)),
        'conversions', coalesce((select jsonb_agg(jsonb_build_object('cohort', to_char(c.cohort at time zone 'UTC', 'YYYY-MM'), 'count', c.converted) order by c.cohort)
          from conversions c where c.month = w.month), '[]')
      ) as figures
      from wanted w left join activity a on a.month = w.month
    )`,
};

const PAYMENTS: Part<PaymentFigures> = {
  version: sql.raw("payments_version"),
  column: sql.raw("payments"),
  schema: paymentFiguresSchema,
  figures: sql`
    invoices as materialized (
      select w.month, e.type, lower(e.payload #>> '{data,object,currency}') as currency,
        coalesce((case when e.type = 'invoice.paid' then e.payload #>> '{data,object,amount_paid}'
          else e.payload #>> '{data,object,amount_due}' end)::bigint, 0) as amount,
        -- A payment recovers a failure: its invoice failed before (at any time).
        e.type = 'invoice.paid' and exists (
          select 1 from billing_event f
          where f.type = 'invoice.payment_failed' and f.status = 'processed'
            and f.payload #>> '{data,object,id}' = e.payload #>> '{data,object,id}' and f.stripe_created <= e.stripe_created
        ) as recovered
      from wanted w join billing_event e on e.status = 'processed' and e.type in ('invoice.paid', 'invoice.payment_failed')
        and e.stripe_created >= extract(epoch from w.from_at)::bigint and e.stripe_created < ceil(extract(epoch from w.to_at))::bigint
    ), payments as (
      select month, currency,
        count(*) filter (where type = 'invoice.payment_failed') as failed,
        coalesce(sum(amount) filter (where type = 'invoice.payment_failed'), 0) as failed_amount,
        count(*) filter (where recovered) as recovered,
        coalesce(sum(amount) filter (where recovered), 0) as recovered_amount
      from invoices where type = 'invoice.payment_failed' or recovered group by month, currency
    ), figures as (
      select w.month, coalesce((select jsonb_agg(jsonb_build_object('currency', p.currency, 'failed', p.failed, 'failedAmount', p.failed_amount,
          'recovered', p.recovered, 'recoveredAmount', p.recovered_amount) order by p.currency)
        from payments p where p.month = w.month), '[]') as figures
      from wanted w
    )`,
};

/**
 * One part's figures of the given months (the current month up to `now`), in one statement; a
 * complete month that ended over 10 minutes ago is stored in the same statement, only if the
 * part's version is still the one this statement's snapshot read (a change committed since has
 * invalidated what was computed, and the report computes that month again next time).
 */
async function computeMonths<T>(db: Database, part: Part<T>, months: Date[], now: Date): Promise<Map<string, T>> {
  if (months.length === 0) return new Map();
  const wanted = months.map((month) => {
    const end = addMonths(month, 1);
    return { month: month.toISOString(), from_at: month.toISOString(), to_at: (end < now ? end : now).toISOString(), complete: end <= now };
  });
  const rows = await db.execute<{ month: string; figures: unknown }>(sql`
    with wanted as (
      select w.month, w.from_at, w.to_at, w.complete and w.to_at <= now() - ${SETTLED} as storable, coalesce(r.${part.version}, 0) as version
      from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as w(month timestamptz, from_at timestamptz, to_at timestamptz, complete boolean)
      left join revenue_month r on r.month = w.month
    ), ${part.figures}, stored as (
      insert into revenue_month as r (month, ${part.version}, ${part.column})
      select w.month, w.version, f.figures from wanted w join figures f on f.month = w.month where w.storable
      on conflict (month) do update set ${part.column} = excluded.${part.column}
      where r.${part.version} = excluded.${part.version}
    )
    select to_char(month at time zone 'UTC', 'YYYY-MM') as month, figures from figures`);
  return new Map(rows.map((row) => [row.month, part.schema.parse(row.figures)]));
}

/**
 * The report from the months' figures, oldest first (every month since the history's first
 * change, so the sums are totals): running sums give MRR, active and trialing subscriptions at
 * each month's end; a cohort's conversions are summed over every month up to now.
 */
function assemble(months: string[], history: Map<string, HistoryFigures>, payments: Map<string, PaymentFigures>, now: Date): RevenueReport {
  const window = new Set(months);
  const mrr = new Map<string, number>();
  const active = new Map<string, number>();
  const money = new Map<string, RevenueMoneyMonth[]>();
  const activity: RevenueActivityMonth[] = [];
  const converted = new Map<string, number>();
  let activeTotal = 0;
  let trialing = 0;
  for (const [month, f] of [...history.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const paidInMonth = payments.get(month) ?? [];
    for (const c of f.conversions) converted.set(c.cohort, (converted.get(c.cohort) ?? 0) + c.count);
    activeTotal += f.activity.activeDelta;
    trialing += f.activity.trialingDelta;
    const moves = new Map(f.money.map((row) => [row.currency, row]));
    const paid = new Map(paidInMonth.map((row) => [row.currency, row]));
    const currencies = new Set([...mrr.keys(), ...moves.keys(), ...paidInMonth.flatMap((row) => (row.currency ? [row.currency] : []))]);
    for (const currency of currencies) {
      const move = moves.get(currency);
      const start = mrr.get(currency) ?? 0;
      const end = start + (move?.net ?? 0);
      mrr.set(currency, end);
      const activeAtEnd = (active.get(currency) ?? 0) + (move?.activeDelta ?? 0);
      active.set(currency, activeAtEnd);
      if (!window.has(month)) continue;
      const payment = paid.get(currency);
      // A currency first seen in the window had nothing in the window's months before.
      const rows = money.get(currency) ?? months.filter((m) => m < month).map(emptyMoneyMonth);
      rows.push({
        month,
        mrr: end,
        arr: 12 * end,
        newMrr: move?.newMrr ?? 0,
        expansionMrr: move?.expansion ?? 0,
        contractionMrr: move?.contraction ?? 0,
        churnedMrr: move?.churned ?? 0,
        netNewMrr: move?.net ?? 0,
        churnRate: start > 0 ? (move?.churned ?? 0) / start : null,
        activeSubscriptions: activeAtEnd,
        failedPaymentsAmount: payment?.failedAmount ?? 0,
        recoveredPaymentsAmount: payment?.recoveredAmount ?? 0,
      });
      money.set(currency, rows);
    }
    if (window.has(month)) {
      const sum = (key: "failed" | "recovered") => paidInMonth.reduce((total, row) => total + row[key], 0);
      activity.push({
        month,
        activeSubscriptions: activeTotal,
        trialing,
        trialsStarted: f.activity.trialsStarted,
        trialsConverted: f.activity.trialsConverted,
        trialConversionRate: null, // once every month's conversions are in
        churnedSubscriptions: f.activity.churned,
        failedPayments: sum("failed"),
        recoveredPayments: sum("recovered"),
      });
    }
  }
  for (const row of activity) row.trialConversionRate = row.trialsStarted > 0 ? (converted.get(row.month) ?? 0) / row.trialsStarted : null;

  // A currency with nothing in the window (all its subscriptions ended before) is left out.
  const blocks = [...money.entries()]
    .filter(([, rows]) => rows.some((row) => row.mrr !== 0 || row.activeSubscriptions !== 0 || row.netNewMrr !== 0 || row.failedPaymentsAmount !== 0 || row.recoveredPaymentsAmount !== 0))
    .map(([currency, rows]) => ({ currency, months: rows }));
  const latest = (block: (typeof blocks)[number]) => block.months.at(-1)?.mrr ?? 0;
  blocks.sort((a, b) => latest(b) - latest(a) || a.currency.localeCompare(b.currency));
  return { generatedAt: now.toISOString(), months, currencies: blocks, activity };
}

const emptyMoneyMonth = (month: string): RevenueMoneyMonth => ({
  month,
  mrr: 0,
  arr: 0,
  newMrr: 0,
  expansionMrr: 0,
  contractionMrr: 0,
  churnedMrr: 0,
  netNewMrr: 0,
  churnRate: null,
  activeSubscriptions: 0,
  failedPaymentsAmount: 0,
  recoveredPaymentsAmount: 0,
});
