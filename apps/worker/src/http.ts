import type { Context } from "hono";
import type { Logger } from "pino";

/**
 * What every request carries: its id (also in the `x-request-id` header), a logger bound to it,
 * and fields a route adds to the request's log line (one line per request, whatever it did).
 */
export type HonoEnv = { Variables: { requestId: string; log: Logger; logFields: Record<string, unknown> } };

/** The one error shape of the worker's HTTP API: `{ error: { code, message, requestId } }`. */
export function errorBody(c: Context<HonoEnv>, code: string, message: string) {
  return { error: { code, message, requestId: c.get("requestId") } };
}
