"use client";

import { Alert, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useState } from "react";
import { requestPasswordResetSchema } from "../schemas";
import { authClient, problemOf } from "./auth-client";

/** "Email me a reset link": the link lands on this app's /reset-password (both apps have one). */
export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useValidatedForm(requestPasswordResetSchema, async ({ email }) => {
    const { error } = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    if (error) return problemOf(error);
    setSentTo(email);
    return;
  });
  // The same answer whether or not the address has an account, so this form reveals nothing.
  if (sentTo) {
    return (
      <Alert tone="success" title="Check your email">
        If {sentTo} has an account, we sent it a link to choose a new password. It expires in an hour.
      </Alert>
    );
  }
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      <TextField name="email" type="email" label="Email" autoComplete="email" error={form.fieldErrors["email"]} required />
      <Button type="submit" className="w-full" pending={form.pending} pendingLabel="Sending…">
        Email me a reset link
      </Button>
    </form>
  );
}
