import type { ApiErrorData } from "@saas/api";
import type { SubmitProblem } from "@saas/ui/form";

/** What a failed API call says to the person: its message and field errors, never a stack. */
export function problemOfApiError(error: unknown): SubmitProblem & { reason?: string; details?: Record<string, unknown>; requestId?: string } {
  const data = (error as { data?: Partial<ApiErrorData> | null } | null)?.data ?? null;
  const message = error instanceof Error && error.message ? error.message : "Something went wrong. Check your connection and try again.";
  if (!data) return { message: /fetch|network/i.test(message) ? "The server could not be reached. Check your connection and try again." : message };
  return {
    message: data.requestId && !data.reason && !data.fieldErrors ? `${message} (request ${data.requestId})` : message,
    ...(data.fieldErrors ? { fieldErrors: data.fieldErrors } : {}),
    ...(data.reason ? { reason: data.reason } : {}),
    ...(data.details ? { details: data.details } : {}),
    ...(data.requestId ? { requestId: data.requestId } : {}),
  };
}
