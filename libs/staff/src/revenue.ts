import type { Database } from "@saas/db";
import { sql } from "drizzle-orm";

/**
 * The staff console's revenue page: MRR and its movements, subscriptions, trials and payments per
 * month, computed in SQL from `subscription_history` (written by the webhook inbox with every
 * applied change) and the processed Stripe invoice events in `billing_event`. Read as the
 * connection's own role, like every staff query (row-level security restricts only `app_tenant`).
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

type MoneyRow = Omit<RevenueMoneyMonth, "failedPaymentsAmount" | "recoveredPaymentsAmount"> & { currency: string };
type ActivityRow = Omit<RevenueActivityMonth, "failedPayments" | "recoveredPayments">;
type PaymentRow = {
  month: string;
  currency: string | null;
  failedPayments: number;
  failedPaymentsAmount: number;
  recoveredPayments: number;
  recoveredPaymentsAmount: number;
};

const PAYING = sql.raw(`('active', 'past_due')`);

export async function getRevenueReport(db: Database, options: { now?: Date; months?: number } = {}): Promise<RevenueReport> {
  const now = options.now ?? new Date();
  const count = options.months ?? 12;
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1), 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const months = Array.from({ length: count }, (_, i) => new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1)).toISOString().slice(0, 7));
  const start = first.toISOString();
  const end = now.toISOString();

  // The two statements read different tables and run side by side on the pool.
  const [history, payments] = await Promise.all([
    db.execute<{ money: MoneyRow[] | null; activity: ActivityRow[] }>(sql`
      with states as (
        select subscription_id, occurred_at, created_at, status, currency,
          case when status in ${PAYING} and currency is not null then mrr_amount else 0 end as value
        from subscription_history where occurred_at < ${end}::timestamptz
      ), ordered as (
        select s.*, lag(status) over w as prev_status, lag(currency) over w as prev_currency,
          coalesce(lag(value) over w, 0) as prev_value, lead(occurred_at) over w as next_at,
          count(*) filter (where status = 'trialing') over w as trialing_rows,
          -- The subscription's first and last change in a month (its state at the month's start and end).
          lag(date_trunc('month', occurred_at, 'UTC')) over w is distinct from date_trunc('month', occurred_at, 'UTC') as first_in_month,
          lead(date_trunc('month', occurred_at, 'UTC')) over w is distinct from date_trunc('month', occurred_at, 'UTC') as last_in_month
        from states s
        window w as (partition by subscription_id order by occurred_at, created_at)
      ), h as (
        select o.*, bool_or(status = 'active' and prev_status = 'trialing') over (partition by subscription_id) as converts
        from ordered o
      ), base as (
        -- Each subscription's state when the first month starts.
        select currency, value, status from h
        where occurred_at < ${start}::timestamptz and (next_at is null or next_at >= ${start}::timestamptz)
      ), moves as (
        -- Each subscription with a change in a month: its state at the month's start and end.
        select subscription_id, date_trunc('month', occurred_at, 'UTC') as month,
          -- One row of each group is its first, one its last: plain aggregates pick them (no sort per group).
          max(prev_status) filter (where first_in_month) as start_status,
          max(prev_currency) filter (where first_in_month) as start_currency,
          coalesce(max(prev_value) filter (where first_in_month), 0) as start_value,
          max(status) filter (where last_in_month) as end_status,
          max(currency) filter (where last_in_month) as end_currency,
          coalesce(max(value) filter (where last_in_month), 0) as end_value,
          bool_or(status = 'trialing' and trialing_rows = 1) as trial_started,
          bool_or(status = 'trialing' and trialing_rows = 1 and converts) as trial_cohort_converted,
          bool_or(status = 'active' and prev_status = 'trialing') as trial_converted
        from h where occurred_at >= ${start}::timestamptz
        group by subscription_id, date_trunc('month', occurred_at, 'UTC')
      ), money_moves as (
        -- Per currency: the start's currency (branch 1) and, if it changed, the end's (branch 2).
        select m.month, c.currency,
          sum(c.end_v - c.start_v) as net,
          coalesce(sum(c.end_v) filter (where c.start_v = 0 and c.end_v > 0), 0) as new_mrr,
          coalesce(sum(c.end_v - c.start_v) filter (where c.start_v > 0 and c.end_v > c.start_v), 0) as expansion,
          coalesce(sum(c.start_v - c.end_v) filter (where c.end_v > 0 and c.end_v < c.start_v), 0) as contraction,
          coalesce(sum(c.start_v) filter (where c.start_v > 0 and c.end_v = 0), 0) as churned,
          count(*) filter (where c.end_paying) - count(*) filter (where c.start_paying) as active_delta
        from moves m cross join lateral (values
          (1, m.start_currency, m.start_value, case when m.end_currency = m.start_currency then m.end_value else 0 end,
            m.start_status in ${PAYING}, m.end_currency = m.start_currency and m.end_status in ${PAYING}),
          (2, m.end_currency, 0, m.end_value, false, m.end_status in ${PAYING})
        ) as c(branch, currency, start_v, end_v, start_paying, end_paying)
        where c.currency is not null and (c.branch = 1 or m.end_currency is distinct from m.start_currency)
        group by m.month, c.currency
      ), months as (
        select generate_series(${start}::timestamptz, ${last.toISOString()}::timestamptz, interval '1 month', 'UTC') as month
      ), base_money as (
        select currency, sum(value) as mrr, count(*) filter (where status in ${PAYING}) as active
        from base where currency is not null group by currency
      ), money as (
        select c.currency, mo.month,
          coalesce(b.mrr, 0) + sum(coalesce(mm.net, 0)) over run as mrr,
          coalesce(mm.net, 0) as net, coalesce(mm.new_mrr, 0) as new_mrr, coalesce(mm.expansion, 0) as expansion,
          coalesce(mm.contraction, 0) as contraction, coalesce(mm.churned, 0) as churned,
          coalesce(b.active, 0) + sum(coalesce(mm.active_delta, 0)) over run as active
        from (select currency from base_money union select currency from money_moves) c
        cross join months mo
        left join base_money b on b.currency = c.currency
        left join money_moves mm on mm.currency = c.currency and mm.month = mo.month
        window run as (partition by c.currency order by mo.month)
      ), activity_moves as (
        select month,
          count(*) filter (where end_status in ${PAYING}) - count(*) filter (where start_status in ${PAYING}) as active_delta,
          count(*) filter (where end_status = 'trialing') - count(*) filter (where start_status = 'trialing') as trialing_delta,
          count(*) filter (where trial_started) as trials_started,
          count(*) filter (where trial_cohort_converted) as cohort_converted,
          count(*) filter (where trial_converted) as trials_converted,
          count(*) filter (where start_status in ${PAYING} and end_status not in ${PAYING}) as churned
        from moves group by month
      ), activity as (
        select mo.month,
          b.active + sum(coalesce(a.active_delta, 0)) over run as active,
          b.trialing + sum(coalesce(a.trialing_delta, 0)) over run as trialing,
          coalesce(a.trials_started, 0) as trials_started, coalesce(a.cohort_converted, 0) as cohort_converted,
          coalesce(a.trials_converted, 0) as trials_converted, coalesce(a.churned, 0) as churned
        from months mo
        cross join (select count(*) filter (where status in ${PAYING}) as active, count(*) filter (where status = 'trialing') as trialing from base) b
        left join activity_moves a on a.month = mo.month
        window run as (order by mo.month)
      )
      select
        (select json_agg(json_build_object(
           'currency', currency, 'month', to_char(month at time zone 'UTC', 'YYYY-MM'),
           'mrr', mrr::bigint, 'arr', 12 * mrr::bigint, 'newMrr', new_mrr::bigint, 'expansionMrr', expansion::bigint,
           'contractionMrr', contraction::bigint, 'churnedMrr', churned::bigint, 'netNewMrr', net::bigint,
           'churnRate', case when mrr - net > 0 then churned::float8 / (mrr - net)::float8 end,
           'activeSubscriptions', active::int) order by currency, month) from money) as money,
        (select json_agg(json_build_object(
           'month', to_char(month at time zone 'UTC', 'YYYY-MM'), 'activeSubscriptions', active::int, 'trialing', trialing::int,
           'trialsStarted', trials_started::int, 'trialsConverted', trials_converted::int,
           'trialConversionRate', case when trials_started > 0 then cohort_converted::float8 / trials_started end,
           'churnedSubscriptions', churned::int) order by month) from activity) as activity`),
    db.execute<PaymentRow>(sql`
      with failed as (
        select payload #>> '{data,object,id}' as invoice, stripe_created, lower(payload #>> '{data,object,currency}') as currency,
          coalesce((payload #>> '{data,object,amount_due}')::bigint, 0) as amount
        from billing_event
        where type = 'invoice.payment_failed' and status = 'processed' and to_timestamp(stripe_created) < ${end}::timestamptz
      ), recovered as (
        select lower(p.payload #>> '{data,object,currency}') as currency, p.stripe_created,
          coalesce((p.payload #>> '{data,object,amount_paid}')::bigint, 0) as amount
        from billing_event p
        where p.type = 'invoice.paid' and p.status = 'processed'
          and to_timestamp(p.stripe_created) >= ${start}::timestamptz and to_timestamp(p.stripe_created) < ${end}::timestamptz
          and exists (select 1 from failed f where f.invoice = p.payload #>> '{data,object,id}' and f.stripe_created <= p.stripe_created)
      ), facts as (
        select true as failed, currency, stripe_created, amount from failed where to_timestamp(stripe_created) >= ${start}::timestamptz
        union all
        select false, currency, stripe_created, amount from recovered
      )
      select to_char(to_timestamp(stripe_created) at time zone 'UTC', 'YYYY-MM') as month, currency,
        (count(*) filter (where failed))::int as "failedPayments", coalesce(sum(amount) filter (where failed), 0)::float8 as "failedPaymentsAmount",
        (count(*) filter (where not failed))::int as "recoveredPayments", coalesce(sum(amount) filter (where not failed), 0)::float8 as "recoveredPaymentsAmount"
      from facts group by 1, 2`),
  ]);

  const [{ money, activity } = { money: null, activity: [] }] = history;
  const paymentsOf = (month: string, currency?: string) =>
    payments.filter((row) => row.month === month && (currency === undefined || row.currency === currency));
  const sum = (rows: PaymentRow[], key: keyof Omit<PaymentRow, "month" | "currency">) => rows.reduce((total, row) => total + row[key], 0);

  // Shaping only: every figure above comes from SQL. A currency seen only in payments gets its months too.
  const currencies = [...new Set([...(money ?? []).map((row) => row.currency), ...payments.flatMap((row) => (row.currency ? [row.currency] : []))])];
  const blocks = currencies.map((currency) => ({
    currency,
    months: months.map((month): RevenueMoneyMonth => {
      const row = money?.find((candidate) => candidate.currency === currency && candidate.month === month);
      const paid = paymentsOf(month, currency);
      return {
        month,
        mrr: row?.mrr ?? 0,
        arr: row?.arr ?? 0,
        newMrr: row?.newMrr ?? 0,
        expansionMrr: row?.expansionMrr ?? 0,
        contractionMrr: row?.contractionMrr ?? 0,
        churnedMrr: row?.churnedMrr ?? 0,
        netNewMrr: row?.netNewMrr ?? 0,
        churnRate: row?.churnRate ?? null,
        activeSubscriptions: row?.activeSubscriptions ?? 0,
        failedPaymentsAmount: sum(paid, "failedPaymentsAmount"),
        recoveredPaymentsAmount: sum(paid, "recoveredPaymentsAmount"),
      };
    }),
  }));
  const current = (block: (typeof blocks)[number]) => block.months.at(-1)?.mrr ?? 0;
  blocks.sort((a, b) => current(b) - current(a) || a.currency.localeCompare(b.currency));

  return {
    generatedAt: now.toISOString(),
    months,
    currencies: blocks,
    activity: months.map((month) => {
      const row = activity.find((candidate) => candidate.month === month);
      const paid = paymentsOf(month);
      return {
        month,
        activeSubscriptions: row?.activeSubscriptions ?? 0,
        trialing: row?.trialing ?? 0,
        trialsStarted: row?.trialsStarted ?? 0,
        trialsConverted: row?.trialsConverted ?? 0,
        trialConversionRate: row?.trialConversionRate ?? null,
        churnedSubscriptions: row?.churnedSubscriptions ?? 0,
        failedPayments: sum(paid, "failedPayments"),
        recoveredPayments: sum(paid, "recoveredPayments"),
      };
    }),
  };
}
