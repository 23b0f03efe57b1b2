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

export function ChangeEmailForm({ email }: { email: string }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useValidatedForm(changeEmailSchema, async ({ newEmail }) => {
    const { error } = await authClient.changeEmail({ newEmail, callbackURL: "/settings/profile?email=changed" });
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
          We sent a link to {sentTo}. Your address changes once you open it; we will also let {email} know.
        </Alert>
      ) : null}
      <TextField name="newEmail" type="email" label="New email address" autoComplete="email" error={form.fieldErrors["newEmail"]} required />
      <Button type="submit" variant="secondary" pending={form.pending} pendingLabel="Sending…">
        Change email
      </Button>
    </form>
  );
}
