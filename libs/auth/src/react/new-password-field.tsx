"use client";

import { TextField } from "@saas/ui";
import { useEffect } from "react";
import { loadPasswordEstimator } from "../password-strength";
import { PASSWORD_MIN_LENGTH } from "../schemas";

interface NewPasswordFieldProps {
  name: string;
  label: string;
  error: string | undefined;
}

/**
 * A field for choosing a password (sign-up, reset, change): the rule the server enforces is in the
 * hint, and password managers are told to suggest a new one.
 */
export function NewPasswordField({ name, label, error }: NewPasswordFieldProps) {
  // The guessability check's dictionaries arrive while the person types (see password-strength.ts).
  useEffect(() => void loadPasswordEstimator(), []);
  return (
    <TextField
      name={name}
      type="password"
      label={label}
      autoComplete="new-password"
      hint={`At least ${PASSWORD_MIN_LENGTH} characters, hard to guess. A few unrelated words are easy to remember.`}
      error={error}
      required
    />
  );
}
