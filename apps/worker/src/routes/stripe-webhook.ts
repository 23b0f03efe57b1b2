import { ingestStripeEvent, isAcknowledged, verifyStripeEvent, WebhookSignatureError } from "@saas/billing";
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { WorkerDeps } from "../deps";
import { errorBody, type HonoEnv } from "../http";

/** Stripe's events are a few KB; far larger is not Stripe. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export function registerStripeWebhook(app: Hono<HonoEnv>, { billing }: Pick<WorkerDeps, "billing">) {
  // POST /webhooks/stripe — verify the signature on the raw body, record, apply; 2xx only once applied.
  app.post(
    "/webhooks/stripe",
    bodyLimit({
      maxSize: WEBHOOK_BODY_LIMIT_BYTES,
      onError: (c) => c.json(errorBody(c, "PAYLOAD_TOO_LARGE", `Webhook bodies are limited to ${WEBHOOK_BODY_LIMIT_BYTES} bytes.`), 413),
    }),
    async (c) => {
      const log = c.get("log");
      if (!billing) return c.json(errorBody(c, "BILLING_NOT_CONFIGURED", "Billing is not configured on this worker."), 503);
      if (billing.webhookSecrets.length === 0) {
        return c.json(errorBody(c, "WEBHOOKS_NOT_CONFIGURED", "STRIPE_WEBHOOK_SECRET is not set on this worker."), 503);
      }

      // The exact bytes received: the signature covers them, not a re-serialized copy.
      const rawBody = new Uint8Array(await c.req.arrayBuffer());
      let event;
      try {
        event = await verifyStripeEvent(rawBody, c.req.header("stripe-signature"), billing.webhookSecrets);
      } catch (error) {
        if (!(error instanceof WebhookSignatureError)) throw error;
        log.warn({ reason: error.message }, "stripe webhook refused");
        return c.json(errorBody(c, "BAD_SIGNATURE", error.message), 400);
      }

      const outcome = await ingestStripeEvent(billing, event);
      const fields = {
        stripeEventId: outcome.eventId,
        type: outcome.type,
        status: outcome.status,
        organizationId: outcome.organizationId,
        ...(outcome.notes.length > 0 ? { notes: outcome.notes } : {}),
      };
      if (!isAcknowledged(outcome)) {
        log.error({ ...fields, attempts: outcome.attempts, error: outcome.error }, "stripe event not applied");
        // Non-2xx: Stripe delivers it again later (and retry-billing-events retries it meanwhile).
        return c.json(errorBody(c, "EVENT_NOT_APPLIED", `Event ${outcome.eventId} was recorded but not applied; it will be retried.`), 500);
      }
      log[outcome.status === "unmatched" ? "warn" : "info"](fields, "stripe event");
      return c.json({ received: true, status: outcome.status });
    },
  );
}
