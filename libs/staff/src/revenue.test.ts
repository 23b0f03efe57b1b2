import { ingestStripeEvent, type BillingDeps } from "@saas/billing";
import { chargeObject, createTestCatalog, startLocalStripeServer, stripeEvent, TEST_PRICES, type LocalStripeServer } from "@saas/billing/testing";
import { createCustomerOrganization, proSubscription } from "@saas/billing/testing/fixtures";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRevenueReport, type RevenueActivityMonth, type RevenueMoneyMonth, type RevenueReport } from "./revenue";

// Hand-computed figures over January to June 2026 (the report asked on 15 June), with three
// subscriptions already paying before January. Amounts are a month's, in cents.
//
//  A usd  3 seats × 1,200 = 3,600 since 10 Dec; 5 seats (6,000) on 10 Feb; past due 20 May, active again 2 Jun
//  B usd  yearly 120,000 = 10,000 a month, created 5 Jan           (through the webhook inbox)
//  C usd  1,200 from 20 Jan; plan upgrade to 5,000 on 3 Mar
//  D usd  5,000 since 1 Dec; downgrade to 2,000 on 15 Mar
//  E usd  trial from 1 Feb (2,400), active 15 Feb
//  F usd  trial from 10 Feb (2,400), canceled 10 Mar without paying
//  G usd  3,000 since 1 Nov; cancel at period end asked 5 Apr, ends 5 May (through the webhook inbox)
//  H eur  4,000 from 10 Jan
//  April: no subscription changes at all, only a refund.
//  Payments: invoice 1 (usd 6,000) fails in May, is paid in June (recovered); invoice 3 paid in
//  May with no failure; invoice 2 (eur 4,000) fails in June.
//
//  usd MRR at 1 Jan: A 3,600 + D 5,000 + G 3,000 = 11,600
//  Jan  +B 10,000 +C 1,200 new                      → 22,800
//  Feb  A +2,400 expansion, E +2,400 new            → 27,600
//  Mar  C +3,800 expansion, D −3,000 contraction    → 28,400
//  Apr  nothing                                     → 28,400
//  May  G −3,000 churned (A past due still counts)  → 25,400
//  Jun  nothing (A active again)                    → 25,400

const NOW = new Date("2026-06-15T12:00:00Z");
const at = (iso: string) => new Date(`${iso}T09:00:00Z`);
const epoch = (iso: string) => Math.floor(at(iso).getTime() / 1000);

let t: TestDatabase;
let stripeServer: LocalStripeServer;
let report: RevenueReport;

async function newSubscription(currency = "usd") {
  const { organization } = await createTestOrganization(t.db);
  const id = `sub_rev_${organization.slug}`;
  await t.db.execute(sql`insert into subscription (id, organization_id, stripe_customer_id, status) values (${id}, ${organization.id}, 'cus_x', 'active')`);
  return async (day: string, status: string, mrr: number, planId = "pro") => {
    await t.db.execute(sql`
      insert into subscription_history (subscription_id, organization_id, status, plan_id, quantity, mrr_amount, currency, interval, interval_count, source, occurred_at)
      values (${id}, ${organization.id}, ${status}, ${planId}, 1, ${mrr}, ${currency}, 'month', 1, 'event', ${at(day).toISOString()}::timestamptz)`);
  };
}

async function invoiceEvent(type: string, day: string, invoice: string, currency: string, amount: number) {
  const object = { id: invoice, object: "invoice", currency, amount_due: amount, amount_paid: type === "invoice.paid" ? amount : 0 };
  await t.db.execute(sql`
    insert into billing_event (stripe_event_id, type, stripe_created, payload, status)
    values (${`evt_${type}_${invoice}`}, ${type}, ${epoch(day)}, ${JSON.stringify({ data: { object } })}::jsonb, 'processed')`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  stripeServer = await startLocalStripeServer();
  const deps: BillingDeps = { db: t.db, stripe: stripeServer.client(), catalog: createTestCatalog() };
  const ingest = async (event: ReturnType<typeof stripeEvent>) => expect(await ingestStripeEvent(deps, event)).toMatchObject({ status: "processed" });

  const a = await newSubscription();
  await a("2025-12-10", "active", 3_600);
  await a("2026-02-10", "active", 6_000);
  await a("2026-05-20", "past_due", 6_000);
  await a("2026-06-02", "active", 6_000);

  // B: the yearly price, normalised by the inbox's write path.
  const b = await createCustomerOrganization(t.db);
  const yearly = proSubscription(b.customer, b.organization.id, { items: [{ price: TEST_PRICES.proYearly, unitAmount: 120_000, interval: "year", quantity: 1 }] });
  await ingest(stripeEvent("customer.subscription.created", yearly, { created: epoch("2026-01-05") }));

  const c = await newSubscription();
  await c("2026-01-20", "active", 1_200);
  await c("2026-03-03", "active", 5_000, "enterprise");

  const d = await newSubscription();
  await d("2025-12-01", "active", 5_000);
  await d("2026-03-15", "active", 2_000);

  const e = await newSubscription();
  await e("2026-02-01", "trialing", 2_400);
  await e("2026-02-15", "active", 2_400);

  const f = await newSubscription();
  await f("2026-02-10", "trialing", 2_400);
  await f("2026-03-10", "canceled", 2_400);

  // G: cancel at period end through the inbox: the request changes nothing followed (no row,
  // MRR stays), the subscription's end is the churn.
  const g = await createCustomerOrganization(t.db);
  const monthly = proSubscription(g.customer, g.organization.id, { items: [{ price: TEST_PRICES.proMonthly, unitAmount: 1_000, quantity: 3 }] });
  await ingest(stripeEvent("customer.subscription.created", monthly, { created: epoch("2025-11-01") }));
  await ingest(stripeEvent("customer.subscription.updated", { ...monthly, cancel_at_period_end: true }, { created: epoch("2026-04-05") }));
  await ingest(stripeEvent("customer.subscription.deleted", { ...monthly, status: "canceled", ended_at: epoch("2026-05-05") }, { created: epoch("2026-05-05") }));
  // A refund of a subscription invoice in April, through the inbox: no history row, no MRR change.
  const charge = chargeObject({ customer: g.customer, paymentIntent: "pi_rev_refund", amount: 3_000, amountRefunded: 3_000 });
  await ingest(stripeEvent("charge.refunded", charge, { created: epoch("2026-04-12") }));

  const h = await newSubscription("eur");
  await h("2026-01-10", "active", 4_000);

  await invoiceEvent("invoice.payment_failed", "2026-05-03", "in_rev_1", "usd", 6_000);
  await invoiceEvent("invoice.paid", "2026-06-04", "in_rev_1", "usd", 6_000);
  await invoiceEvent("invoice.paid", "2026-05-08", "in_rev_3", "usd", 3_000);
  await invoiceEvent("invoice.payment_failed", "2026-06-06", "in_rev_2", "eur", 4_000);

  // Computed from the history, then again from the months it stored: the same report. Every
  // figure below is checked against the second.
  const computed = await getRevenueReport(t.db, { now: NOW, months: 6 });
  report = await getRevenueReport(t.db, { now: NOW, months: 6 });
  expect(report).toEqual(computed);
});
afterAll(async () => {
  await stripeServer.close();
  await t.dispose();
});

const MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"];
type Money = Omit<RevenueMoneyMonth, "month" | "arr" | "churnRate">;
const money = (mrr: number, activeSubscriptions: number, moves: Partial<Money> = {}): Money => ({
  mrr,
  newMrr: 0,
  expansionMrr: 0,
  contractionMrr: 0,
  churnedMrr: 0,
  netNewMrr: 0,
  activeSubscriptions,
  failedPaymentsAmount: 0,
  recoveredPaymentsAmount: 0,
  ...moves,
});

const EXPECTED_MONEY: Record<string, Money[]> = {
  usd: [
    money(22_800, 5, { newMrr: 11_200, netNewMrr: 11_200 }),
    money(27_600, 6, { newMrr: 2_400, expansionMrr: 2_400, netNewMrr: 4_800 }),
    money(28_400, 6, { expansionMrr: 3_800, contractionMrr: 3_000, netNewMrr: 800 }),
    money(28_400, 6),
    money(25_400, 5, { churnedMrr: 3_000, netNewMrr: -3_000, failedPaymentsAmount: 6_000 }),
    money(25_400, 5, { recoveredPaymentsAmount: 6_000 }),
  ],
  eur: [
    money(4_000, 1, { newMrr: 4_000, netNewMrr: 4_000 }),
    money(4_000, 1),
    money(4_000, 1),
    money(4_000, 1),
    money(4_000, 1),
    money(4_000, 1, { failedPaymentsAmount: 4_000 }),
  ],
};

type Activity = Omit<RevenueActivityMonth, "month">;
const EXPECTED_ACTIVITY: Activity[] = [
  { activeSubscriptions: 6, trialing: 0, trialsStarted: 0, trialsConverted: 0, trialConversionRate: null, churnedSubscriptions: 0, failedPayments: 0, recoveredPayments: 0 },
  // E and F start a trial; E converts, F is still trialing at the month's end.
  { activeSubscriptions: 7, trialing: 1, trialsStarted: 2, trialsConverted: 1, trialConversionRate: 0.5, churnedSubscriptions: 0, failedPayments: 0, recoveredPayments: 0 },
  // F's trial ends unpaid: not a churned subscription (it never paid).
  { activeSubscriptions: 7, trialing: 0, trialsStarted: 0, trialsConverted: 0, trialConversionRate: null, churnedSubscriptions: 0, failedPayments: 0, recoveredPayments: 0 },
  { activeSubscriptions: 7, trialing: 0, trialsStarted: 0, trialsConverted: 0, trialConversionRate: null, churnedSubscriptions: 0, failedPayments: 0, recoveredPayments: 0 },
  { activeSubscriptions: 6, trialing: 0, trialsStarted: 0, trialsConverted: 0, trialConversionRate: null, churnedSubscriptions: 1, failedPayments: 1, recoveredPayments: 0 },
  { activeSubscriptions: 6, trialing: 0, trialsStarted: 0, trialsConverted: 0, trialConversionRate: null, churnedSubscriptions: 0, failedPayments: 1, recoveredPayments: 1 },
];

describe("revenue report: hand-computed fixtures", () => {
  it("covers the six months, oldest first, currencies by current MRR", () => {
    expect(report.months).toEqual(MONTHS);
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report.currencies.map((c) => c.currency)).toEqual(["usd", "eur"]);
  });

  for (const currency of ["usd", "eur"]) {
    it.each(MONTHS.map((month, i) => [month, i] as const))(`${currency} %s`, (month, i) => {
      const got = report.currencies.find((c) => c.currency === currency)?.months[i];
      const want = EXPECTED_MONEY[currency]![i]!;
      expect(got).toMatchObject({ month, ...want, arr: want.mrr * 12 });
    });
  }

  it.each(MONTHS.map((month, i) => [month, i] as const))("activity %s", (month, i) => {
    expect(report.activity[i]).toEqual({ month, ...EXPECTED_ACTIVITY[i] });
  });

  it("churn rate is churned MRR over MRR at the month's start; 0 without churn", () => {
    const usd = report.currencies[0]!.months;
    expect(usd[4]!.churnRate).toBeCloseTo(3_000 / 28_400, 10);
    expect(usd.map((m) => m.churnRate)).toEqual([0, 0, 0, 0, usd[4]!.churnRate, 0]);
  });

  it("the inbox wrote B's and G's history: the yearly price normalised, the cancel request no row, the end one; the refund none", async () => {
    const rows = await t.db.execute<{ mrr_amount: string; status: string; occurred_at: string }>(sql`
      select h.mrr_amount::text, h.status, to_char(h.occurred_at at time zone 'UTC', 'YYYY-MM-DD') as occurred_at
      from subscription_history h where h.stripe_event_id is not null order by h.occurred_at`);
    expect(rows.map((r) => [r.occurred_at, r.status, Number(r.mrr_amount)])).toEqual([
      ["2025-11-01", "active", 3_000],
      ["2026-01-05", "active", 10_000],
      ["2026-05-05", "canceled", 3_000],
    ]);
  });

  it("net new MRR = new + expansion − contraction − churned = MRR(end) − MRR(start), MRR as a plain query counts it", async () => {
    for (const { currency, months } of report.currencies) {
      for (const [i, m] of months.entries()) {
        expect(m.netNewMrr, `${currency} ${m.month}`).toBe(m.newMrr + m.expansionMrr - m.contractionMrr - m.churnedMrr);
        const end = i === months.length - 1 ? NOW : new Date(`${MONTHS[i + 1]}-01T00:00:00Z`);
        const start = new Date(`${m.month}-01T00:00:00Z`);
        expect(m.mrr, `${currency} MRR at the end of ${m.month}`).toBe(await plainMrr(currency, end));
        expect(m.netNewMrr, `${currency} ${m.month}`).toBe((await plainMrr(currency, end)) - (await plainMrr(currency, start)));
      }
    }
  });

  it("defaults to twelve months ending with the current one", async () => {
    const full = await getRevenueReport(t.db, { now: NOW });
    expect(full.months).toHaveLength(12);
    expect(full.months[0]).toBe("2025-07");
    expect(full.months.at(-1)).toBe("2026-06");
    // December: A and D start, G carries on from November.
    expect(full.currencies.find((c) => c.currency === "usd")?.months[5]).toMatchObject({ month: "2025-12", mrr: 11_600, newMrr: 8_600, netNewMrr: 8_600 });
  });
});

/** MRR at an instant the plainest way: each subscription's latest row before it. */
async function plainMrr(currency: string, instant: Date) {
  const [row] = await t.db.execute<{ mrr: string }>(sql`
    select coalesce(sum(mrr_amount), 0)::text as mrr from (
      select distinct on (subscription_id) status, currency, mrr_amount from subscription_history
      where occurred_at < ${instant.toISOString()}::timestamptz order by subscription_id, occurred_at desc, created_at desc
    ) latest where status in ('active', 'past_due') and currency = ${currency}`);
  return Number(row?.mrr);
}

describe("revenue report: the closed months' figures (revenue_month)", () => {
  const month = (key: string) => `${key}-01T00:00:00Z`;
  const stored = async () =>
    Object.fromEntries(
      (
        await t.db.execute<{ month: string; historyVersion: number; history: unknown; paymentsVersion: number; payments: unknown }>(sql`
          select to_char(month at time zone 'UTC', 'YYYY-MM') as month, history_version::int as "historyVersion", history,
            payments_version::int as "paymentsVersion", payments
          from revenue_month order by month`)
      ).map((row) => [row.month, row]),
    );
  /** The report as computed from nothing: every stored month forgotten first. */
  const fromScratch = async () => {
    await t.db.execute(sql`update revenue_month set history = null, history_version = history_version + 1, payments = null, payments_version = payments_version + 1`);
    return getRevenueReport(t.db, { now: NOW, months: 6 });
  };
  const usd = (r: RevenueReport, key: string) => r.currencies.find((c) => c.currency === "usd")!.months.find((m) => m.month === key)!;

  it("stores every month that ended (the current one never) and reads them back instead of the history", async () => {
    await getRevenueReport(t.db, { now: NOW, months: 6 });
    const months = await stored();
    // The history's since its first change (the totals add them up); the payments' in the window.
    for (const key of ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]) expect(months[key]?.history, key).not.toBeNull();
    for (const key of ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]) expect(months[key]?.payments, key).not.toBeNull();
    // June is the report's current month: not over when the report asks (though long over by the database's clock).
    expect(months["2026-06"]?.history ?? null).toBeNull();
    expect(months["2026-06"]?.payments ?? null).toBeNull();

    // March's stored figures, altered by hand, are what the next report shows: it did not read March's history.
    await t.db.execute(sql`update revenue_month set history = jsonb_set(history, '{money,0,net}', '1') where month = ${month("2026-03")}::timestamptz`);
    expect(usd(await getRevenueReport(t.db, { now: NOW, months: 6 }), "2026-03").netNewMrr).toBe(1);
    expect(await fromScratch()).toEqual(report);
  });

  it("a late change in a closed month clears that month only, in the same transaction; the next report counts it; removing it clears from its month on", async () => {
    const before = await stored();
    const late = await newSubscription();
    await late("2026-03-20", "active", 1_000);
    const after = await stored();
    expect(after["2026-03"]).toMatchObject({ history: null, historyVersion: before["2026-03"]!.historyVersion + 1 });
    expect(after["2026-03"]).toMatchObject({ payments: before["2026-03"]!.payments, paymentsVersion: before["2026-03"]!.paymentsVersion });
    for (const key of ["2026-02", "2026-04", "2026-05"]) expect(after[key], key).toEqual(before[key]);

    const counted = await getRevenueReport(t.db, { now: NOW, months: 6 });
    expect(usd(counted, "2026-03")).toMatchObject({ newMrr: 1_000, mrr: 29_400 });
    expect(usd(counted, "2026-06")).toMatchObject({ mrr: 26_400 });
    expect(counted).toEqual(await fromScratch());

    // The organization goes, its history with it: March and every month after are cleared.
    const settled = await stored();
    await t.db.execute(sql`delete from organization where id = (select organization_id from subscription_history where mrr_amount = 1000 and currency = 'usd' and occurred_at = ${at("2026-03-20").toISOString()}::timestamptz)`);
    const removed = await stored();
    expect(removed["2026-02"]).toEqual(settled["2026-02"]);
    for (const key of ["2026-03", "2026-04", "2026-05"]) expect(removed[key]?.history, key).toBeNull();
    expect(await getRevenueReport(t.db, { now: NOW, months: 6 })).toEqual(report);
  });

  it("a failed payment processed late clears its month and every month after (it can make a later payment a recovery)", async () => {
    await getRevenueReport(t.db, { now: NOW, months: 6 });
    const before = await stored();
    await invoiceEvent("invoice.payment_failed", "2026-02-11", "in_rev_late", "usd", 500);
    const after = await stored();
    expect(after["2026-01"]).toEqual(before["2026-01"]);
    for (const key of ["2026-02", "2026-03", "2026-04", "2026-05"]) {
      expect(after[key]?.payments, key).toBeNull();
      expect(after[key]?.history, key).toEqual(before[key]?.history);
    }
    await invoiceEvent("invoice.paid", "2026-04-02", "in_rev_late", "usd", 500);
    const counted = await getRevenueReport(t.db, { now: NOW, months: 6 });
    expect(counted.activity.map((m) => [m.failedPayments, m.recoveredPayments])).toEqual([[0, 0], [1, 0], [0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(counted).toEqual(await fromScratch());
    await t.db.execute(sql`delete from billing_event where stripe_event_id like '%in_rev_late'`);
    expect(await getRevenueReport(t.db, { now: NOW, months: 6 })).toEqual(report);
  });

  it("a report whose snapshot misses a change committed meanwhile does not store its figures over it", async () => {
    await getRevenueReport(t.db, { now: NOW, months: 6 });
    // March has to be computed (as after any change), while a late March row is being written.
    await t.db.execute(sql`update revenue_month set history = null, history_version = history_version + 1 where month = ${month("2026-03")}::timestamptz`);
    await newSubscription(); // the latest subscription, which the writer below adds a row to
    let written!: () => void;
    const rowWritten = new Promise<void>((resolve) => (written = resolve));
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const writer = t.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into subscription_history (subscription_id, organization_id, status, quantity, mrr_amount, currency, source, occurred_at)
        select id, organization_id, 'active', 1, 700, 'usd', 'event', ${at("2026-03-21").toISOString()}::timestamptz
        from subscription where organization_id = (select organization_id from subscription order by created_at desc limit 1)`);
      written();
      await committed;
    });
    await rowWritten;
    // The report reads the history without the uncommitted row; storing March waits for the writer.
    const racing = getRevenueReport(t.db, { now: NOW, months: 6 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    commit();
    await writer;
    expect(usd(await racing, "2026-03").newMrr).toBe(0); // March as its snapshot shows it: no new MRR
    expect((await stored())["2026-03"]?.history).toBeNull();
    expect(usd(await getRevenueReport(t.db, { now: NOW, months: 6 }), "2026-03").newMrr).toBe(700);
  });
});
