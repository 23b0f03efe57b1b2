import type { Permissions } from "@saas/auth/permissions";
import { asAppError, GENERIC_MESSAGE } from "@saas/errors";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { ApiContext } from "./context";

export interface ApiMeta {
  /** What the member's role must allow in the organization tier (checked before the procedure runs). */
  permission?: Permissions;
  /** A write that stays possible while a payment is overdue past its grace period (fixing it). */
  allowedWhileOverdue?: boolean;
}

/** What every error answer carries beside tRPC's code: the specific reason, field errors, the request id. */
export interface ApiErrorData {
  reason?: string;
  fieldErrors?: Record<string, string>;
  details?: Record<string, unknown>;
  requestId: string;
}

export const t = initTRPC
  .context<ApiContext>()
  .meta<ApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx }) {
      const known = error.cause ? asAppError(error.cause) : null;
      const data: ApiErrorData & typeof shape.data = {
        ...shape.data,
        requestId: ctx?.requestId ?? "unknown",
        ...(known?.reason ? { reason: known.reason } : {}),
        ...(known?.fieldErrors ? { fieldErrors: known.fieldErrors } : {}),
        ...(known?.details ? { details: known.details } : {}),
      };
      // No server stack traces in answers, in any environment: they go to the log.
      delete (data as { stack?: string }).stack;
      return { ...shape, data };
    },
  });

/**
 * Every procedure starts here. Errors leave in one shape: an AppError (what services throw) or a
 * zod error (bad input) becomes its code with its message and field errors; anything else is a
 * bug or an outage — logged with the request id, answered with a generic message and that id.
 */
export const baseProcedure = t.procedure.use(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  const known = asAppError(error.cause ?? error);
  if (known) {
    return { ...result, error: new TRPCError({ code: known.code, message: known.message, cause: known }) };
  }
  if (error.code !== "INTERNAL_SERVER_ERROR") return result;
  ctx.log.error({ err: error.cause ?? error, requestId: ctx.requestId, path, type }, "API procedure failed");
  return { ...result, error: new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: GENERIC_MESSAGE, cause: error.cause ?? error }) };
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
