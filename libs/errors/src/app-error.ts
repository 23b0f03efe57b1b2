import type { FieldErrors } from "./field-errors";

/**
 * The one error type of the platform's services. A service throws it with a code; each surface
 * maps the code once — the tRPC error formatter (`@saas/api`), the worker's Hono `onError`, a
 * route handler — so a refusal reads the same wherever it is raised. The codes are tRPC's names,
 * so the API passes them through unchanged.
 */
export const HTTP_STATUS_BY_CODE = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof HTTP_STATUS_BY_CODE;

export interface AppErrorOptions {
  /** A stable, specific reason a client can branch on (`STALE_EDIT`, `BAD_SIGNATURE`), beside the generic code. */
  reason?: string;
  /** Field path → message, for a form to show beside each field. */
  fieldErrors?: FieldErrors;
  /** Structured data the client needs to recover (e.g. the current values after a stale edit). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly reason: string | undefined;
  readonly fieldErrors: FieldErrors | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.reason = options.reason;
    this.fieldErrors = options.fieldErrors;
    this.details = options.details;
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** A row that does not exist or belongs to another organization: the same answer, so nothing leaks. */
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found.`);
