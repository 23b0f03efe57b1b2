import { ingestStripeEvent, isAcknowledged, verifyStripeEvent, WebhookSignatureError } from "@saas/billing";
import type { IncomingMessage } from "node:http";
import type { Context, Hono } from "hono";
import type { WorkerDeps } from "../deps";
import { errorBody, type HonoEnv } from "../http";

const utf8 = new TextDecoder();

/** Stripe's events are a few KB; far larger is not Stripe. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The exact bytes of the body (the signature covers them, not a re-serialized copy), or null
 * when it is larger than the limit — refused from its Content-Length, or as soon as the stream
 * passes the limit, so an endless body is never buffered. On Node the request stream is read
 * directly (no Web Request is built around it: this is the hot path).
 */
async function readRawBody(c: Context<HonoEnv>, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(c.req.header("content-length")) > maxBytes) return null;
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) {
    const body = new Uint8Array(await c.req.arrayBuffer());
    return body.byteLength > maxBytes ? null : body;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export function registerStripeWebhook(app: Hono<HonoEnv>, { billing }: Pick<WorkerDeps, "billing">) {
  // POST /webhooks/stripe — verify the signature on the raw body, record, apply; 2xx only once applied.
  app.post("/webhooks/stripe", async (c) => {
    const log = c.get("log");
    if (!billing) return c.json(errorBody(c, "BILLING_NOT_CONFIGURED", "Billing is not configured on this worker."), 503);
    if (billing.webhookSecrets.length === 0) {
      return c.json(errorBody(c, "WEBHOOKS_NOT_CONFIGURED", "STRIPE_WEBHOOK_SECRET is not set on this worker."), 503);
    }

    const rawBody = await readRawBody(c, WEBHOOK_BODY_LIMIT_BYTES);
    if (!rawBody) {
      return c.json(errorBody(c, "PAYLOAD_TOO_LARGE", `Webhook bodies are limited to ${WEBHOOK_BODY_LIMIT_BYTES} bytes.`), 413);
    }
    // Stripe sends UTF-8; a body that is not would change here and fail the signature, as it should.
    const payload = utf8.decode(rawBody);
    let event;
    try {
      event = await verifyStripeEvent(payload, c.req.header("stripe-signature"), billing.webhookSecrets);
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      log.warn({ reason: error.message }, "stripe webhook refused");
      return c.json(errorBody(c, "BAD_SIGNATURE", error.message), 400);
    }

    const outcome = await ingestStripeEvent(billing, event, payload);
    const fields = {
      stripeEventId: outcome.eventId,
      type: outcome.type,
      outcome: outcome.status,
      organizationId: outcome.organizationId,
      ...(outcome.notes.length > 0 ? { notes: outcome.notes } : {}),
    };
    c.set("logFields", fields);
    if (!isAcknowledged(outcome)) {
      log.error({ ...fields, attempts: outcome.attempts, error: outcome.error }, "stripe event not applied");
      // Non-2xx: Stripe delivers it again later (and retry-billing-events retries it meanwhile).
      return c.json(errorBody(c, "EVENT_NOT_APPLIED", `Event ${outcome.eventId} was recorded but not applied; it will be retried.`), 500);
    }
    if (outcome.status === "unmatched") log.warn(fields, "stripe event matches no organization; kept as unmatched");
    return c.json({ received: true, status: outcome.status });
  });
}
