import { formatMoney } from "@saas/config";
import { BarChart, Card, EmptyState, StatCard } from "@saas/ui";
import type { Metadata } from "next";
import { ConsoleFrame } from "../../components/console-frame";
import { formatDateTime } from "../../components/format";
import { api } from "../../server/api";

export const metadata: Metadata = { title: "Revenue" };

type Report = Awaited<ReturnType<typeof api.staff.revenue>>;
type MoneyMonth = Report["currencies"][number]["months"][number];
type ActivityMonth = Report["activity"][number];

export default async function RevenuePage() {
  return (
    <ConsoleFrame path="/revenue" title="Revenue" description="This month to date, compared with last month; months in UTC. Each currency on its own: amounts are never added across currencies.">
      <Revenue />
    </ConsoleFrame>
  );
}

const monthName = (month: string, style: "short" | "long" = "long") =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: style, ...(style === "long" ? { year: "numeric" } : {}), timeZone: "UTC" });
const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);
const signed = (text: string, value: number) => (value > 0 ? `+${text}` : value < 0 ? `−${text.replace("-", "")}` : text);

/** "+$120.00 vs October 2026", or "same as …". */
function change(now: number, previous: number | undefined, format: (value: number) => string, previousMonth: string | undefined) {
  if (previous === undefined || !previousMonth) return undefined;
  const delta = now - previous;
  return delta === 0 ? `same as ${monthName(previousMonth)}` : `${signed(format(Math.abs(delta)), delta)} vs ${monthName(previousMonth)}`;
}

async function Revenue() {
  const report = await api.staff.revenue();
  const previousMonth = report.months.at(-2);
  return (
    <div className="space-y-8">
      {report.currencies.length === 0 ? (
        <EmptyState title="No subscription revenue yet">Once a customer subscribes to a paid plan, its monthly recurring revenue shows here.</EmptyState>
      ) : (
        report.currencies.map(({ currency, months }) => <CurrencySection key={currency} currency={currency} months={months} previousMonth={previousMonth} />)
      )}
      <ActivitySection activity={report.activity} previousMonth={previousMonth} />
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Computed {formatDateTime(new Date(report.generatedAt))} UTC from the subscription history the billing webhooks write.</p>
    </div>
  );
}

function CurrencySection({ currency, months, previousMonth }: { currency: string; months: MoneyMonth[]; previousMonth: string | undefined }) {
  const money = (amount: number) => formatMoney(Math.round(amount), currency);
  const now = months.at(-1);
  const before = months.at(-2);
  if (!now) return null;
  const chartMonths = (value: (month: MoneyMonth) => number) => months.map((month) => ({ label: monthName(month.month, "short"), value: value(month) }));
  return (
    <section aria-labelledby={`currency-${currency}`} className="space-y-4">
      <h2 id={`currency-${currency}`} className="text-lg font-semibold tracking-tight">
        {currency.toUpperCase()}
      </h2>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <StatCard label="MRR" value={money(now.mrr)} hint={change(now.mrr, before?.mrr, money, previousMonth)} />
        <StatCard label="ARR" value={money(now.arr)} hint="MRR × 12" />
        <StatCard label="Active subscriptions" value={now.activeSubscriptions} hint={change(now.activeSubscriptions, before?.activeSubscriptions, String, previousMonth)} />
        <StatCard
          label="Net new MRR"
          value={signed(money(Math.abs(now.netNewMrr)), now.netNewMrr)}
          hint={`new +${money(now.newMrr)} · expansion +${money(now.expansionMrr)} · contraction −${money(now.contractionMrr)} · churn −${money(now.churnedMrr)}`}
        />
        <StatCard label="Churned MRR" value={money(now.churnedMrr)} hint={`churn rate ${percent(now.churnRate)} (last month ${percent(before?.churnRate ?? null)})`} />
        <StatCard
          label="Failed / recovered payments"
          value={`${money(now.failedPaymentsAmount)} / ${money(now.recoveredPaymentsAmount)}`}
          hint={before ? `last month ${money(before.failedPaymentsAmount)} / ${money(before.recoveredPaymentsAmount)}` : undefined}
        />
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="MRR, last 12 months">
          <BarChart title={`MRR (${currency.toUpperCase()}) at each month's end`} data={chartMonths((month) => month.mrr)} format={money} />
        </Card>
        <Card title="Net new MRR, last 12 months">
          <BarChart title={`Net new MRR (${currency.toUpperCase()}) per month`} data={chartMonths((month) => month.netNewMrr)} format={money} />
        </Card>
      </div>
    </section>
  );
}

function ActivitySection({ activity, previousMonth }: { activity: ActivityMonth[]; previousMonth: string | undefined }) {
  const now = activity.at(-1);
  const before = activity.at(-2);
  if (!now) return null;
  const count = (value: number) => value.toLocaleString("en-US");
  const chartMonths = (value: (month: ActivityMonth) => number) => activity.map((month) => ({ label: monthName(month.month, "short"), value: value(month) }));
  return (
    <section aria-labelledby="activity" className="space-y-4">
      <h2 id="activity" className="text-lg font-semibold tracking-tight">
        Subscriptions and payments, all currencies
      </h2>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <StatCard label="Active subscriptions" value={now.activeSubscriptions} hint={change(now.activeSubscriptions, before?.activeSubscriptions, count, previousMonth)} />
        <StatCard label="In trial" value={now.trialing} hint={change(now.trialing, before?.trialing, count, previousMonth)} />
        <StatCard
          label="Trial → paid"
          value={percent(now.trialConversionRate)}
          hint={`${now.trialsConverted} of ${now.trialsStarted} this month · last month ${percent(before?.trialConversionRate ?? null)}`}
        />
        <StatCard label="Churned subscriptions" value={now.churnedSubscriptions} hint={change(now.churnedSubscriptions, before?.churnedSubscriptions, count, previousMonth)} />
        <StatCard label="Failed payments" value={now.failedPayments} hint={change(now.failedPayments, before?.failedPayments, count, previousMonth)} />
        <StatCard label="Recovered payments" value={now.recoveredPayments} hint={change(now.recoveredPayments, before?.recoveredPayments, count, previousMonth)} />
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Failed payments, last 12 months">
          <BarChart title="Failed payments per month" data={chartMonths((month) => month.failedPayments)} format={count} />
        </Card>
        <Card title="Trials started, last 12 months">
          <BarChart title="Trials started per month" data={chartMonths((month) => month.trialsStarted)} format={count} />
        </Card>
      </div>
    </section>
  );
}
