import type { z } from "zod";

/**
 * Field path → first message: the one shape every form shows and every server answers with.
 * Nested paths are joined with dots (`items.0.email`), so a nested field keeps its own message
 * instead of being merged into its parent's.
 */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    // Unknown keys (a strict schema) are reported on each offending field, not on their object.
    const fields =
      issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...path, key].join(".")) : [path.join(".") || "form"];
    for (const field of fields) {
      errors[field] ??= issue.code === "unrecognized_keys" ? `${field.split(".").at(-1)} cannot be changed here` : issue.message;
    }
  }
  return errors;
}

/** The first message, for a one-line summary (a toast, an error banner). */
export const firstFieldError = (errors: FieldErrors): string | undefined => Object.values(errors)[0];
