// npm run bench:ai [-- --exchanges 400 --concurrency 16 --first-token-ms 50 --organizations 16]
//
// The AI assistant's overhead. One run, a fresh embedded PostgreSQL 17, an offline model (the AI
// SDK's mock) whose first token comes a fixed --first-token-ms after the call:
//   (a) the mock model called directly (streamText), and
//   (b) a whole chat turn through our code (`streamChatTurn`, what POST /api/chat runs after its
//       checks): the rate limit, the chat's history, the credits' reservation, the question saved,
//       the model, the UI message stream — read as the browser reads it,
// each `--exchanges` times at `--concurrency`, alternating rounds, the turns spread over
// `--organizations` organizations (1: every answer queues on the same organization's credits
// lock, the worst case). Reports time to first token
// p50/p95 side by side and our overhead (target: ≤ 30 ms at p95), and the database statements per
// exchange (counted by a query logger, answers saved and credits settled included).
import { createHash } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createChat, streamChatTurn } from "@saas/ai";
import { aiUsageTable, createDb, leadTable, memberTable, organizationTable, userTable } from "@saas/db";
import { ensureDatabase, withDatabaseName } from "@saas/db/admin";
import { findFreePort, startEmbeddedPostgres } from "@saas/db/embedded";
import { runMigrations } from "@saas/db/migrate";
import { simulateReadableStream, streamText } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { count, eq } from "drizzle-orm";

const { values: args } = parseArgs({
  options: {
    exchanges: { type: "string", default: "400" },
    concurrency: { type: "string", default: "16" },
    "first-token-ms": { type: "string", default: "50" },
    organizations: { type: "string", default: "16" },
  },
});
const EXCHANGES = Number(args.exchanges);
const CONCURRENCY = Number(args.concurrency);
const FIRST_TOKEN_MS = Number(args["first-token-ms"]);
const ORGANIZATIONS = Number(args.organizations);

const ANSWER = "You have 3 leads in proposal worth $42,000 in all.".split(/(?<= )/);
const mockModel = () =>
  new MockLanguageModelV4({
    doStream: async () => ({
      stream: simulateReadableStream({
        initialDelayInMs: FIRST_TOKEN_MS,
        chunkDelayInMs: 0,
        chunks: [
          { type: "stream-start" as const, warnings: [] },
          { type: "text-start" as const, id: "t" },
          ...ANSWER.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
          { type: "text-end" as const, id: "t" },
          {
            type: "finish" as const,
            finishReason: { unified: "stop" as const, raw: "stop" },
            usage: { inputTokens: { total: 900, noCache: 900, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 14, text: 14, reasoning: 0 } },
          },
        ],
      }),
    }),
  });

const percentile = (sorted: number[], p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), runs: sorted.length };
};

async function inParallel(total: number, fn: (index: number) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let index = next++; index < total; index = next++) samples.push(await fn(index));
    }),
  );
  return samples;
}

/** Milliseconds from the call to the first text delta the model streams, directly. */
async function direct(): Promise<number> {
  const started = performance.now();
  const result = streamText({ model: mockModel(), messages: [{ role: "user", content: "What's in proposal?" }] });
  for await (const part of result.stream) {
    if (part.type === "text-delta") {
      const ms = performance.now() - started;
      await result.consumeStream();
      return ms;
    }
  }
  throw new Error("no text");
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "saas-bench-ai-"));
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: await findFreePort(), persistent: false });
  let statements = 0;
  try {
    await ensureDatabase(server.url(), "bench");
    const url = withDatabaseName(server.url(), "bench");
    await runMigrations(url);
    const db = createDb(url, { max: 20, applicationName: "saas-bench-ai", logQueries: { logQuery: () => void statements++ } });
    const owners: { organizationId: string; userId: string }[] = [];
    for (let i = 0; i < ORGANIZATIONS; i++) {
      const [user] = await db.insert(userTable).values({ name: `Bench Owner ${i}`, email: `owner-${i}@bench.example`, emailVerified: true }).returning();
      const [organization] = await db.insert(organizationTable).values({ name: `Bench Co ${i}`, slug: `bench-co-${i}` }).returning();
      await db.insert(memberTable).values({ organizationId: organization!.id, userId: user!.id, role: "owner" });
      await db.insert(leadTable).values(Array.from({ length: 50 }, (_, n) => ({ organizationId: organization!.id, firstName: `Lead ${n}`, status: "proposal" as const })));
      owners.push({ organizationId: organization!.id, userId: user!.id });
    }
    const ownerOf = (index: number) => owners[index % owners.length]!;
    const chats = await Promise.all(
      Array.from({ length: EXCHANGES + 20 }, (_, index) => {
        const owner = ownerOf(index);
        return db.withTenant(owner.organizationId, (tx) => createChat(tx, owner), { actorId: owner.userId });
      }),
    );

    /** Milliseconds from the call to the first text delta the browser would read, through a whole turn. */
    const throughTurn = async (index: number): Promise<number> => {
      const started = performance.now();
      const response = await streamChatTurn({
        db,
        model: mockModel(),
        modelId: "mock:bench",
        member: { ...ownerOf(index), organizationName: "Bench Co", name: "Bench Owner", role: "owner" },
        request: { chatId: chats[index]!.id, message: { id: `q-${index}`, role: "user", parts: [{ type: "text", text: "What's in proposal?" }] } },
        monthlyAllowance: 1_000_000,
        leadLimit: null,
        rateLimitPerMinute: 1_000_000,
        approvalSecret: createHash("sha256").update("bench").digest("base64url"),
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let seen = "";
      let ms: number | null = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value, { stream: true });
        if (ms === null && seen.includes('"type":"text-delta"')) ms = performance.now() - started;
      }
      if (ms === null) throw new Error(`no text in the answer: ${seen.slice(0, 300)}`);
      return ms;
    };

    // Warm-up: JIT, pools, plans.
    await inParallel(20, () => direct());
    await inParallel(20, (index) => throughTurn(EXCHANGES + index));

    const rounds = 4;
    const directSamples: number[] = [];
    const turnSamples: number[] = [];
    const perRound = Math.ceil(EXCHANGES / rounds);
    const statementsBefore = statements;
    const cpu = { direct: 0, turn: 0 };
    const cpuMs = () => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1000;
    };
    for (let round = 0; round < rounds; round++) {
      let before = cpuMs();
      directSamples.push(...(await inParallel(perRound, () => direct())));
      cpu.direct += cpuMs() - before;
      const offset = round * perRound;
      before = cpuMs();
      turnSamples.push(...(await inParallel(Math.min(perRound, EXCHANGES - offset), (index) => throughTurn(offset + index))));
      cpu.turn += cpuMs() - before;
    }
    // Every answer saved and settled before counting statements.
    for (let tries = 0; tries < 500; tries++) {
      const [pending] = await db.select({ n: count() }).from(aiUsageTable).where(eq(aiUsageTable.status, "reserved"));
      if ((pending?.n ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const turnStatements = statements - statementsBefore;
    const a = summary(directSamples);
    const b = summary(turnSamples);
    const cpus = os.cpus();
    const report = {
      machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`,
      settings: { exchanges: EXCHANGES, concurrency: CONCURRENCY, firstTokenMs: FIRST_TOKEN_MS, organizations: ORGANIZATIONS },
      timeToFirstTokenMs: { mockDirect: a, throughTurn: b },
      overheadMs: { p50: Math.round((b.p50 - a.p50) * 10) / 10, p95: Math.round((b.p95 - a.p95) * 10) / 10 },
      statementsPerExchange: Math.round((turnStatements / turnSamples.length) * 10) / 10,
      // This process's CPU (our code and the mock, not PostgreSQL's) per exchange.
      nodeCpuMsPerExchange: { mockDirect: Math.round((cpu.direct / directSamples.length) * 100) / 100, throughTurn: Math.round((cpu.turn / turnSamples.length) * 100) / 100 },
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `\ntime to first token at concurrency ${CONCURRENCY}, ${ORGANIZATIONS} organization(s): mock directly p50 ${a.p50} ms / p95 ${a.p95} ms · through a chat turn p50 ${b.p50} ms / p95 ${b.p95} ms · ` +
        `overhead p50 ${report.overheadMs.p50} ms / p95 ${report.overheadMs.p95} ms (target ≤ 30 ms at p95: ${report.overheadMs.p95 <= 30 ? "met" : "NOT met"}) · ` +
        `${report.statementsPerExchange} database statements per exchange · Node.js CPU per exchange ${report.nodeCpuMsPerExchange.throughTurn} ms (the mock alone ${report.nodeCpuMsPerExchange.mockDirect} ms)`,
    );
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
