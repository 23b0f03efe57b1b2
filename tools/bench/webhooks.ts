// npm run bench:webhooks [-- --events 20000 --warmup 2000 --concurrency 16 --duplicates 0.1
//                            --organizations 200 --pool-size 10 --scenarios direct,pooled]
//
// Webhook ingestion benchmark. Starts a fresh embedded PostgreSQL (default durability: fsync and
// synchronous commit on), builds and starts the real worker bundle on loopback, and has a second
// process send N distinct signed events plus duplicates with bounded concurrency. Reports
// events/s, latency percentiles and the server connections used, then checks in the database that
// every distinct event was recorded once and applied exactly once (orders, credits, subscription
// state). Exits 1 when the check fails. Each scenario runs on a database of its own: `direct`
// (one worker, straight to PostgreSQL) and `pooled` (two workers through a real PgBouncer in
// transaction mode, the sender's connections spread over both, so duplicates of one event race
// across instances); to see what each change costs apart, `direct-2` (two workers, direct),
// `pooled-1` (one worker through PgBouncer) and `unprepared` (one worker, direct, prepared
// statements off as behind a pooler).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, copyFile, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { serializeStripeEvent, TEST_PRICES, TEST_WEBHOOK_SECRET } from "@saas/billing/testing";
import { billingEventTable, createDb, creditTransactionTable, orderTable, organizationTable, subscriptionTable, type Database } from "@saas/db";
import { ensureDatabase, withDatabaseName } from "@saas/db/admin";
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from "@saas/db/embedded";
import { runMigrations } from "@saas/db/migrate";
import { startTestPgbouncer } from "@saas/db/testing/pgbouncer";
import { count, sql, sum } from "drizzle-orm";
import { WORKSPACE_ROOT } from "../src/env";
import { sampleConnections } from "./connections";
import { machineBusyCpuMs, processTreeCpuMs } from "./process-cpu";
import type { SendSummary } from "./send-webhooks";
import { CREDITS_PER_PACK, planBenchEvents, type BenchOrganization, type BenchPlan } from "./webhook-events";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    warmup: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "16" },
    duplicates: { type: "string", default: "0.1" },
    organizations: { type: "string", default: "200" },
    "pool-size": { type: "string", default: "10" },
    scenarios: { type: "string", default: "direct" },
  },
});
const numbers = {
  events: Number(args.events),
  warmup: Number(args.warmup),
  concurrency: Number(args.concurrency),
  duplicates: Number(args.duplicates),
  organizations: Number(args.organizations),
  poolSize: Number(args["pool-size"]),
};
for (const [name, value] of Object.entries(numbers)) {
  if (!Number.isFinite(value) || value < 0 || (name !== "duplicates" && !Number.isInteger(value))) {
    console.error(`--${name}: expected a ${name === "duplicates" ? "share such as 0.1" : "whole number"}, got ${value}`);
    process.exit(2);
  }
}
const settings = { ...numbers, scenarios: args.scenarios.split(",").map((name) => name.trim()) };

/** A child process; its stdout is collected ("pipe"), shown ("inherit") or written to a file (an fd). */
function run(command: string, commandArgs: string[], options: { env?: NodeJS.ProcessEnv; stdout?: "pipe" | "inherit" | number } = {}) {
  const child = spawn(command, commandArgs, {
    cwd: WORKSPACE_ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", options.stdout ?? "inherit", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<string>((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${commandArgs.join(" ")} exited with ${code}`)))),
  );
  return { child, done };
}

async function seedOrganizations(db: Database, runId: string): Promise<BenchOrganization[]> {
  const rows = await db
    .insert(organizationTable)
    .values(
      Array.from({ length: settings.organizations }, (_, i) => ({
        name: `Bench ${i}`,
        slug: `bench-${runId}-${i}`,
        stripeCustomerId: `cus_bench_${runId}_${i}`,
      })),
    )
    .returning({ id: organizationTable.id, customer: organizationTable.stripeCustomerId });
  return rows.map((row) => ({ id: row.id, customer: row.customer ?? "" }));
}

/** The bodies to send, serialized as Stripe does, one JSON-encoded string per line. */
async function writeEvents(file: string, plan: BenchPlan, sends: number[]) {
  const payloads = plan.events.map((event) => JSON.stringify(serializeStripeEvent(event)));
  await writeFile(file, sends.map((index) => payloads[index]).join("\n"));
}

async function send(urls: string[], file: string): Promise<SendSummary> {
  const sender = run(
    path.join(WORKSPACE_ROOT, "node_modules/.bin/tsx"),
    ["tools/bench/send-webhooks.ts", ...urls.flatMap((url) => ["--url", url]), "--secret", TEST_WEBHOOK_SECRET, "--events", file, "--concurrency", String(settings.concurrency)],
    { stdout: "pipe" },
  );
  return JSON.parse(await sender.done) as SendSummary;
}

/** Every distinct event recorded once and applied exactly once: the list of what is wrong. */
async function verify(db: Database, plan: BenchPlan, summaries: SendSummary[]): Promise<string[]> {
  const problems: string[] = [];
  // Compared with sorted keys: rows grouped by status come back in no particular order.
  const canonical = (value: unknown) =>
    JSON.stringify(value, (_key, inner: unknown) =>
      inner && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
    );
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (canonical(actual) !== canonical(expected)) problems.push(`${what}: expected ${canonical(expected)}, got ${canonical(actual)}`);
  };
  const statuses = Object.fromEntries(
    (await db.select({ status: billingEventTable.status, n: count() }).from(billingEventTable).groupBy(billingEventTable.status)).map((r) => [r.status, r.n]),
  );
  expect("billing_event rows by status", statuses, { ignored: plan.expected.ignored, processed: plan.expected.handled });

  const total = (key: keyof SendSummary["outcomes"]) => summaries.reduce((n, s) => n + (s.outcomes[key] ?? 0), 0);
  const sent = summaries.reduce((n, s) => n + s.sent, 0);
  expect("non-200 answers or network errors", summaries.reduce((n, s) => n + s.errors + (s.sent - (s.httpStatuses["200"] ?? 0)), 0), 0);
  expect("answers 'processed' + 'ignored' (each distinct event applied once)", total("processed") + total("ignored"), plan.expected.distinct);
  expect("answers 'duplicate' (each duplicate delivery acknowledged, not applied)", total("duplicate"), sent - plan.expected.distinct);

  const [orders] = await db.select({ n: count() }).from(orderTable);
  expect("orders", orders?.n, plan.expected.checkouts);
  const [credits] = await db.select({ rows: count(), total: sum(creditTransactionTable.amount).mapWith(Number) }).from(creditTransactionTable);
  expect("credit grants", credits, { rows: plan.expected.checkouts, total: plan.expected.checkouts * CREDITS_PER_PACK });
  const [ungranted] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from "order" o where (select count(*) from credit_transaction c where c.order_id = o.id) <> 1`,
  );
  expect("orders without exactly one credit grant", ungranted?.n, 0);

  const subscriptions = await db
    .select({ id: subscriptionTable.id, quantity: subscriptionTable.quantity, created: subscriptionTable.lastEventCreated, status: subscriptionTable.status })
    .from(subscriptionTable);
  expect("subscriptions", subscriptions.length, plan.expected.subscriptions.size);
  const wrong = subscriptions.filter((row) => {
    const newest = plan.expected.subscriptions.get(row.id);
    return !newest || newest.quantity !== row.quantity || newest.created !== row.created || (newest.quantity > 1 && row.status !== "active");
  });
  expect("subscriptions not in the state of their newest event", wrong.length, 0);
  return problems;
}

/**
 * CPU used so far: by the workers, by PgBouncer, by everything this process started but the
 * sender (PostgreSQL included), by this process, and by the whole machine.
 */
async function cpuSnapshot(workerPids: (number | undefined)[], poolerPid: number | undefined) {
  const own = process.cpuUsage();
  const perWorker = await Promise.all(workerPids.map((pid) => (pid ? processTreeCpuMs(pid) : null)));
  return {
    pooler: poolerPid ? await processTreeCpuMs(poolerPid) : null,
    worker: perWorker.some((ms) => ms === null) ? null : perWorker.reduce<number>((total, ms) => total + (ms ?? 0), 0),
    tree: await processTreeCpuMs(process.pid),
    self: (own.user + own.system) / 1000,
    machine: await machineBusyCpuMs(),
  };
}

/**
 * How the CPU was spent during the measured run: per event for the worker, PostgreSQL and the
 * sender; and how many cores other work on the machine (not this benchmark) kept busy meanwhile —
 * the figures only mean something next to that number.
 */
function cpuUse(before: Awaited<ReturnType<typeof cpuSnapshot>>, after: typeof before, measured: SendSummary) {
  const perEvent = (ms: number) => Math.round((ms / measured.sent) * 1000) / 1000;
  if (before.worker === null || after.worker === null || before.tree === null || after.tree === null) {
    return { msPerEvent: { sender: perEvent(measured.cpuMs) }, otherWorkCores: null };
  }
  const worker = after.worker - before.worker;
  const pooler = before.pooler === null || after.pooler === null ? null : after.pooler - before.pooler;
  const tree = after.tree - before.tree;
  const postgres = tree - worker - (pooler ?? 0) - (after.self - before.self);
  const others =
    before.machine === null || after.machine === null ? null : after.machine - before.machine - tree - measured.cpuMs;
  return {
    msPerEvent: {
      worker: perEvent(worker),
      postgres: perEvent(postgres),
      ...(pooler === null ? {} : { pgbouncer: perEvent(pooler) }),
      sender: perEvent(measured.cpuMs),
    },
    otherWorkCores: others === null ? null : Math.max(0, Math.round((others / (measured.seconds * 1000)) * 100) / 100),
  };
}

interface Scenario {
  name: string;
  instances: number;
  /** Through a real PgBouncer in transaction mode, as most managed providers' pooled URLs are. */
  pooled: boolean;
  /** DATABASE_POOLER=transaction on a direct URL: prepared statements off, no PgBouncer (the cost of each apart). */
  unprepared?: boolean;
}

const SCENARIOS: Record<string, Scenario> = {
  direct: { name: "1 instance, direct to PostgreSQL", instances: 1, pooled: false },
  pooled: { name: "2 instances through PgBouncer (transaction mode)", instances: 2, pooled: true },
  // The two changes apart, to see what each costs.
  "direct-2": { name: "2 instances, direct to PostgreSQL", instances: 2, pooled: false },
  "pooled-1": { name: "1 instance through PgBouncer (transaction mode)", instances: 1, pooled: true },
  unprepared: { name: "1 instance, direct, prepared statements off", instances: 1, pooled: false, unprepared: true },
};

function workerEnv(databaseUrl: string, port: number, transactionPooler: boolean): NodeJS.ProcessEnv {
  return {
    PATH: process.env["PATH"],
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DATABASE_POOLER: transactionPooler ? "transaction" : "none",
    DATABASE_POOL_SIZE: String(settings.poolSize),
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    STRIPE_SECRET_KEY: "sk_test_bench_never_called",
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_PRICE_PRO_MONTHLY: TEST_PRICES.proMonthly,
    STRIPE_PRICE_PRO_YEARLY: TEST_PRICES.proYearly,
    STRIPE_PRICE_CREDIT_PACK: TEST_PRICES.creditPack,
  };
}

async function waitUntilReady(port: number) {
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      if (attempt > 100) throw new Error("the worker did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One scenario on a database of its own: seed, start the workers, warm up, measure, verify. */
async function runScenario(scenario: Scenario, server: EmbeddedPostgresServer, dataDir: string, runId: string) {
  const database = `bench_${scenario.instances}_${scenario.pooled ? "pooled" : "direct"}${scenario.unprepared ? "_unprepared" : ""}`;
  await ensureDatabase(server.url(), database);
  const databaseUrl = withDatabaseName(server.url(), database);
  await runMigrations(databaseUrl);
  const db = createDb(databaseUrl, { max: 2, applicationName: "saas-bench" });
  const bouncer = scenario.pooled ? await startTestPgbouncer(server.url()) : null;
  const workers: ReturnType<typeof run>[] = [];
  const logs: string[] = [];
  try {
    const organizations = await seedOrganizations(db, runId);
    const plan = planBenchEvents(organizations, { distinct: settings.events + settings.warmup, duplicateShare: settings.duplicates, runId });
    const warmupSends = Math.round(plan.sends.length * (settings.warmup / (settings.events + settings.warmup)));
    const files = { warmup: path.join(dataDir, `${database}-warmup.jsonl`), measured: path.join(dataDir, `${database}-measured.jsonl`) };
    await writeEvents(files.warmup, plan, plan.sends.slice(0, warmupSends));
    await writeEvents(files.measured, plan, plan.sends.slice(warmupSends));

    const urls: string[] = [];
    for (let instance = 0; instance < scenario.instances; instance++) {
      const port = await findFreePort();
      const logFile = path.join(dataDir, `${database}-worker-${instance}.log`);
      logs.push(logFile);
      const log = await open(logFile, "w");
      // JSON logs go to a file, as they would go to a collector in production.
      workers.push(
        run("node", [...(process.env["BENCH_NODE_FLAGS"] ?? "").split(" ").filter(Boolean), "apps/worker/dist/main.mjs"], {
          env: workerEnv(bouncer ? bouncer.url(databaseUrl) : databaseUrl, port, scenario.pooled || scenario.unprepared === true),
          stdout: log.fd,
        }),
      );
      await waitUntilReady(port);
      await log.close();
      urls.push(`http://127.0.0.1:${port}/webhooks/stripe`);
    }

    console.log(`\n${scenario.name}\n  warm-up: ${warmupSends} deliveries…`);
    const warmup = await send(urls, files.warmup);
    console.log(
      `  measured: ${plan.sends.length - warmupSends} deliveries (${settings.events} distinct events + ${Math.round(settings.duplicates * 100)}% duplicates), concurrency ${settings.concurrency}…`,
    );
    const workerPids = workers.map((worker) => worker.child.pid);
    const connections = sampleConnections(server.url(), database);
    const cpuBefore = await cpuSnapshot(workerPids, bouncer?.pid);
    const measured = await send(urls, files.measured);
    const cpuAfter = await cpuSnapshot(workerPids, bouncer?.pid);
    const connectionUse = await connections.stop();

    for (const worker of workers.splice(0)) {
      worker.child.kill("SIGTERM");
      await worker.done;
    }
    const problems = await verify(db, plan, [warmup, measured]);
    const distinctPerSecond = Math.round(((measured.outcomes["processed"] ?? 0) + (measured.outcomes["ignored"] ?? 0)) / measured.seconds);
    const report = {
      scenario: scenario.name,
      eventsPerSecond: measured.eventsPerSecond,
      // Deliveries of distinct events only (the first of each; duplicates are cheaper).
      distinctEventsPerSecond: distinctPerSecond,
      latencyMs: measured.latencyMs,
      deliveries: measured.sent,
      seconds: measured.seconds,
      httpStatuses: measured.httpStatuses,
      outcomes: measured.outcomes,
      serverConnections: connectionUse,
      workerPoolSize: settings.poolSize,
      cpu: cpuUse(cpuBefore, cpuAfter, measured),
      exactlyOnce: problems.length === 0 ? "verified" : problems,
    };
    console.log(
      `  ${measured.eventsPerSecond} events/s (${distinctPerSecond} distinct/s) · p50 ${measured.latencyMs.p50} ms · p99 ${measured.latencyMs.p99} ms · ` +
        `server connections ≤ ${connectionUse.max} (≤ ${connectionUse.maxActive} active) · other work on the machine: ${report.cpu.otherWorkCores ?? "?"} cores · ` +
        (problems.length === 0 ? "every distinct event applied exactly once" : `${problems.length} PROBLEM(S)`),
    );
    if (problems.length > 0) {
      for (const logFile of logs) {
        const kept = path.join(os.tmpdir(), `saas-bench-${runId}-${path.basename(logFile)}`);
        await copyFile(logFile, kept);
        console.error(`A worker's log is kept in ${kept}.`);
      }
    }
    return report;
  } finally {
    for (const worker of workers) {
      worker.child.kill("SIGKILL");
      await once(worker.child, "exit").catch(() => {});
    }
    await db.close();
    await bouncer?.stop();
  }
}

async function main() {
  const runId = Date.now().toString(36);
  const scenarios = settings.scenarios.map((name) => {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`--scenarios: unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(", ")})`);
    return scenario;
  });
  // Other work on the machine takes CPU from the run: recorded with the figures.
  const loadBefore = os.loadavg().map((load) => Math.round(load * 100) / 100);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "saas-bench-"));
  // PostgreSQL runs as the `postgres` OS user when we are root: let it enter the folder.
  await chmod(dataDir, 0o755);

  console.log("Building the worker bundle…");
  await run("npx", ["nx", "run", "worker:build", "--outputStyle=static"]).done;

  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: await findFreePort(), persistent: false });
  try {
    const reports = [];
    for (const scenario of scenarios) reports.push(await runScenario(scenario, server, dataDir, runId));
    const db = createDb(server.url(), { max: 1, applicationName: "saas-bench" });
    const [version] = await db.execute<{ version: string; maxConnections: string }>(
      sql`select current_setting('server_version') as version, current_setting('max_connections') as "maxConnections"`,
    );
    await db.close();
    const cpus = os.cpus();
    console.log(
      `\nJSON ${JSON.stringify({
        machine: `${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
        node: process.version,
        postgres: version,
        settings,
        loadAverageBefore: loadBefore,
        reports,
      })}`,
    );
    if (reports.some((report) => report.exactlyOnce !== "verified")) process.exitCode = 1;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
