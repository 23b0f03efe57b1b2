import Stripe from "stripe";

/** The request is not a genuine, recent Stripe event; answer 400 and write nothing. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookSignatureError";
  }
}

/**
 * Checks the `Stripe-Signature` header against the raw body (the exact bytes received — a parsed
 * and re-serialized body would not match) with Stripe's default tolerance of five minutes, which
 * also refuses a replayed old delivery. Several secrets are accepted while Stripe rolls the
 * endpoint's secret. Returns the parsed event.
 */
export async function verifyStripeEvent(
  rawBody: Uint8Array | string,
  signature: string | null | undefined,
  secrets: readonly string[],
): Promise<Stripe.Event> {
  if (!signature) throw new WebhookSignatureError("Missing Stripe-Signature header.");
  if (secrets.length === 0) throw new Error("verifyStripeEvent: no webhook secret configured");
  let lastError: unknown;
  for (const secret of secrets) {
    try {
      return await Stripe.webhooks.constructEventAsync(rawBody, signature, secret);
    } catch (error) {
      lastError = error;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new WebhookSignatureError(`Stripe signature verification failed: ${reason}`);
}
