// npm run bench:webhooks [-- --events 20000 --warmup 2000 --concurrency 16 --duplicates 0.1
//                            --organizations 200 --pool-size 10]
//
// Webhook ingestion benchmark. Starts a fresh embedded PostgreSQL (default durability: fsync and
// synchronous commit on), builds and starts the real worker bundle on loopback, and has a second
// process send N distinct signed events plus duplicates with bounded concurrency. Reports
// events/s and latency percentiles, then checks in the database that every distinct event was
// recorded once and applied exactly once (orders, credits, subscription state). Exits 1 when the
// check fails.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, copyFile, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { serializeStripeEvent, TEST_PRICES, TEST_WEBHOOK_SECRET } from "@saas/billing/testing";
import { billingEventTable, createDb, creditTransactionTable, orderTable, organizationTable, subscriptionTable, type Database } from "@saas/db";
import { ensureDatabase, withDatabaseName } from "@saas/db/admin";
import { findFreePort, startEmbeddedPostgres } from "@saas/db/embedded";
import { runMigrations } from "@saas/db/migrate";
import { count, sql, sum } from "drizzle-orm";
import { WORKSPACE_ROOT } from "../src/env";
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
  },
});
const settings = {
  events: Number(args.events),
  warmup: Number(args.warmup),
  concurrency: Number(args.concurrency),
  duplicates: Number(args.duplicates),
  organizations: Number(args.organizations),
  poolSize: Number(args["pool-size"]),
};
for (const [name, value] of Object.entries(settings)) {
  if (!Number.isFinite(value) || value < 0 || (name !== "duplicates" && !Number.isInteger(value))) {
    console.error(`--${name}: expected a ${name === "duplicates" ? "share such as 0.1" : "whole number"}, got ${value}`);
    process.exit(2);
  }
}

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

async function send(url: string, file: string): Promise<SendSummary> {
  const sender = run(
    path.join(WORKSPACE_ROOT, "node_modules/.bin/tsx"),
    ["tools/bench/send-webhooks.ts", "--url", url, "--secret", TEST_WEBHOOK_SECRET, "--events", file, "--concurrency", String(settings.concurrency)],
    { stdout: "pipe" },
  );
  return JSON.parse(await sender.done) as SendSummary;
}

/** Every distinct event recorded once and applied exactly once: the list of what is wrong. */
async function verify(db: Database, plan: BenchPlan, summaries: SendSummary[]): Promise<string[]> {
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
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
 * CPU used so far: by the worker, by everything this process started but the sender (PostgreSQL
 * included), by this process, and by the whole machine.
 */
async function cpuSnapshot(workerPid: number | undefined) {
  const own = process.cpuUsage();
  return {
    worker: workerPid ? await processTreeCpuMs(workerPid) : null,
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
  const tree = after.tree - before.tree;
  const postgres = tree - worker - (after.self - before.self);
  const others =
    before.machine === null || after.machine === null ? null : after.machine - before.machine - tree - measured.cpuMs;
  return {
    msPerEvent: { worker: perEvent(worker), postgres: perEvent(postgres), sender: perEvent(measured.cpuMs) },
    otherWorkCores: others === null ? null : Math.max(0, Math.round((others / (measured.seconds * 1000)) * 100) / 100),
  };
}

async function main() {
  const runId = Date.now().toString(36);
  // Other work on the machine takes CPU from the run: recorded with the figures.
  const loadBefore = os.loadavg().map((load) => Math.round(load * 100) / 100);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "saas-bench-"));
  // PostgreSQL runs as the `postgres` OS user when we are root: let it enter the folder.
  await chmod(dataDir, 0o755);

  console.log("Building the worker bundle…");
  await run("npx", ["nx", "run", "worker:build", "--outputStyle=static"]).done;

  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: await findFreePort(), persistent: false });
  let worker: ReturnType<typeof run> | undefined;
  try {
    await ensureDatabase(server.url(), "bench");
    const databaseUrl = withDatabaseName(server.url(), "bench");
    await runMigrations(databaseUrl);
    const db = createDb(databaseUrl, { max: 2, applicationName: "saas-bench" });
    const organizations = await seedOrganizations(db, runId);
    const plan = planBenchEvents(organizations, { distinct: settings.events + settings.warmup, duplicateShare: settings.duplicates, runId });
    const warmupSends = Math.round(plan.sends.length * (settings.warmup / (settings.events + settings.warmup)));
    const files = { warmup: path.join(dataDir, "warmup.jsonl"), measured: path.join(dataDir, "measured.jsonl") };
    await writeEvents(files.warmup, plan, plan.sends.slice(0, warmupSends));
    await writeEvents(files.measured, plan, plan.sends.slice(warmupSends));

    const port = await findFreePort();
    const log = await open(path.join(dataDir, "worker.log"), "w");
    worker = run("node", [...(process.env["BENCH_NODE_FLAGS"] ?? "").split(" ").filter(Boolean), "apps/worker/dist/main.mjs"], {
      env: {
        PATH: process.env["PATH"],
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: String(settings.poolSize),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        STRIPE_SECRET_KEY: "sk_test_bench_never_called",
        STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        STRIPE_PRICE_PRO_MONTHLY: TEST_PRICES.proMonthly,
        STRIPE_PRICE_PRO_YEARLY: TEST_PRICES.proYearly,
        STRIPE_PRICE_CREDIT_PACK: TEST_PRICES.creditPack,
      },
      // JSON logs go to a file, as they would go to a collector in production.
      stdout: log.fd,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
      } catch {
        if (attempt > 100) throw new Error("the worker did not start");
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const url = `http://127.0.0.1:${port}/webhooks/stripe`;
    console.log(`Warm-up: ${warmupSends} deliveries…`);
    const warmup = await send(url, files.warmup);
    console.log(`Measured: ${plan.sends.length - warmupSends} deliveries (${settings.events} distinct events + ${Math.round(settings.duplicates * 100)}% duplicates), concurrency ${settings.concurrency}…`);
    const cpuBefore = await cpuSnapshot(worker.child.pid);
    const measured = await send(url, files.measured);
    const cpuAfter = await cpuSnapshot(worker.child.pid);

    worker.child.kill("SIGTERM");
    await worker.done;
    worker = undefined;
    await log.close();

    const problems = await verify(db, plan, [warmup, measured]);
    const [version] = await db.execute<{ version: string }>(sql`select current_setting('server_version') as version`);
    await db.close();

    const distinctPerSecond = Math.round(((measured.outcomes["processed"] ?? 0) + (measured.outcomes["ignored"] ?? 0)) / measured.seconds);
    const cpus = os.cpus();
    const report = {
      machine: `${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
      node: process.version,
      postgres: version?.version,
      settings,
      eventsPerSecond: measured.eventsPerSecond,
      // Deliveries of distinct events only (the first of each; duplicates are cheaper).
      distinctEventsPerSecond: distinctPerSecond,
      latencyMs: measured.latencyMs,
      deliveries: measured.sent,
      seconds: measured.seconds,
      httpStatuses: measured.httpStatuses,
      outcomes: measured.outcomes,
      cpu: cpuUse(cpuBefore, cpuAfter, measured),
      loadAverageBefore: loadBefore,
      exactlyOnce: problems.length === 0 ? "verified" : problems,
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `\n${measured.eventsPerSecond} events/s (${distinctPerSecond} distinct/s) · p50 ${measured.latencyMs.p50} ms · p99 ${measured.latencyMs.p99} ms · ` +
        `other work on the machine: ${report.cpu.otherWorkCores ?? "?"} of ${cpus.length} cores · ` +
        (problems.length === 0 ? "every distinct event applied exactly once" : `${problems.length} PROBLEM(S)`),
    );
    if (problems.length > 0) {
      const kept = path.join(os.tmpdir(), `saas-bench-worker-${runId}.log`);
      await copyFile(path.join(dataDir, "worker.log"), kept);
      console.error(`The worker's log is kept in ${kept}.`);
      process.exitCode = 1;
    }
  } finally {
    if (worker) {
      worker.child.kill("SIGKILL");
      await once(worker.child, "exit").catch(() => {});
    }
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
