// The benchmark's sender, a process of its own (so its CPU is not the worker's): reads the bodies
// to send (one JSON-encoded string per line, in send order, serialized as Stripe does), signs each
// just before sending (so the signature is fresh, as Stripe's are), POSTs them with at most
// `--concurrency` requests in flight over keep-alive connections, and prints a JSON summary:
// throughput, latency percentiles, answers by status.
import { readFile } from "node:fs/promises";
import http from "node:http";
import { parseArgs } from "node:util";
import { signPayload } from "@saas/billing/testing";

export interface SendSummary {
  sent: number;
  seconds: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** HTTP status → count. */
  httpStatuses: Record<string, number>;
  /** The worker's `status` in 2xx answers (processed, ignored, duplicate, unmatched) → count. */
  outcomes: Record<string, number>;
  /** Network errors (the worker closed or refused a connection). */
  errors: number;
  /** CPU time this sender used (user + system), to see how the machine was shared. */
  cpuMs: number;
}

function percentile(sorted: number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return Math.round(value * 100) / 100;
}

function post(agent: http.Agent, url: URL, payload: string, signature: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "stripe-signature": signature },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

async function sendWebhooks(options: { url: string; secret: string; concurrency: number; payloads: string[] }): Promise<SendSummary> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const httpStatuses: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  let errors = 0;
  let next = 0;

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      for (let payload = options.payloads[next++]; payload; payload = options.payloads[next++]) {
        const signature = signPayload(payload, options.secret);
        const sentAt = performance.now();
        try {
          const { status, body } = await post(agent, url, payload, signature);
          latencies.push(performance.now() - sentAt);
          httpStatuses[status] = (httpStatuses[status] ?? 0) + 1;
          if (status === 200) {
            const outcome = (JSON.parse(body) as { status: string }).status;
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          }
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: options.payloads.length,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: Math.round(options.payloads.length / seconds),
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
    httpStatuses,
    outcomes,
    errors,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { url: { type: "string" }, secret: { type: "string" }, concurrency: { type: "string" }, events: { type: "string" } },
  });
  if (!values.url || !values.secret || !values.events) throw new Error("Usage: send-webhooks --url <url> --secret <whsec_…> --events <file.jsonl> [--concurrency 32]");
  const lines = (await readFile(values.events, "utf8")).split("\n").filter(Boolean);
  const summary = await sendWebhooks({
    url: values.url,
    secret: values.secret,
    concurrency: Number(values.concurrency ?? 32),
    payloads: lines.map((line) => JSON.parse(line) as string),
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
