"use client";

import { authClient, problemOf } from "@saas/auth/react";
import { changeEmailSchema, updateProfileSchema } from "@saas/auth/schemas";
import { Alert, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function ProfileForm({ name }: { name: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useValidatedForm(updateProfileSchema, async (values) => {
    setSaved(false);
    const { error } = await authClient.updateUser({ name: values.name });
    if (error) return problemOf(error);
    setSaved(true);
    router.refresh();
    return;
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      {saved ? <Alert tone="success">Saved.</Alert> : null}
      <TextField name="name" label="Name" autoComplete="name" defaultValue={name} error={form.fieldErrors["name"]} required />
      <Button type="submit" pending={form.pending} pendingLabel="Saving…">
        Save
      </Button>
    </form>
  );
}

export function ChangeEmailForm({ email, hasPassword }: { email: string; hasPassword: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useValidatedForm(changeEmailSchema, async ({ newEmail, password }) => {
    // `password` is ours (checked by the server's email-change guard), beside Better Auth's fields.
    const body = { newEmail, password, callbackURL: "/settings/profile?email=changed" };
    const { error } = await authClient.changeEmail(body);
    if (error) return problemOf(error);
    setSentTo(newEmail);
    return;
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        You sign in with <strong className="text-zinc-900 dark:text-zinc-100">{email}</strong>.
      </p>
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      {sentTo ? (
        <Alert tone="info">
          To make sure it is you, we sent a link to {email} first. Once you open it, we send a last link to {sentTo}; your address
          changes when you open that one.
        </Alert>
      ) : null}
      <TextField name="newEmail" type="email" label="New email address" autoComplete="email" error={form.fieldErrors["newEmail"]} required />
      {hasPassword ? (
        <TextField name="password" type="password" label="Your password" autoComplete="current-password" error={form.fieldErrors["password"]} required />
      ) : null}
      <Button type="submit" variant="secondary" pending={form.pending} pendingLabel="Sending…">
        Change email
      </Button>
    </form>
  );
}
