// The benchmark's sender, a process of its own (so its CPU is not the worker's): reads the bodies
// to send (one JSON-encoded string per line, in send order, serialized as Stripe does), signs each
// just before sending (so the signature is fresh, as Stripe's are), POSTs them with at most
// `--concurrency` requests in flight over keep-alive connections, and prints a JSON summary:
// throughput, latency percentiles, answers by status. With several `--url`s (instances behind a
// load balancer), the connections are spread over them in turn.
import { readFile } from "node:fs/promises";
import net from "node:net";
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

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: all a load generator needs, at a
 * fraction of node:http's cost per request — CPU the sender would otherwise take from the worker
 * and PostgreSQL on this same machine. Answers must carry a Content-Length (the worker's do).
 */
class Connection {
  private received: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (answer: { status: number; body: string }) => void; reject: (error: Error) => void } | null = null;
  closed = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
      this.answer();
    });
    const fail = (error?: Error) => {
      this.closed = true;
      this.waiting?.reject(error ?? new Error("connection closed"));
      this.waiting = null;
    };
    socket.on("error", fail);
    socket.on("close", () => fail());
  }

  static open(url: URL): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => resolve(new Connection(socket, url.host)));
      socket.once("error", reject);
    });
  }

  post(path: string, body: string, signature: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${this.host}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nStripe-Signature: ${signature}\r\n\r\n${body}`,
      );
    });
  }

  close() {
    this.socket.destroy();
  }

  private answer() {
    const headerEnd = this.received.indexOf("\r\n\r\n");
    if (headerEnd < 0 || !this.waiting) return;
    const head = this.received.subarray(0, headerEnd).toString("latin1");
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (Number.isNaN(length)) {
      this.waiting.reject(new Error(`answer without Content-Length: ${head.split("\r\n")[0]}`));
      this.waiting = null;
      return;
    }
    const end = headerEnd + 4 + length;
    if (this.received.length < end) return;
    const status = Number(head.slice(9, 12));
    const body = this.received.subarray(headerEnd + 4, end).toString("utf8");
    this.received = this.received.subarray(end);
    const { resolve } = this.waiting;
    this.waiting = null;
    resolve({ status, body });
  }
}

async function sendWebhooks(options: { urls: string[]; secret: string; concurrency: number; payloads: string[] }): Promise<SendSummary> {
  const latencies: number[] = [];
  const httpStatuses: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  let errors = 0;
  let next = 0;

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, slot) => {
      const url = new URL(options.urls[slot % options.urls.length]!);
      let connection = await Connection.open(url);
      for (let payload = options.payloads[next++]; payload; payload = options.payloads[next++]) {
        const signature = signPayload(payload, options.secret);
        const sentAt = performance.now();
        try {
          if (connection.closed) connection = await Connection.open(url);
          const { status, body } = await connection.post(url.pathname, payload, signature);
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
      connection.close();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
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
    options: { url: { type: "string", multiple: true }, secret: { type: "string" }, concurrency: { type: "string" }, events: { type: "string" } },
  });
  if (!values.url?.length || !values.secret || !values.events) {
    throw new Error("Usage: send-webhooks --url <url> [--url <another instance>…] --secret <whsec_…> --events <file.jsonl> [--concurrency 32]");
  }
  const lines = (await readFile(values.events, "utf8")).split("\n").filter(Boolean);
  const summary = await sendWebhooks({
    urls: values.url,
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
