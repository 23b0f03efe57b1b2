"use client";

import { sendVerificationEmailSchema } from "@saas/auth/schemas";
import { authClient, problemOf } from "@saas/auth/react";
import { Alert, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useState } from "react";

/** For a link that expired or was already used: a new one, to the address typed here. */
export function ResendVerificationForm({ callbackURL }: { callbackURL: string }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useValidatedForm(sendVerificationEmailSchema, async ({ email }) => {
    const { error } = await authClient.sendVerificationEmail({ email, callbackURL });
    if (error) return problemOf(error);
    setSentTo(email);
    return;
  });
  if (sentTo) return <Alert tone="success">If {sentTo} has an account waiting for confirmation, a new link is on its way.</Alert>;
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      <TextField name="email" type="email" label="Email" autoComplete="email" error={form.fieldErrors["email"]} required />
      <Button type="submit" className="w-full" pending={form.pending} pendingLabel="Sending…">
        Send a new link
      </Button>
    </form>
  );
}
