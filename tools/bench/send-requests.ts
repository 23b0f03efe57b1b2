// A load generator in a process of its own (its CPU is not the server's): GETs one URL with a
// cookie, `--concurrency` requests in flight over keep-alive connections, for `--seconds`, and
// prints a JSON summary (requests/s, latency percentiles, statuses, its own CPU time). With
// several `--url`s (the same path on instances behind a load balancer), the request slots are
// spread over them in turn.
import http from "node:http";
import { parseArgs } from "node:util";

export interface RequestSummary {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  cpuMs: number;
}

const { values } = parseArgs({
  options: {
    url: { type: "string", multiple: true },
    cookie: { type: "string", default: "" },
    concurrency: { type: "string", default: "16" },
    seconds: { type: "string", default: "20" },
  },
});
const urls = (values.url ?? []).map((value) => new URL(value));
if (urls.length === 0) throw new Error("Usage: send-requests --url <url> [--url <another instance>…] [--cookie …] [--concurrency 16] [--seconds 20]");
const concurrency = Number(values.concurrency);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function get(url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { cookie: values.cookie, accept: "application/json" } }, (response) => {
      response.resume();
      response.once("end", () => resolve(response.statusCode ?? 0));
      response.once("error", reject);
    });
    request.once("error", reject);
  });
}

const percentile = (sorted: number[], p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100) / 100;

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const deadline = started + Number(values.seconds) * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async (_, slot) => {
    const url = urls[slot % urls.length]!;
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const status = await get(url);
        statuses[status] = (statuses[status] ?? 0) + 1;
        latencies.push(performance.now() - sent);
      } catch {
        errors += 1;
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
latencies.sort((a, b) => a - b);
const summary: RequestSummary = {
  requests: latencies.length,
  seconds: Math.round(seconds * 100) / 100,
  requestsPerSecond: Math.round(latencies.length / seconds),
  latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
  statuses,
  errors,
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
};
console.log(JSON.stringify(summary));
agent.destroy();
