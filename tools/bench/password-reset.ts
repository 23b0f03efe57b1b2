// npm run bench:reset [-- --requests 200 --warmup 20 --back-to-back --without-email]
//
// Does the answer to a password-reset request tell whether the address has an account? (Issue 10
// #4: a known address took ~150–200 ms to answer, an unknown one ~50–100 ms, because the email
// was built and written before answering.) createAuth's `timingDefences` (default true) turns on
// two defences: Better Auth's `advanced.backgroundTasks` sends auth emails after the answer, and
// the answers of /request-password-reset and /send-verification-email leave no sooner than
// ADDRESS_ANSWER_FLOOR_MS (250 ms) after the request arrived, since the token write alone still
// set a known address a couple of milliseconds apart.
//
// One run measures two phases, in this order, side by side:
//   1. "without the defences" (as before): createAuth({ timingDefences: false }), emails built and
//      written inside the request, no floor;
//   2. "as shipped": createAuth with its defaults.
// Both run on one fresh embedded PostgreSQL (default durability) and database. Each phase builds
// the real auth with `createAuth` (an outbox mailer writing .eml files to a temporary folder of
// its own), serves its HTTP handler on its own loopback port with @hono/node-server, signs up its
// own known, verified address, and from this process POSTs /api/auth/request-password-reset with
// global fetch: `--requests` times for the known address and as many times for a fresh random
// unknown address each, in pairs of random order so drift hits both kinds alike, after `--warmup`
// unmeasured requests (alternating). Each request is timed from fetch to the end of its body.
// Between requests the server is left idle until the emails of earlier answers are written
// (`auth.settled()`, not timed; without the defences there is nothing left to wait for), so each
// answer is measured alone. Two diagnostics apply to both phases: `--back-to-back` sends the next
// request at once instead, as an attacker probing quickly would; `--without-email` gives
// createAuth a mailer that records what it is asked to send but renders and writes nothing: what
// is left of a difference then is not the email's doing.
//
// The npm script runs tsx with libs/email's tsconfig: the root one includes no files, so tsx
// would compile the email templates (.tsx) for the classic JSX runtime, without React in scope.
//
// The rate limit (3 requests per 300 s per client IP, see libs/auth/src/policy.ts) is raised by
// giving every request its own client IP in the trusted proxy header (x-forwarded-for), as the
// auth tests do; createAuth has no option to change the limits, and the policy is left alone.
//
// Checks per phase: every answer is 200 with the same body and the same headers for both kinds;
// once the background work settled, the phase's outbox holds exactly one reset email per
// known-address request (warm-up included) and nothing for any unknown address (with
// --without-email: exactly that many were asked for). Reports per phase both distributions
// (percentiles in ms, histogram), the difference of medians, and the Mann–Whitney AUC: the
// probability that a known-address answer is slower than an unknown-address one (0.5: the answers
// say nothing about the address); then both phases side by side.
//
// Exit 1 when a check fails in either phase, and when the shipped phase is distinguishable
// (p < 0.01): answering in the same time for both kinds is what the code promises. Not at
// p < 0.05: with no difference at all, one run in twenty would land there by chance (such a run is
// called "borderline" and passes; one in a hundred still fails by chance alone). The baseline's
// verdict is reported, never judged: it shows what the defences hide.
import { randomBytes } from "node:crypto";
import { writeSync } from "node:fs";
import { chmod, mkdtemp, open, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { format, parseArgs } from "node:util";
import { serve, type ServerType } from "@hono/node-server";
import { ADDRESS_ANSWER_FLOOR_MS, createAuth, type CreateAuthOptions } from "@saas/auth";
import { createDb, userTable, type Database } from "@saas/db";
import { ensureDatabase, withDatabaseName } from "@saas/db/admin";
import { findFreePort, startEmbeddedPostgres } from "@saas/db/embedded";
import { runMigrations } from "@saas/db/migrate";
import { createMailer, createOutboxTransport, type Mailer } from "@saas/email";
import { readOutbox } from "@saas/email/outbox";
import { eq, sql } from "drizzle-orm";
import { compareSamples, histogram, summarize, type Summary } from "../src/distribution";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    "back-to-back": { type: "boolean", default: false },
    "without-email": { type: "boolean", default: false },
  },
});
const settings = { requests: Number(args.requests), warmup: Number(args.warmup) };
for (const [name, value] of Object.entries(settings)) {
  if (!Number.isInteger(value) || value < (name === "requests" ? 2 : 0)) {
    console.error(`--${name}: expected a whole number${name === "requests" ? " of at least 2" : ""}, got ${value}`);
    process.exit(2);
  }
}
const backToBack = args["back-to-back"];
const withoutEmail = args["without-email"];

const PRODUCT = "Acme CRM";
const SECRET = "bench-secret-0123456789-0123456789-0123456789";
const IP_HEADER = "x-forwarded-for";

interface Phase {
  name: string;
  /** What the phase's auth does, for the report. */
  description: string;
  options: Pick<CreateAuthOptions, "timingDefences">;
  /** Whether a distinguishable verdict fails the run: only for what ships. */
  judged: boolean;
}

const PHASES: Phase[] = [
  {
    name: "without the defences",
    description: "as before: createAuth({ timingDefences: false }), emails built and written inside the request, no answer floor",
    options: { timingDefences: false },
    judged: false,
  },
  {
    name: "as shipped",
    description: `createAuth's defaults: emails after the answer, answers no sooner than ${ADDRESS_ANSWER_FLOOR_MS} ms after the request`,
    options: {},
    judged: true,
  },
];

/** Below this p the two kinds are told apart (and the shipped phase fails the run); see the header. */
const DISTINGUISHABLE_P = 0.01;
type Verdict = "indistinguishable" | "borderline" | "distinguishable";
const verdictOf = (p: number): Verdict => (p < DISTINGUISHABLE_P ? "distinguishable" : p < 0.05 ? "borderline" : "indistinguishable");

type Kind = "known" | "unknown";

let ipCounter = 0;
/** A client address no earlier request used, so each request is its IP's first (10.0.0.1, …). */
function nextIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

const unknownAddress = (runId: string) => `nobody-${runId}-${randomBytes(6).toString("hex")}@example.test`;

interface Answer {
  ms: number;
  status: number;
  body: string;
  /** The answer's header names and values but the date, to compare the two kinds. */
  headers: string;
}

/** One reset request over HTTP, timed from the call to fetch to the last byte of the body. */
async function requestReset(origin: string, email: string): Promise<Answer> {
  const body = JSON.stringify({ email, redirectTo: "/reset-password" });
  const headers = { "content-type": "application/json", origin, [IP_HEADER]: nextIp() };
  const started = performance.now();
  const response = await fetch(`${origin}/api/auth/request-password-reset`, { method: "POST", headers, body });
  const text = await response.text();
  const ms = performance.now() - started;
  const shape = [...response.headers].filter(([name]) => name !== "date").map(([name, value]) => `${name}: ${value}`);
  return { ms, status: response.status, body: text, headers: shape.sort().join("\n") };
}

/** Signs one person up through the handler and marks the address verified, as following the link would. */
async function createKnownUser(db: Database, origin: string, email: string): Promise<void> {
  const response = await fetch(`${origin}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, [IP_HEADER]: nextIp() },
    body: JSON.stringify({ name: "Known Person", email, password: `bench-${randomBytes(12).toString("hex")}` }),
  });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const verified = await db.update(userTable).set({ emailVerified: true }).where(eq(userTable.email, email)).returning({ id: userTable.id });
  if (verified.length !== 1) throw new Error(`the signed-up user ${email} is not in the database`);
}

/**
 * Better Auth logs through console.warn/error (a warning for every unknown address). The lines
 * still get written — synchronously, to a file, as they would to stderr — but off the screen,
 * and counted by message.
 */
function captureAuthLog(fd: number) {
  const counts = new Map<string, number>();
  const errors: string[] = [];
  const original = { warn: console.warn, error: console.error };
  const capture = (level: "warn" | "error") => (...parts: unknown[]) => {
    const line = format(...parts);
    writeSync(fd, `${line}\n`);
    if (level === "error" && errors.length < 20) errors.push(line);
    // eslint-disable-next-line no-control-regex -- colour codes of a terminal logger
    const message = line.replace(/\x1b\[[0-9;]*m/g, "").replace(/^\S+ \w+ \[Better Auth\]: /, "").split("\n")[0] ?? "";
    counts.set(message, (counts.get(message) ?? 0) + 1);
  };
  console.warn = capture("warn");
  console.error = capture("error");
  return {
    /** Lines per message, since the last `counts.clear()` (each phase starts with one). */
    counts,
    /** The first errors logged, to show when the run fails. */
    errors,
    restore() {
      console.warn = original.warn;
      console.error = original.error;
    },
  };
}
type AuthLog = ReturnType<typeof captureAuthLog>;

const ms = (value: number) => value.toFixed(2);
const signedMs = (value: number) => `${value >= 0 ? "+" : ""}${ms(value)} ms`;
const pText = (p: number) => (p < 0.001 ? "< 0.001" : p.toFixed(3));
const pValue = (p: number) => (p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`);

function table(rows: [Kind, Summary][]): string {
  const columns: (keyof Summary)[] = ["n", "min", "p10", "p25", "p50", "p75", "p90", "p99", "max", "mean"];
  const cell = (key: keyof Summary, summary: Summary) => (key === "n" ? String(summary.n) : ms(summary[key]));
  const widths = columns.map((key) => Math.max(key.length, ...rows.map(([, summary]) => cell(key, summary).length)));
  const line = (label: string, cells: string[]) => `  ${label.padEnd(8)}${cells.map((text, i) => text.padStart((widths[i] ?? 0) + 2)).join("")}`;
  return [line("ms", columns), ...rows.map(([kind, summary]) => line(kind, columns.map((key) => cell(key, summary))))].join("\n");
}

/** Both samples binned over the same range (min to p99 of both; slower answers in the last bin). */
function histograms(samples: Record<Kind, number[]>, bins = 12): string {
  const all = [...samples.known, ...samples.unknown];
  const { min, p99 } = summarize(all);
  const counts = { known: histogram(samples.known, min, p99, bins), unknown: histogram(samples.unknown, min, p99, bins) };
  const peak = Math.max(...counts.known, ...counts.unknown);
  const bar = (n: number) => "#".repeat(Math.round((n / peak) * 30)).padEnd(30);
  const width = (p99 - min) / bins;
  return counts.known
    .map((known, i) => {
      const from = min + i * width;
      const label = i === bins - 1 ? `≥ ${ms(from)}` : `${ms(from)}–${ms(from + width)}`;
      const unknown = counts.unknown[i] ?? 0;
      return `  ${label.padStart(13)} ms  known ${String(known).padStart(3)} ${bar(known)}  unknown ${String(unknown).padStart(3)} ${bar(unknown)}`;
    })
    .join("\n");
}

interface PhaseResult {
  phase: Phase;
  known: Summary;
  unknown: Summary;
  medianGap: number;
  auc: number;
  p: number;
  verdict: Verdict;
  problems: string[];
}

interface Shared {
  db: Database;
  /** The run's temporary folder; each phase writes its outbox into a folder of its own there. */
  dataDir: string;
  runId: string;
  authLog: AuthLog;
}

/**
 * One phase: its own auth, HTTP server, outbox and known address; warm-up, measured pairs,
 * checks, and the phase's detail on the screen (console.log is not captured by the auth log).
 */
async function runPhase(phase: Phase, index: number, { db, dataDir, runId, authLog }: Shared): Promise<PhaseResult> {
  console.log(`\n── Phase ${index + 1}/${PHASES.length}: ${phase.name} (${phase.description})`);
  authLog.counts.clear();
  const port = await findFreePort();
  const origin = `http://127.0.0.1:${port}`;
  const outbox = path.join(dataDir, `outbox-${index + 1}`);
  const outboxMailer = createMailer({ from: `${PRODUCT} <no-reply@acme.example>`, transport: createOutboxTransport({ dir: outbox, log: () => {} }) });
  // --without-email: the emails are asked for but neither rendered nor written (recorded here).
  const skipped: { to: string; subject: string }[] = [];
  const mailer: Mailer = withoutEmail
    ? { transport: outboxMailer.transport, send: async (to, template) => void skipped.push({ to, subject: template.subject }) }
    : outboxMailer;
  const sentEmails = async () => (withoutEmail ? [...skipped] : await readOutbox(outbox));
  const app = createAuth({
    db,
    audience: "customer",
    baseUrl: origin,
    secret: SECRET,
    productName: PRODUCT,
    cookiePrefix: "saas",
    mailer,
    trustedIpHeader: IP_HEADER,
    ...phase.options,
  });
  const http = await new Promise<ServerType>((resolve) => {
    const fetch = async (request: Request) => {
      try {
        return await app.handleRequest(request);
      } catch (error) {
        // @hono/node-server answers 500 with an empty body; keep the reason.
        console.error("handleRequest threw:", error);
        throw error;
      }
    };
    const listening = serve({ fetch, port, hostname: "127.0.0.1" }, () => resolve(listening));
  });

  try {
    const knownEmail = `known-${runId}-${index + 1}@example.test`;
    await createKnownUser(db, origin, knownEmail);
    await app.settled();
    const emailsBefore = (await sentEmails()).length;

    const answers: Answer[] = [];
    const samples: Record<Kind, number[]> = { known: [], unknown: [] };
    const sent: Record<Kind, number> = { known: 0, unknown: 0 };
    const unknownEmails = new Set<string>();
    const send = async (kind: Kind, measured: boolean) => {
      const email = kind === "known" ? knownEmail : unknownAddress(runId);
      if (kind === "unknown") unknownEmails.add(email);
      const answer = await requestReset(origin, email);
      sent[kind] += 1;
      answers.push(answer);
      if (measured) samples[kind].push(answer.ms);
      if (!backToBack) await app.settled();
    };

    console.log(`Warm-up: ${settings.warmup} requests (alternating)…`);
    for (let i = 0; i < settings.warmup; i++) await send(i % 2 === 0 ? "known" : "unknown", false);
    console.log(
      `Measured: ${settings.requests} known + ${settings.requests} unknown, in pairs of random order` +
        `${backToBack ? ", back to back" : ", the server idle between requests"}…`,
    );
    for (let i = 0; i < settings.requests; i++) {
      const order: Kind[] = Math.random() < 0.5 ? ["known", "unknown"] : ["unknown", "known"];
      for (const kind of order) await send(kind, true);
    }

    await app.settled();
    const problems: string[] = [];
    const first = answers[0];
    const statuses = new Map<number, number>();
    for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    if (answers.some((answer) => answer.status !== 200)) problems.push(`answers not 200: ${JSON.stringify(Object.fromEntries(statuses))}`);
    const otherBodies = new Set(answers.filter((answer) => answer.body !== first?.body).map((answer) => answer.body));
    if (otherBodies.size > 0) problems.push(`answers with another body than the first (${first?.body}): ${[...otherBodies].join(" | ")}`);
    const otherHeaders = new Set(answers.filter((answer) => answer.headers !== first?.headers).map((answer) => answer.headers));
    if (otherHeaders.size > 0) problems.push(`answers with other headers than the first:\n${first?.headers}\nvs\n${[...otherHeaders].join("\n--\n")}`);

    const emails = (await sentEmails()).slice(emailsBefore);
    const resets = emails.filter((email) => email.to === knownEmail && email.subject === `Reset your ${PRODUCT} password`);
    if (resets.length !== sent.known) problems.push(`reset emails to the known address: expected ${sent.known}, got ${resets.length}`);
    const toUnknown = emails.filter((email) => unknownEmails.has(email.to));
    if (toUnknown.length > 0) problems.push(`emails to unknown addresses: expected 0, got ${toUnknown.length}`);
    const others = emails.length - resets.length - toUnknown.length;
    if (others > 0) problems.push(`other emails: expected 0, got ${others}`);

    const known = summarize(samples.known);
    const unknown = summarize(samples.unknown);
    const { auc, z, p } = compareSamples(samples.known, samples.unknown);
    const medianGap = known.p50 - unknown.p50;
    const verdict = verdictOf(p);

    console.log(`\n${table([["known", known], ["unknown", unknown]])}`);
    console.log(`\n${histograms(samples)}`);
    console.log(`\ndifference of medians (known − unknown): ${signedMs(medianGap)}`);
    console.log(
      `P(a known-address answer is slower than an unknown-address one) = ${auc.toFixed(3)} ` +
        `(Mann–Whitney AUC, 0.5 = indistinguishable; z = ${z.toFixed(2)}, two-sided p ${pValue(p)})`,
    );
    console.log(`answers: ${answers.length} × ${[...statuses.keys()].join("/")} ${first?.body ?? ""}${otherBodies.size === 0 && otherHeaders.size === 0 ? " (the same body and headers for both kinds)" : ""}`);
    console.log(`emails ${withoutEmail ? "asked for" : "written"} once settled: ${resets.length} reset emails for ${sent.known} known-address requests, ${toUnknown.length} for ${sent.unknown} unknown addresses`);
    console.log(`auth log: ${[...authLog.counts].map(([message, n]) => `${n} × ${message}`).join("; ") || "empty"}`);
    const gap = `known-address answers ${medianGap >= 0 ? "slower" : "faster"} by ${ms(Math.abs(medianGap))} ms at the median`;
    console.log(
      `verdict: ${verdict} in ${settings.requests} + ${settings.requests} answers (${gap}, AUC ${auc.toFixed(2)}, p ${pValue(p)})` +
        (problems.length > 0 ? ` · ${problems.length} PROBLEM(S)` : " · every check passed"),
    );
    return { phase, known, unknown, medianGap, auc, p, verdict, problems };
  } finally {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await app.settled();
  }
}

/** The phases side by side, one line each. */
function sideBySide(results: PhaseResult[]): string {
  const header = ["", "known p50", "unknown p50", "median gap", "AUC", "p", "verdict"];
  const rows = results.map((result) => [
    result.phase.name,
    `${ms(result.known.p50)} ms`,
    `${ms(result.unknown.p50)} ms`,
    signedMs(result.medianGap),
    result.auc.toFixed(3),
    pText(result.p),
    result.verdict + (result.problems.length > 0 ? ` · ${result.problems.length} PROBLEM(S)` : ""),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)));
  // The name and the verdict read from the left, the numbers from the right.
  const line = (cells: string[]) =>
    cells
      .map((text, i) => (i === 0 || i === cells.length - 1 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0)))
      .join("   ")
      .trimEnd();
  return [header, ...rows].map((cells) => `  ${line(cells)}`).join("\n");
}

async function main() {
  const runId = Date.now().toString(36);
  const loadBefore = os.loadavg().map((load) => Math.round(load * 100) / 100);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "saas-bench-reset-"));
  // PostgreSQL runs as the `postgres` OS user when we are root: let it enter the folder.
  await chmod(dataDir, 0o755);
  const log = await open(path.join(dataDir, "auth.log"), "w");
  const authLog = captureAuthLog(log.fd);

  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: await findFreePort(), persistent: false });
  let db: Database | undefined;
  try {
    await ensureDatabase(server.url(), "bench");
    const databaseUrl = withDatabaseName(server.url(), "bench");
    await runMigrations(databaseUrl);
    // The apps' default pool (10 connections), shared by both phases.
    db = createDb(databaseUrl, { applicationName: "saas-bench-reset" });
    const [version] = await db.execute<{ version: string }>(sql`select current_setting('server_version') as version`);
    const cpus = os.cpus();

    console.log(`POST /api/auth/request-password-reset over HTTP on loopback, known vs unknown address, without the timing defences then as shipped`);
    console.log(
      `machine: ${cpus[0]?.model ?? "cpu"} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
        `${os.platform()} ${os.release()} · Node ${process.version} · PostgreSQL ${version?.version ?? "?"} · load average before ${loadBefore.join(" ")}`,
    );
    console.log(
      `settings per phase: ${settings.requests} requests per kind after ${settings.warmup} warm-up, pairs of random order, a fresh client IP per request, ` +
        (backToBack ? "back to back" : "the server idle between requests (auth.settled())") +
        (withoutEmail ? ", WITHOUT EMAIL (asked for, neither rendered nor written)" : ""),
    );

    const results: PhaseResult[] = [];
    for (const [index, phase] of PHASES.entries()) results.push(await runPhase(phase, index, { db, dataDir, runId, authLog }));

    // The auth's work is done: the summary (and any problem) goes to the screen again.
    authLog.restore();
    console.log(`\n── Side by side (${settings.requests} + ${settings.requests} answers each; distinguishable: p < ${DISTINGUISHABLE_P}, borderline: p < 0.05)`);
    console.log(sideBySide(results));

    const failures: string[] = [];
    for (const result of results) {
      for (const problem of result.problems) failures.push(`${result.phase.name}: ${problem}`);
      if (result.phase.judged && result.verdict === "distinguishable") {
        failures.push(`${result.phase.name}: the answer time tells a known address from an unknown one (p ${pValue(result.p)}, below ${DISTINGUISHABLE_P})`);
      }
    }
    console.log(`\n${failures.length === 0 ? "every check passed, and the shipped answers do not tell the addresses apart" : `${failures.length} PROBLEM(S)`}`);
    if (failures.length > 0) {
      for (const failure of failures) console.error(`PROBLEM: ${failure}`);
      process.exitCode = 1;
    }
  } catch (error) {
    authLog.restore();
    for (const line of authLog.errors) console.error(line);
    throw error;
  } finally {
    await db?.close();
    authLog.restore();
    await log.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
