// npm run bench:leads [-- --rebuild --iterations 30 --seconds 20 --concurrency 16 --skip-http]
// npm run bench:leads -- --scaling   (only leads.list over HTTP: one web server direct to
//                                     PostgreSQL, two, then two through a real PgBouncer)
//
// The leads CRM at the SQL, service and HTTP levels, on one organization of 1,000,000 leads among
// 5,000,000 (see leads-data.ts; built once into .data/bench-leads). Reports p50/p95 side by side
// with the baselines the targets name, measured in the same run:
//   1. substring search through the service (three terms: common, medium, rare) vs the seed's
//      pattern (ilike '%q%' on each column, newest first, offset), and the same search in a small
//      organization;
//   2. page 1 vs page 1,000 (keyset) vs OFFSET to page 1,000;
//   3. the tenant wall's cost: the list query in withTenant vs the same query as the owner;
//   4. the board's first render (a summary and every column's first page);
//   5. leads.list over HTTP through tRPC (the production web server, a real session, RLS) at
//      concurrency 16, the load from a second process;
//   6. the first-load JavaScript of /leads and /leads/board (gzip), loaded in Chromium.
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "@saas/db";
import { withDatabaseName } from "@saas/db/admin";
import { startTestPgbouncer } from "@saas/db/testing/pgbouncer";
import { boardSummary, encodeCursor, listBoardColumn, listLeads, LeadStatuses, SEARCH_WALK_ROWS } from "@saas/leads";
import { sql } from "drizzle-orm";
import { WORKSPACE_ROOT } from "../src/env";
import { layOutNextImage } from "../src/production/next-image";
import { BENCH_PASSWORD, openBenchData, SIZES, type BenchData } from "./leads-data";
import { sampleConnections } from "./connections";
import { processTreeCpuMs } from "./process-cpu";
import type { RequestSummary } from "./send-requests";

const { values: args } = parseArgs({
  options: {
    rebuild: { type: "boolean", default: false },
    iterations: { type: "string", default: "30" },
    seconds: { type: "string", default: "20" },
    concurrency: { type: "string", default: "16" },
    "skip-http": { type: "boolean", default: false },
    scaling: { type: "boolean", default: false },
  },
});
const ITERATIONS = Number(args.iterations);
const CONCURRENCY = Number(args.concurrency);

interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

const round = (ms: number) => (ms >= 100 ? Math.round(ms) : Math.round(ms * 100) / 100);

/** p50/p95 of `fn` over `runs` runs, after two warm-up runs. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? 0;
  return { p50: round(at(50)), p95: round(at(95)), runs };
}

const show = (t: Timing) => `p50 ${t.p50} ms · p95 ${t.p95} ms`;

/** The seed's search: ilike on each column, newest first, a page by OFFSET; as the owner (no RLS). */
const seedSearch = (db: Database, organizationId: string, q: string, offset = 0) =>
  db.execute(sql`
    select * from lead
    where organization_id = ${organizationId}
      and (first_name ilike ${`%${q}%`} or last_name ilike ${`%${q}%`} or email ilike ${`%${q}%`} or company ilike ${`%${q}%`})
    order by created_at desc limit 50 offset ${offset}`);

async function measureService(data: BenchData) {
  const { db, big, small } = data;
  const scope = (organizationId: string) => ({ organizationId, userId: big.ownerId });
  const list = (organizationId: string, input: Parameters<typeof listLeads>[2]) =>
    db.withTenant(organizationId, (tx) => listLeads(tx, scope(organizationId), input));
  const results: Record<string, unknown> = {};

  console.log(`\n1. Substring search, 50 results, newest first (walk of ${SEARCH_WALK_ROWS} rows, else the trigram index)`);
  const terms = [
    { term: "son", note: "in every email (person…)" },
    { term: "hopper", note: "2% of leads" },
    { term: "lovelace 12345", note: "one lead" },
  ];
  const search: Record<string, unknown>[] = [];
  for (const { term, note } of terms) {
    const service = await time(ITERATIONS, () => list(big.id, { filter: { q: term }, limit: 50 }));
    const smallOrg = await time(ITERATIONS, () => list(small.id, { filter: { q: term }, limit: 50 }));
    const seed = await time(Math.max(3, Math.round(ITERATIONS / 6)), () => seedSearch(db, big.id, term));
    const speedup = Math.round((seed.p95 / Math.max(service.p95, 0.01)) * 10) / 10;
    search.push({ term, note, service, seed, speedupAtP95: speedup, smallOrganization: smallOrg });
    console.log(`  "${term}" (${note}): service ${show(service)} | seed pattern ${show(seed)} | ${speedup}× | 1,000-lead org ${show(smallOrg)}`);
  }
  results["search"] = search;

  console.log("\n2. Page 1 vs page 1,000 (50 per page, newest first)");
  const deep = 999 * 50;
  const [row] = await db.execute<{ key: string; id: string }>(
    sql`select created_at::text as key, id from lead where organization_id = ${big.id} order by created_at desc, id desc offset ${deep - 1} limit 1`,
  );
  const cursor = encodeCursor({ key: row!.key, id: row!.id });
  const first = await time(ITERATIONS, () => list(big.id, { limit: 50 }));
  const thousandth = await time(ITERATIONS, () => list(big.id, { limit: 50, cursor }));
  const offset = await time(ITERATIONS, () =>
    db.execute(sql`select * from lead where organization_id = ${big.id} order by created_at desc, id desc limit 50 offset ${deep}`),
  );
  results["paging"] = { page1: first, page1000: thousandth, ratio: Math.round((thousandth.p95 / first.p95) * 100) / 100, offsetPage1000: offset };
  console.log(`  page 1 ${show(first)} | page 1,000 (keyset) ${show(thousandth)} | page 1,000 by OFFSET ${show(offset)}`);

  console.log(`\n3. The tenant wall's cost: the list's first page, ${CONCURRENCY} at a time (median of 5 interleaved rounds)`);
  const throughput = async (fn: () => Promise<unknown>, total = 1500) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < total) await fn();
      }),
    );
    return Math.round(total / ((performance.now() - started) / 1000));
  };
  const modes = {
    owner: () => db.transaction((tx) => listLeads(tx, scope(big.id), { limit: 50 })),
    withTenant: () => list(big.id, { limit: 50 }),
    withMember: () => db.withMember({ userId: big.ownerId, preferredOrganizationId: big.id }, (tx) => listLeads(tx, scope(big.id), { limit: 50 })),
  };
  for (const fn of Object.values(modes)) await throughput(fn, 300);
  const rounds: Record<keyof typeof modes, number[]> = { owner: [], withTenant: [], withMember: [] };
  for (let round = 0; round < 5; round++) {
    for (const [mode, fn] of Object.entries(modes) as [keyof typeof modes, () => Promise<unknown>][]) rounds[mode].push(await throughput(fn));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const asOwner = median(rounds.owner);
  const asTenant = median(rounds.withTenant);
  const asMember = median(rounds.withMember);
  const overhead = Math.round((asOwner / asTenant - 1) * 1000) / 10;
  results["tenantWall"] = { ownerPerSecond: asOwner, withTenantPerSecond: asTenant, withMemberPerSecond: asMember, overheadPercent: overhead, rounds };
  console.log(`  as the owner ${asOwner}/s | withTenant ${asTenant}/s (${overhead}% slower) | withMember (membership read in the same statement) ${asMember}/s`);
  console.log(`  rounds: ${JSON.stringify(rounds)}`);

  console.log("\n4. The board's first render: every column's first page (the totals load after, in the browser)");
  const board = await time(ITERATIONS, () =>
    Promise.all(LeadStatuses.map((status) => db.withTenant(big.id, (tx) => listBoardColumn(tx, { organizationId: big.id }, { status, limit: 20 })))),
  );
  const totals = await time(Math.max(5, Math.round(ITERATIONS / 3)), () => db.withTenant(big.id, (tx) => boardSummary(tx, { organizationId: big.id })));
  results["board"] = { firstRender: board, totals };
  console.log(`  first render ${show(board)} | the totals (count and value per column, over every lead) ${show(totals)}`);
  return results;
}

/** Runs a command to its end; rejects on a non-zero exit. */
function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env, stdout: "inherit" | "pipe" = "inherit") {
  const child = spawn(command, commandArgs, { cwd: WORKSPACE_ROOT, env, stdio: ["ignore", stdout, "inherit"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<string>((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${commandArgs.join(" ")} exited with ${code}`)))),
  );
  return { child, done };
}

interface HttpScenario {
  name: string;
  instances: number;
  /** Through a real PgBouncer in transaction mode, as most managed providers' pooled URLs are. */
  pooled: boolean;
}

const HTTP_SCENARIOS: HttpScenario[] = [
  { name: "1 instance, direct to PostgreSQL", instances: 1, pooled: false },
  { name: "2 instances, direct to PostgreSQL", instances: 2, pooled: false },
  { name: "2 instances through PgBouncer (transaction mode)", instances: 2, pooled: true },
];

async function buildWeb() {
  console.log("  building the web app for production…");
  await run("npx", ["nx", "run", "web:build", "--outputStyle=static"], { ...process.env, NX_DAEMON: "false", NX_TUI: "false" }).done;
}

/**
 * `instances` production web servers (the standalone server, laid out as in its image) on one
 * database URL, ready; stopped by `stop`.
 */
async function startWebServers(databaseUrl: string, instances: number, pooled: boolean) {
  const image = await layOutNextImage("web");
  const servers = Array.from({ length: instances }, (_, instance) => {
    const port = 3990 + instance;
    const webUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [image.server], {
      cwd: path.dirname(image.server),
      env: {
        PATH: process.env["PATH"],
        NODE_ENV: "production",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        DATABASE_URL: databaseUrl,
        DATABASE_POOLER: pooled ? "transaction" : "none",
        WEB_URL: webUrl,
        BETTER_AUTH_SECRET: "bench-secret-0123456789-0123456789-0123456789",
        AUTH_TRUSTED_IP_HEADER: "none",
        MAIL_OUTBOX_DIR: path.join(os.tmpdir(), "saas-bench-mail"),
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    return { webUrl, child };
  });
  const stop = async () => {
    for (const { child } of servers) {
      process.kill(-child.pid!, "SIGTERM");
      await once(child, "exit").catch(() => {});
    }
    await rm(image.folder, { recursive: true, force: true });
  };
  try {
    for (const { webUrl } of servers) {
      for (let attempt = 0; ; attempt++) {
        const ready = await fetch(`${webUrl}/api/health`).then((response) => response.ok, () => false);
        if (ready) break;
        if (attempt > 120) throw new Error(`the web server at ${webUrl} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop };
}

/** A real session of the big organization's owner, with that organization active. */
async function signIn(data: BenchData, webUrl: string): Promise<string> {
  const response = await fetch(`${webUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl },
    body: JSON.stringify({ email: data.big.ownerEmail, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  await fetch(`${webUrl}/api/auth/organization/set-active`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl, cookie },
    body: JSON.stringify({ organizationId: data.big.id }),
  });
  return cookie;
}

/** leads.list's first page, at CONCURRENCY from a second process, spread over every server. */
async function loadLeadsList(data: BenchData, webUrls: string[], cookie: string, serverPids: number[]) {
  const input = encodeURIComponent(JSON.stringify({ json: { limit: 50 } }));
  const urls = webUrls.map((webUrl) => `${webUrl}/api/trpc/leads.list?input=${input}`);
  for (const url of urls) {
    const check = await fetch(url, { headers: { cookie } });
    if (!check.ok) throw new Error(`leads.list answered ${check.status}: ${await check.text()}`);
  }
  const serverCpu = async () => (await Promise.all(serverPids.map((pid) => processTreeCpuMs(pid)))).reduce<number>((total, ms) => total + (ms ?? 0), 0);
  const database = new URL(data.url).pathname.slice(1);
  const connections = sampleConnections(withDatabaseName(data.url, "postgres"), database);
  const cpuBefore = await serverCpu();
  const load = run(
    "npx",
    ["tsx", "tools/bench/send-requests.ts", ...urls.flatMap((url) => ["--url", url]), "--cookie", cookie, "--concurrency", String(CONCURRENCY), "--seconds", String(args.seconds)],
    process.env,
    "pipe",
  );
  const summary = JSON.parse((await load.done).trim().split("\n").at(-1)!) as RequestSummary;
  const cpu = (await serverCpu()) - cpuBefore;
  const serverConnections = await connections.stop();
  const result = {
    ...summary,
    serverConnections,
    serverCpuMsPerRequest: Math.round((cpu / summary.requests) * 1000) / 1000,
    senderCpuMsPerRequest: Math.round((summary.cpuMs / summary.requests) * 1000) / 1000,
  };
  console.log(
    `  ${summary.requestsPerSecond} requests/s at concurrency ${CONCURRENCY} · p50 ${summary.latencyMs.p50} ms · p95 ${summary.latencyMs.p95} ms · p99 ${summary.latencyMs.p99} ms · statuses ${JSON.stringify(summary.statuses)}`,
  );
  console.log(
    `  server connections ≤ ${serverConnections.max} (≤ ${serverConnections.maxActive} active) · CPU per request: web server(s) ${result.serverCpuMsPerRequest} ms, sender ${result.senderCpuMsPerRequest} ms (PostgreSQL is the rest of 2 cores)`,
  );
  return result;
}

async function measureHttp(data: BenchData) {
  console.log("\n5. leads.list over HTTP: the production web server, a real session, row-level security");
  await buildWeb();
  const { servers, stop } = await startWebServers(data.url, 1, false);
  try {
    const webUrl = servers[0]!.webUrl;
    const cookie = await signIn(data, webUrl);
    const result = await loadLeadsList(data, [webUrl], cookie, [servers[0]!.child.pid!]);

    console.log("\n6. First-load JavaScript (gzip), loaded in Chromium");
    const js = JSON.parse(
      (await run("npx", ["tsx", "tools/bench/first-load-js.ts", "--base", webUrl, "--cookie", cookie, "/leads", "/leads/board", "/"], process.env, "pipe").done)
        .trim()
        .split("\n")
        .at(-1)!,
    ) as Record<string, { scripts: number; gzipKb: number }>;
    for (const [page, size] of Object.entries(js)) console.log(`  ${page}: ${size.gzipKb} kB in ${size.scripts} scripts`);
    return { http: result, firstLoadJs: js };
  } finally {
    await stop();
  }
}

/** leads.list over HTTP: one web server straight to PostgreSQL, two, then two through PgBouncer. */
async function measureScaling(data: BenchData) {
  console.log("\nleads.list over HTTP, one instance direct vs two through PgBouncer");
  await buildWeb();
  const results: Record<string, unknown>[] = [];
  for (const scenario of HTTP_SCENARIOS) {
    console.log(`\n${scenario.name}`);
    const bouncer = scenario.pooled ? await startTestPgbouncer(data.url) : null;
    try {
      const { servers, stop } = await startWebServers(bouncer ? bouncer.url(data.url) : data.url, scenario.instances, scenario.pooled);
      try {
        const cookie = await signIn(data, servers[0]!.webUrl);
        results.push({
          scenario: scenario.name,
          ...(await loadLeadsList(
            data,
            servers.map((server) => server.webUrl),
            cookie,
            servers.map((server) => server.child.pid!),
          )),
        });
      } finally {
        await stop();
      }
    } finally {
      await bouncer?.stop();
    }
  }
  return results;
}

async function main() {
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`);
  const started = performance.now();
  const data = await openBenchData({ rebuild: args.rebuild });
  const [size] = await data.db.execute<{ leads: string; bytes: string }>(
    sql`select (select count(*) from lead)::text as leads, pg_size_pretty(pg_database_size(current_database())) as bytes`,
  );
  console.log(
    `Data: ${Number(size?.leads).toLocaleString("en-US")} leads (${SIZES.big.toLocaleString("en-US")} in one organization, ${SIZES.others} of ${SIZES.perOther.toLocaleString("en-US")}, one of ${SIZES.small.toLocaleString("en-US")}), ${size?.bytes} on disk` +
      (data.buildSeconds === null ? " (reused)" : `, built in ${data.buildSeconds} s`),
  );
  try {
    if (args.scaling) {
      console.log(`\nJSON ${JSON.stringify({ scaling: await measureScaling(data) })}`);
    } else {
      const service = await measureService(data);
      const http = args["skip-http"] ? null : await measureHttp(data);
      console.log(`\nJSON ${JSON.stringify({ service, http })}`);
    }
  } finally {
    await data.db.close();
    await data.server.stop();
  }
  console.log(`\nDone in ${Math.round((performance.now() - started) / 1000)} s.`);
}

await main();
