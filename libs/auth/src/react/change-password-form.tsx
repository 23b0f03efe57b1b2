"use client";

import { Alert, Button, CheckboxField, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useState } from "react";
import { z } from "zod";
import { changePasswordSchema } from "../schemas";
import { authClient, problemOf } from "./auth-client";
import { NewPasswordField } from "./new-password-field";

const formSchema = changePasswordSchema.extend({ revokeOtherSessions: z.literal("on").optional() });

/** Current password, a new one, and whether to sign out everywhere else (both apps use it). */
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
