import { z } from "zod";
import { AppError, isAppError } from "./app-error";
import { fieldErrorsOf } from "./field-errors";

/** The JSON error body of every HTTP surface that is not tRPC: `{ error: { … } }`. */
export interface ErrorBody {
  error: {
    code: string;
    reason?: string;
    message: string;
    fieldErrors?: Record<string, string>;
    requestId: string;
  };
}

export const GENERIC_MESSAGE = "Something went wrong on our side. Try again; if it keeps happening, contact support with the request id.";

/**
 * Any thrown value as an HTTP status and body. An AppError or a zod error says what was wrong;
 * anything else is a bug or an outage — the client gets a generic message and the request id,
 * `log` gets the detail.
 */
export function toHttpError(error: unknown, requestId: string): { status: number; body: ErrorBody; expected: boolean } {
  const known = asAppError(error);
  if (known) {
    return {
      status: known.httpStatus,
      expected: true,
      body: {
        error: {
          code: known.code,
          ...(known.reason ? { reason: known.reason } : {}),
          message: known.message,
          ...(known.fieldErrors ? { fieldErrors: known.fieldErrors } : {}),
          requestId,
        },
      },
    };
  }
  return { status: 500, expected: false, body: { error: { code: "INTERNAL_SERVER_ERROR", message: GENERIC_MESSAGE, requestId } } };
}

/** An AppError, or a zod error as a BAD_REQUEST with its field errors; null for anything else. */
export function asAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (error instanceof z.ZodError) {
    const fieldErrors = fieldErrorsOf(error);
    const [field, message] = Object.entries(fieldErrors)[0] ?? ["form", "Invalid input"];
    return new AppError("BAD_REQUEST", `${field}: ${message}`, { reason: "VALIDATION_ERROR", fieldErrors });
  }
  return null;
}
