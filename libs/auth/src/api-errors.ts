import { isAPIError } from "better-auth/api";
import { describeAuthError } from "./describe-auth-error";

/**
 * For server code calling `auth.api.*`: the sentence to show for a refusal Better Auth threw, or
 * null when the error is not a refusal (and should propagate as a failure).
 */
export function describeApiRefusal(error: unknown): string | null {
  if (!isAPIError(error)) return null;
  const body = error.body as { code?: string; message?: string } | undefined;
  return describeAuthError({ status: error.statusCode, code: body?.code, message: body?.message }).message;
}
