// npm run bench:staff [-- --users 1000000 --organizations 100000 --events 2000000 --event-days 730 --runs 200 --revenue-runs 20]
//
// The staff console at scale, on a fresh embedded PostgreSQL 17 filled by SQL (generate_series):
// --users users (names built from syllables: 400 first names × 8,000 surnames; 0.1% banned, 0.05% staff),
// --organizations organizations, --events billing events over the last --event-days days (90%
// processed, the rest failed, dead, unmatched, pending). Then each console query --runs times, one at a time, through the same
// service functions the procedures call; p50/p95 per query (target: user search p95 ≤ 50 ms).
// The revenue report: one subscription per organization with 3 to 7 history rows over 24 months
// (usd, eur, gbp; trials, past due, cancellations), invoice events with currencies and half of
// the failed invoices paid later. Timed three ways: the first report (every month computed and
// stored), then --revenue-runs reports (stored months read, the current one computed; target
// ≤ 500 ms), and --revenue-runs reports after a change in last month (that month computed too).
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb, sqlClient } from "@saas/db";
import { ensureDatabase, withDatabaseName } from "@saas/db/admin";
import { findFreePort, startEmbeddedPostgres } from "@saas/db/embedded";
import { runMigrations } from "@saas/db/migrate";
import { getRevenueReport, listBillingEvents, searchOrganizations, searchUsers } from "@saas/staff";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "1000000" },
    organizations: { type: "string", default: "100000" },
    events: { type: "string", default: "2000000" },
    "event-days": { type: "string", default: "730" },
    runs: { type: "string", default: "200" },
    "revenue-runs": { type: "string", default: "20" },
  },
});
const USERS = Number(args.users);
const ORGANIZATIONS = Number(args.organizations);
const EVENTS = Number(args.events);
const EVENT_SECONDS = Number(args["event-days"]) * 86_400;
const RUNS = Number(args.runs);
const REVENUE_RUNS = Number(args["revenue-runs"]);

const percentile = (sorted: number[], p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;

async function time(label: string, run: (index: number) => Promise<unknown>, runs = RUNS) {
  for (let i = 0; i < 5; i++) await run(i); // warm-up: plans, caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { query: label, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.round(samples.at(-1)! * 10) / 10 };
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "saas-bench-staff-"));
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: await findFreePort(), persistent: false });
  try {
    await ensureDatabase(server.url(), "bench");
    const url = withDatabaseName(server.url(), "bench");
    await runMigrations(url);
    const db = createDb(url, { max: 4, applicationName: "saas-bench-staff" });
    const sql = sqlClient(db);

    let started = performance.now();
    // Names as varied as real ones, from syllables picked by a hash of the row number: first names
    // of two syllables (400), surnames of three (8,000); the email is first.surname.n@ one of 8
    // domains. (Names all sharing "First…"/"Surname…" made every search hit the same trigrams.)
    await sql.unsafe(`
      create function pg_temp.syllable(seed text) returns text language sql immutable as $$
        select (array['ka','lo','mi','ra','ne','to','su','vi','da','le','an','el','or','is','ul','ba','ce','fi','go','hu'])[1 + get_byte(decode(md5(seed), 'hex'), 0) % 20]
      $$`);
    await sql.unsafe(`
      insert into "user" (name, email, email_verified, role, banned, ban_reason, two_factor_enabled, created_at, updated_at)
      select initcap(f) || ' ' || initcap(l),
             f || '.' || l || '.' || i || '@' || (array['gmail.com','outlook.com','acme.io','example.org','yahoo.com','proton.me','globex.com','initech.net'])[1 + i % 8],
             i % 10 <> 0,
             case when i % 2000 = 0 then 'admin' else 'user' end,
             i % 1000 = 0, case when i % 1000 = 0 then 'bench' end,
             i % 7 = 0,
             now() - make_interval(secs => (${USERS} - i) * 30), now()
      from generate_series(1, ${USERS}) i
      cross join lateral (select pg_temp.syllable(i || 'f1') || pg_temp.syllable(i || 'f2') as f) first
      cross join lateral (select pg_temp.syllable(i || 'l1') || pg_temp.syllable(i || 'l2') || pg_temp.syllable(i || 'l3') as l) last`);
    await sql.unsafe(`
      insert into organization (name, slug, created_at, updated_at)
      select 'Company ' || i, 'company-' || i, now() - make_interval(secs => (${ORGANIZATIONS} - i) * 300), now()
      from generate_series(1, ${ORGANIZATIONS}) i`);
    await sql.unsafe(`
      insert into member (organization_id, user_id, role, created_at, updated_at)
      select o.id, u.id, 'owner', now(), now()
      from (select id, row_number() over (order by created_at) n from organization) o
      join (select id, row_number() over (order by created_at) n from "user") u on u.n = o.n * 10`);
    await sql.unsafe(`
      insert into billing_event (stripe_event_id, type, organization_id, stripe_created, payload, status, attempts, last_error, created_at, updated_at)
      select 'evt_bench_' || i,
             (array['invoice.paid','customer.subscription.updated','checkout.session.completed','invoice.payment_failed'])[1 + i % 4],
             case when i % 50 = 7 then null else o.id end,
             extract(epoch from now())::bigint - (${EVENTS} - i)::bigint * ${EVENT_SECONDS} / ${EVENTS},
             jsonb_build_object('id', 'evt_bench_' || i, 'object', 'event', 'data', jsonb_build_object('object', jsonb_build_object(
               -- A failed invoice (i % 4 = 3) is paid by event i + 1 when that is a multiple of 8.
               'id', 'in_' || case when i % 4 = 3 or i % 8 = 0 then ((i + 1) / 4)::text else 'x' || i end,
               'amount_paid', 1900, 'amount_due', 1900, 'currency', (array['usd','eur','gbp'])[1 + i % 3]))),
             case when i % 50 = 7 then 'unmatched' when i % 100 = 3 then 'failed' when i % 1000 = 5 then 'dead' when i % 500 = 9 then 'pending' else 'processed' end,
             1, case when i % 100 = 3 then 'No such subscription' end,
             now() - make_interval(secs => (${EVENTS} - i)::float8 * ${EVENT_SECONDS} / ${EVENTS}), now()
      from generate_series(1, ${EVENTS}) i
      join lateral (select id from organization where slug = 'company-' || (1 + i % ${ORGANIZATIONS})) o on true`);
    // One subscription per organization, created over the last 24 months; its history: 3 to 7
    // changes spread from its creation to now (a quarter start with a trial, a tenth end
    // canceled, some past due on the way), seats changing, in one of three currencies.
    await sql.unsafe(`
      insert into subscription (id, organization_id, stripe_customer_id, status, plan_id, quantity, created_at, updated_at)
      select 'sub_bench_' || n, id, 'cus_bench_' || n, case when n % 10 = 0 then 'canceled' else 'active' end, 'pro', 1 + n % 10,
             now() - make_interval(days => 730) * ((n * 7919) % 1000) / 1000.0, now()
      from (select id, row_number() over (order by created_at) n from organization) o`);
    await sql.unsafe(`
      insert into subscription_history (subscription_id, organization_id, status, plan_id, quantity, mrr_amount, currency,
        interval, interval_count, stripe_event_id, source, occurred_at)
      select s.id, s.organization_id,
             case when j = 0 and s.n % 4 = 0 then 'trialing' when j = k - 1 and s.n % 10 = 0 then 'canceled'
                  when j % 7 = 3 then 'past_due' else 'active' end,
             'pro', q, q * 1200, (array['usd','eur','gbp'])[1 + s.n % 3], 'month', 1, 'evt_h_' || s.n || '_' || j, 'event',
             s.created_at + (now() - s.created_at) * j / k
      from (select id, organization_id, created_at, substr(id, 11)::int as n from subscription) s
      cross join lateral (select 3 + s.n % 5 as k) kk
      cross join lateral generate_series(0, k - 1) j
      cross join lateral (select 1 + (s.n + j * 3) % 10 as q) v`);
    await sql.unsafe("vacuum analyze");
    const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
    const [{ rows: historyRows } = { rows: 0 }] = await sql<{ rows: number }[]>`select count(*)::int as rows from subscription_history`;

    // Terms people type, taken from the data: 200 users' emails, surnames and first names.
    const sample = await sql<{ email: string; name: string }[]>`select email, name from "user" tablesample system (1) limit 200`;
    const pick = <T>(values: T[], i: number) => values[(i * 7919) % values.length]!;
    const emails = sample.map((row) => row.email);
    const surnames = sample.map((row) => row.name.split(" ")[1]!.toLowerCase());
    started = performance.now();
    const results = [];
    results.push(await time("users: an exact email", (i) => searchUsers(db, { q: pick(emails, i) })));
    results.push(await time("users: an email's start (ana.kolo)", (i) => searchUsers(db, { q: pick(emails, i).slice(0, 9) })));
    results.push(await time("users: a surname", (i) => searchUsers(db, { q: pick(surnames, i) })));
    results.push(await time("users: part of a surname (4 letters)", (i) => searchUsers(db, { q: pick(surnames, i).slice(1, 5) })));
    results.push(await time("users: a short, common term (gmail)", () => searchUsers(db, { q: "gmail" })));
    results.push(await time("users: no term, newest first", () => searchUsers(db, {})));
    results.push(await time("users: banned, newest first", () => searchUsers(db, { banned: true })));
    results.push(await time("users: staff, sorted by email", () => searchUsers(db, { platformAdmin: true, sort: "email" })));
    results.push(await time("users: unverified with 2FA, by name", () => searchUsers(db, { unverified: true, twoFactor: true, sort: "name" })));
    results.push(
      await time("users: pages 1 and 2 of a 4-letter search (both)", async (i) => {
        const q = pick(surnames, i).slice(0, 4);
        const first = await searchUsers(db, { q, limit: 50 });
        return first.nextCursor ? searchUsers(db, { q, limit: 50, cursor: first.nextCursor }) : first;
      }),
    );
    results.push(await time("organizations: part of a name", (i) => searchOrganizations(db, { q: `company ${1 + ((i * 101) % ORGANIZATIONS)}` })));
    results.push(await time("organizations: newest first", () => searchOrganizations(db, {})));
    results.push(await time("billing events: failed, newest first", () => listBillingEvents(db, { status: "failed" })));
    results.push(await time("billing events: by Stripe id", (i) => listBillingEvents(db, { stripeEventId: `evt_bench_${1 + ((i * 7919) % EVENTS)}` })));
    results.push(await time("billing events: one type, newest first", () => listBillingEvents(db, { type: "invoice.payment_failed" })));
    const coldStarted = performance.now();
    await getRevenueReport(db);
    const coldMs = Math.round(performance.now() - coldStarted);
    results.push(await time("revenue: the report, 12 months (closed months stored)", () => getRevenueReport(db), REVENUE_RUNS));
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString();
    results.push(
      await time(
        "revenue: the report after a change in last month's history",
        async () => {
          await sql`update revenue_month set history = null, history_version = history_version + 1 where month = ${lastMonth}::timestamptz`;
          return getRevenueReport(db);
        },
        REVENUE_RUNS,
      ),
    );

    const cpus = os.cpus();
    console.log(
      JSON.stringify(
        {
          machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`,
          data: { users: USERS, organizations: ORGANIZATIONS, billingEvents: EVENTS, eventDays: EVENT_SECONDS / 86_400, subscriptionHistoryRows: historyRows, loadSeconds },
          revenueFirstReportMs: coldMs,
          runsPerQuery: RUNS,
          queriesSeconds: Math.round((performance.now() - started) / 100) / 10,
        },
        null,
        2,
      ),
    );
    console.log("\n| Query | p50 | p95 | max |\n| --- | ---: | ---: | ---: |");
    for (const r of results) console.log(`| ${r.query} | ${r.p50} ms | ${r.p95} ms | ${r.max} ms |`);
    const userSearchP95 = Math.max(...results.filter((r) => r.query.startsWith("users:")).map((r) => r.p95));
    console.log(`\nuser search p95, worst query: ${userSearchP95} ms (target ≤ 50 ms: ${userSearchP95 <= 50 ? "met" : "NOT met"})`);
    const revenue = results.find((r) => r.query.startsWith("revenue: the report, 12 months"))!;
    console.log(`revenue report p95: ${revenue.p95} ms (target ≤ 500 ms: ${revenue.p95 <= 500 ? "met" : "NOT met"})`);
    await db.close();
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
