import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { createStripeClient } from "../stripe-client";
import { stripeId } from "./stripe-objects";

/**
 * A small HTTP server on 127.0.0.1 that answers the Stripe API calls our code makes, in Stripe's
 * wire format (form-encoded requests, JSON objects, `{ error }` bodies, `Idempotency-Key`
 * replay). Tests point the real Stripe SDK at it (`host`/`port`/`protocol: "http"`), so the SDK's
 * encoding, retries and error classes are all exercised — nothing of Stripe is mocked in-process.
 *
 * It keeps the state tests need to assert on (customers, sessions, subscriptions, every request),
 * and can be told to fail the next matching requests, like an API outage.
 */

export const TEST_STRIPE_SECRET_KEY = "sk_test_local_server";

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

interface Failure {
  method: string;
  path: RegExp;
  remaining: number;
  status: number;
}

export interface LocalStripeServer {
  port: number;
  /** A real Stripe SDK client pointed at this server (no network retries unless asked). */
  client(options?: { maxNetworkRetries?: number }): Stripe;
  customers: Map<string, Record<string, unknown>>;
  checkoutSessions: Map<string, Record<string, unknown>>;
  subscriptions: Map<string, Stripe.Subscription>;
  invoices: Map<string, Stripe.Invoice>;
  requests: RecordedRequest[];
  /** Makes the server know (or update) a subscription, as if it had changed in Stripe. */
  putSubscription(subscription: Stripe.Subscription): void;
  /** Makes the server know an invoice (listed by `GET /v1/invoices?customer=`). */
  putInvoice(invoice: Stripe.Invoice): void;
  /** The next `times` requests matching method and path answer `status` with a Stripe api_error. */
  failNext(method: string, path: RegExp, times?: number, status?: number): void;
  /**
   * Runs `meanwhile` once, for the next request matching method and path, after its answer is
   * decided and before it is sent: something that happens while the caller waits for Stripe.
   */
  whileAnswering(method: string, path: RegExp, meanwhile: () => Promise<void>): void;
  close(): Promise<void>;
}

type Handler = (params: Record<string, unknown>, match: RegExpMatchArray) => [number, unknown];

/** `port`: a fixed one (an end-to-end run points the apps' STRIPE_API_BASE_URL at it); default any free one. */
export async function startLocalStripeServer({ port: wanted = 0 }: { port?: number } = {}): Promise<LocalStripeServer> {
  const customers = new Map<string, Record<string, unknown>>();
  const checkoutSessions = new Map<string, Record<string, unknown>>();
  const subscriptions = new Map<string, Stripe.Subscription>();
  const invoices = new Map<string, Stripe.Invoice>();
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const interludes: { method: string; path: RegExp; meanwhile: () => Promise<void> }[] = [];
  // Stripe replays the first answer for a repeated Idempotency-Key; concurrent requests with one
  // key wait for the first to finish, then get its answer.
  const idempotent = new Map<string, Promise<[number, unknown]>>();

  const notFound = (kind: string, id: string): [number, unknown] => [
    404,
    { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${kind}: '${id}'` } },
  ];

  const routes: [string, RegExp, Handler][] = [
    [
      "POST",
      /^\/v1\/customers$/,
      (params) => {
        const customer = { id: stripeId("cus"), object: "customer", created: now(), livemode: false, ...params };
        customers.set(customer.id, customer);
        return [200, customer];
      },
    ],
    [
      "GET",
      /^\/v1\/customers\/([^/]+)$/,
      (_params, [, id = ""]) => (customers.has(id) ? [200, customers.get(id)] : notFound("customer", id)),
    ],
    [
      "POST",
      /^\/v1\/checkout\/sessions$/,
      (params) => {
        const id = stripeId("cs");
        const session = {
          id,
          object: "checkout.session",
          status: "open",
          payment_status: "unpaid",
          url: `https://checkout.stripe.test/c/pay/${id}`,
          created: now(),
          livemode: false,
          ...params,
        };
        checkoutSessions.set(id, session);
        return [200, session];
      },
    ],
    [
      "POST",
      /^\/v1\/billing_portal\/sessions$/,
      (params) => {
        const id = stripeId("bps");
        return [200, { id, object: "billing_portal.session", url: `https://billing.stripe.test/p/session/${id}`, ...params }];
      },
    ],
    [
      "GET",
      /^\/v1\/subscriptions\/([^/]+)$/,
      (_params, [, id = ""]) => {
        const subscription = subscriptions.get(id);
        return subscription ? [200, subscription] : notFound("subscription", id);
      },
    ],
    ["GET", /^\/v1\/subscriptions$/, (params) => [200, listSubscriptions(params)]],
    [
      "GET",
      /^\/v1\/invoices$/,
      (params) => {
        const data = [...invoices.values()]
          .filter((invoice) => !params["customer"] || invoice.customer === params["customer"])
          .sort((a, b) => b.created - a.created)
          .slice(0, Number(params["limit"] ?? 10));
        return [200, { object: "list", data, has_more: false, url: "/v1/invoices" }];
      },
    ],
    [
      "POST",
      /^\/v1\/subscription_items\/([^/]+)$/,
      (params, [, id = ""]) => {
        for (const subscription of subscriptions.values()) {
          const item = subscription.items.data.find((candidate) => candidate.id === id);
          if (!item) continue;
          if (params["quantity"] !== undefined) item.quantity = Number(params["quantity"]);
          return [200, item];
        }
        return notFound("subscription_item", id);
      },
    ],
  ];

  function listSubscriptions(params: Record<string, unknown>) {
    const limit = Number(params["limit"] ?? 10);
    const status = String(params["status"] ?? "all");
    // Stripe lists newest first; ids break ties so pagination is stable.
    const all = [...subscriptions.values()]
      .filter((subscription) => status === "all" || subscription.status === status)
      .sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
    const after = params["starting_after"];
    const start = after ? all.findIndex((subscription) => subscription.id === after) + 1 : 0;
    const data = all.slice(start, start + limit);
    return { object: "list", data, has_more: start + limit < all.length, url: "/v1/subscriptions" };
  }

  function answer(method: string, path: string, params: Record<string, unknown>): [number, unknown] {
    const failure = failures.find((f) => f.remaining > 0 && f.method === method && f.path.test(path));
    if (failure) {
      failure.remaining -= 1;
      return [failure.status, { error: { type: "api_error", message: "The local Stripe server was told to fail." } }];
    }
    for (const [routeMethod, pattern, handler] of routes) {
      const match = routeMethod === method ? path.match(pattern) : null;
      if (match) return handler(params, match);
    }
    return [404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path})` } }];
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://localhost");
    const method = request.method ?? "GET";
    const body = await readBody(request);
    const params = decodeStripeForm(method === "GET" ? url.search.slice(1) : body);
    const idempotencyKey = header(request, "idempotency-key");
    requests.push({ method, path: url.pathname, params, idempotencyKey });

    let status: number;
    let json: unknown;
    if (header(request, "authorization") !== `Bearer ${TEST_STRIPE_SECRET_KEY}`) {
      [status, json] = [401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } }];
    } else if (method === "POST" && idempotencyKey) {
      const key = `${url.pathname} ${idempotencyKey}`;
      let pending = idempotent.get(key);
      if (!pending) {
        pending = Promise.resolve(answer(method, url.pathname, params));
        idempotent.set(key, pending);
      }
      [status, json] = await pending;
    } else {
      [status, json] = answer(method, url.pathname, params);
    }
    const interlude = interludes.findIndex((entry) => entry.method === method && entry.path.test(url.pathname));
    if (interlude >= 0) {
      const [{ meanwhile }] = interludes.splice(interlude, 1) as [(typeof interludes)[number]];
      await meanwhile();
    }
    response.writeHead(status, { "content-type": "application/json", "request-id": stripeId("req") });
    response.end(JSON.stringify(json));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { type: "api_error", message: String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wanted, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    client: ({ maxNetworkRetries = 0 } = {}) =>
      createStripeClient({ secretKey: TEST_STRIPE_SECRET_KEY, host: "127.0.0.1", port, protocol: "http", maxNetworkRetries }),
    customers,
    checkoutSessions,
    subscriptions,
    invoices,
    requests,
    putSubscription: (subscription) => void subscriptions.set(subscription.id, structuredClone(subscription)),
    putInvoice: (invoice) => void invoices.set(invoice.id ?? stripeId("in"), structuredClone(invoice)),
    failNext: (method, path, times = 1, status = 500) => void failures.push({ method, path, remaining: times, status }),
    whileAnswering: (method, path, meanwhile) => void interludes.push({ method, path, meanwhile }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const now = () => Math.floor(Date.now() / 1000);

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * Decodes Stripe's form encoding (`a[b][0][c]=v`) into nested objects; numeric keys make arrays.
 * Values stay strings, as they are on the wire.
 */
export function decodeStripeForm(encoded: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const [head = "", ...rest] = rawKey.split("[").map((part) => part.replace(/]$/, ""));
    const path = [head, ...rest];
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((key, index) => {
      const last = index === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[key] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1] ?? "");
      container[key] ??= nextIsIndex ? [] : {};
      node = container[key] as Record<string, unknown> | unknown[];
    });
  }
  return root;
}
