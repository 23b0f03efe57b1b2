import { asAppError, GENERIC_MESSAGE } from "@saas/errors";

/** Dates in the console are UTC: staff across time zones read the same time. */
export const formatDateTime = (date: Date) => date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
export const formatDate = (date: Date) => date.toLocaleDateString("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** What a procedure's refusal says (which field, why), or the generic message for anything unexpected. */
export function errorMessageOf(error: unknown): string {
  const known = asAppError(error) ?? asAppError((error as { cause?: unknown } | null)?.cause);
  if (!known) return GENERIC_MESSAGE;
  const fields = known.fieldErrors ? Object.entries(known.fieldErrors).map(([field, message]) => `${field}: ${message}`) : [];
  return known.code === "BAD_REQUEST" && fields.length > 0 && known.reason === "VALIDATION_ERROR" ? fields.join("; ") : known.message;
}

/** A query string from a page's filters, leaving out what is empty. */
export function queryString(values: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Whether a procedure answered NOT_FOUND (a detail page then renders the 404 page). */
export const isNotFound = (error: unknown) => (asAppError(error) ?? asAppError((error as { cause?: unknown } | null)?.cause))?.code === "NOT_FOUND";
