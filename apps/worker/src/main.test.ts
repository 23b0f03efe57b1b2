import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { signStripeEvent, stripeEvent, TEST_PRICES, TEST_WEBHOOK_SECRET } from "@saas/billing/testing";
import { createCustomerOrganization, proSubscription } from "@saas/billing/testing/fixtures";
import { billingEventTable, subscriptionTable } from "@saas/db";
import { findFreePort } from "@saas/db/embedded";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CRON_SECRET } from "./testing/test-worker";

const workerRoot = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

/** The real worker process (src/main.ts), configured like production but on loopback. */
async function startWorker(port: number): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(tsx, ["src/main.ts"], {
    cwd: workerRoot,
    env: {
      PATH: process.env["PATH"],
      DATABASE_URL: t.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      CRON_SECRET: TEST_CRON_SECRET,
      STRIPE_SECRET_KEY: "sk_test_never_called",
      STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      STRIPE_PRICE_PRO_MONTHLY: TEST_PRICES.proMonthly,
      STRIPE_PRICE_PRO_YEARLY: TEST_PRICES.proYearly,
      STRIPE_PRICE_CREDIT_PACK: TEST_PRICES.creditPack,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`worker exited at start:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      if (attempt > 300) throw new Error(`worker did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, exited };
}

/** True once nothing accepts connections on the port any more. */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

async function until(condition: () => Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A raw POST (chunked when no length is given), answered with its status or the socket's error code. */
function rawPost(port: number, body: Buffer, headers: Record<string, string | number>): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.request({ port, host: "127.0.0.1", path: "/webhooks/stripe", method: "POST", headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    request.end(body);
  });
}

describe("the real server", () => {
  it("refuses a body over the limit — declared, or streamed without a length — and records nothing", async () => {
    const port = await findFreePort();
    const worker = await startWorker(port);
    try {
      const big = Buffer.alloc(2 * 1024 * 1024, "x");
      expect(await rawPost(port, big, { "content-length": big.length, "stripe-signature": "t=1,v1=0" })).toBe(413);
      // Streamed: refused once past the limit; the answer may race the client still sending.
      expect([413, "ECONNRESET", "EPIPE"]).toContain(await rawPost(port, big, { "transfer-encoding": "chunked", "stripe-signature": "t=1,v1=0" }));
      expect(await t.db.select().from(billingEventTable)).toEqual([]);
      // The worker is still serving.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
  });
});

describe("graceful shutdown", () => {
  it("SIGTERM stops accepting, lets the in-flight webhook finish and answer, then exits cleanly", async () => {
    const port = await findFreePort();
    const worker = await startWorker(port);
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id, { status: "trialing" });
    const post = (event: ReturnType<typeof stripeEvent>) => {
      const { payload, signature } = signStripeEvent(event, TEST_WEBHOOK_SECRET);
      return fetch(`http://127.0.0.1:${port}/webhooks/stripe`, { method: "POST", headers: { "stripe-signature": signature }, body: payload });
    };
    expect((await post(stripeEvent("customer.subscription.created", subscription, { created: 1_000 }))).status).toBe(200);

    // Lock the subscription row, so the next webhook is in flight (waiting on it) when SIGTERM comes.
    const blocker = postgres(t.url, { max: 2, onnotice: () => {} });
    const holder = await blocker.reserve();
    try {
      await holder`begin`;
      await holder`select id from subscription where id = ${subscription.id} for update`;
      const updated = stripeEvent("customer.subscription.updated", { ...subscription, status: "active" }, { created: 1_001 });
      const inFlight = post(updated);
      await until(async () => {
        const [row] = await blocker<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where application_name = 'saas-worker' and wait_event_type = 'Lock'`;
        return (row?.n ?? 0) > 0;
      }, "the webhook to wait on the row lock");

      worker.child.kill("SIGTERM");
      await until(() => refusesConnections(port), "the worker to stop accepting connections");
      expect(worker.child.exitCode).toBeNull();

      await holder`rollback`;
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true, status: "processed" });
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('"msg":"stopped"');

      const [row] = await t.db.select().from(subscriptionTable).where(eq(subscriptionTable.id, subscription.id));
      expect(row).toMatchObject({ status: "active", lastEventCreated: 1_001 });
      const [event] = await t.db.select().from(billingEventTable).where(eq(billingEventTable.stripeEventId, updated.id));
      expect(event?.status).toBe("processed");
    } finally {
      holder.release();
      await blocker.end();
      if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    }
  });
});
