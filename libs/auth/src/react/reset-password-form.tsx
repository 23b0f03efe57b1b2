"use client";

import { Alert, Button } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useState } from "react";
import { resetPasswordSchema } from "../schemas";
import { authClient, problemOf } from "./auth-client";
import { NewPasswordField } from "./new-password-field";

/** The new password, for the emailed link's token. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const form = useValidatedForm(resetPasswordSchema, async ({ newPassword }) => {
    const { error } = await authClient.resetPassword({ newPassword, token });
    if (error) return problemOf(error);
    setDone(true);
    return;
  });
  if (done) {
    return (
      <Alert tone="success" title="Your password is changed">
        You were signed out everywhere.{" "}
        <a href="/sign-in" className="font-semibold underline underline-offset-2">
          Sign in with the new password
        </a>
        .
      </Alert>
    );
  }
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      <NewPasswordField name="newPassword" label="New password" error={form.fieldErrors["newPassword"]} />
      <Button type="submit" className="w-full" pending={form.pending} pendingLabel="Saving…">
        Set new password
      </Button>
    </form>
  );
}
