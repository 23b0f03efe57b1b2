"use client";

import { useState, type FormEvent } from "react";
import { fieldErrorsOf, type FieldErrors } from "@saas/errors";
import type { z } from "zod";

export type { FieldErrors };

/** What a submit handler reports back when the server refused: a message, field errors, or both. */
export interface SubmitProblem {
  message?: string;
  fieldErrors?: FieldErrors;
}

/**
 * Form state for a zod schema: on submit, reads the form's fields, validates them with the same
 * schema the server uses, shows field errors without a round trip, and otherwise runs `submit`
 * with the parsed values while `pending` is true. `submit` returns a problem to show, or nothing.
 */
export function useValidatedForm<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  submit: (values: z.infer<S>) => Promise<SubmitProblem | void>,
) {
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const values: Record<string, unknown> = {};
    for (const [key, value] of new FormData(event.currentTarget)) values[key] = typeof value === "string" ? value : value.name;
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error);
      setFieldErrors(errors);
      setMessage("");
      // Move focus to the first field that needs attention.
      const first = Object.keys(errors)[0];
      if (first) (event.currentTarget.elements.namedItem(first) as HTMLElement | null)?.focus?.();
      return;
    }
    setFieldErrors({});
    setMessage("");
    setPending(true);
    try {
      const problem = await submit(parsed.data);
      if (problem) {
        setFieldErrors(problem.fieldErrors ?? {});
        setMessage(problem.message ?? "");
      }
    } catch {
      setMessage("Something went wrong. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return { onSubmit, pending, fieldErrors, message, setMessage };
}
