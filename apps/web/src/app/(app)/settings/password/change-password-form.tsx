"use client";

import { authClient, NewPasswordField, problemOf } from "@saas/auth/react";
import { changePasswordSchema } from "@saas/auth/schemas";
import { Alert, Button, CheckboxField, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useState } from "react";
import { z } from "zod";

const formSchema = changePasswordSchema.extend({ revokeOtherSessions: z.literal("on").optional() });

export function ChangePasswordForm() {
  const [done, setDone] = useState(false);
  const [round, setRound] = useState(0);
  const form = useValidatedForm(formSchema, async ({ currentPassword, newPassword, revokeOtherSessions }) => {
    setDone(false);
    const { error } = await authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions: revokeOtherSessions === "on" });
    if (error) {
      const problem = problemOf(error);
      return problem.message.startsWith("That password is not right") ? { fieldErrors: { currentPassword: problem.message } } : problem;
    }
    setDone(true);
    setRound((value) => value + 1);
    return;
  });
  return (
    <form key={round} onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      {done ? <Alert tone="success">Your password is changed.</Alert> : null}
      <TextField name="currentPassword" type="password" label="Current password" autoComplete="current-password" error={form.fieldErrors["currentPassword"]} required />
      <NewPasswordField name="newPassword" label="New password" error={form.fieldErrors["newPassword"]} />
      <CheckboxField name="revokeOtherSessions" label="Sign out everywhere else" defaultChecked />
      <Button type="submit" pending={form.pending} pendingLabel="Saving…">
        Change password
      </Button>
    </form>
  );
}
