import type { Context } from "hono";
import type { Logger } from "pino";

/** What every request carries: its id (also in the `x-request-id` header) and a logger bound to it. */
export type HonoEnv = { Variables: { requestId: string; log: Logger } };

/** The one error shape of the worker's HTTP API: `{ error: { code, message, requestId } }`. */
export function errorBody(c: Context<HonoEnv>, code: string, message: string) {
  return { error: { code, message, requestId: c.get("requestId") } };
}
