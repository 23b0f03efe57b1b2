import { TextField } from "@saas/ui";
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
  return (
    <TextField
      name={name}
      type="password"
      label={label}
      autoComplete="new-password"
      hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short sentence is easy to remember and hard to guess.`}
      error={error}
      required
    />
  );
}
