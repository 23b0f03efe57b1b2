import type { Stripe } from "@saas/billing";
import { createTestCatalog, signStripeEvent, TEST_WEBHOOK_SECRET } from "@saas/billing/testing";
import type { Database } from "@saas/db";
import pino from "pino";
import type { createApp } from "../app";
import type { WorkerDeps } from "../deps";

/** Helpers for the worker's tests (imported by *.test.ts only). */

export const TEST_CRON_SECRET = "test-cron-secret-0123456789abcdef0123456789";

export function testWorkerDeps(db: Database, stripe: Stripe | null): WorkerDeps {
  return {
    db,
    logger: pino({ level: "silent" }),
    billing: stripe ? { db, stripe, catalog: createTestCatalog(), webhookSecrets: [TEST_WEBHOOK_SECRET] } : null,
    cronSecret: TEST_CRON_SECRET,
  };
}

export type TestApp = ReturnType<typeof createApp>;

/** POSTs a body to /webhooks/stripe with the given signature header, as Stripe would. */
export async function postWebhook(app: TestApp, body: string, signature?: string): Promise<Response> {
  return app.request("/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
    body,
  });
}

/** Signs the event with the test secret (or another) and delivers it. */
export function deliver(app: TestApp, event: Stripe.Event, options: { secret?: string; timestamp?: number } = {}): Promise<Response> {
  const { payload, signature } = signStripeEvent(event, options.secret ?? TEST_WEBHOOK_SECRET, options);
  return postWebhook(app, payload, signature);
}

export async function triggerJob(app: TestApp, name: string, authorization: string | null = `Bearer ${TEST_CRON_SECRET}`): Promise<Response> {
  return app.request(`/cron/${name}`, { method: "POST", headers: authorization ? { authorization } : {} });
}
