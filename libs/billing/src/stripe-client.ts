import Stripe from "stripe";

/**
 * The Stripe API version this code is written against. Pinned so a dashboard upgrade cannot
 * change the shape of what the SDK returns; set the webhook endpoint to the same version so
 * events arrive in this shape too (see the README).
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const satisfies Stripe.LatestApiVersion;

export interface StripeClientOptions {
  secretKey: string;
  /** Retries of network failures and 409/429/5xx answers, with Stripe idempotency keys (default 2). */
  maxNetworkRetries?: number;
  /** Per-request timeout in milliseconds (default 20 s: a webhook or a checkout must not hang). */
  timeoutMs?: number;
  /** Another API server, e.g. the tests' local Stripe-shaped HTTP server. */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
}

/** The client options that point the SDK at another API server (`STRIPE_API_BASE_URL`). */
export function stripeServerOptions(baseUrl: string | undefined): Pick<StripeClientOptions, "host" | "port" | "protocol"> {
  if (!baseUrl) return {};
  const url = new URL(baseUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

export function createStripeClient(options: StripeClientOptions): Stripe {
  return new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    // No request-latency telemetry is sent to Stripe.
    telemetry: false,
    appInfo: { name: "saas-starter" },
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.protocol ? { protocol: options.protocol } : {}),
  });
}

export type { Stripe };
