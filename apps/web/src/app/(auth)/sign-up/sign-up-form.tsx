"use client";

import { signUpSchema } from "@saas/auth/schemas";
import { authClient, NewPasswordField, problemOf } from "@saas/auth/react";
import { Alert, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useRouter } from "next/navigation";

export function SignUpForm({ next, defaultEmail }: { next: string; defaultEmail?: string }) {
  const router = useRouter();
  const form = useValidatedForm(signUpSchema, async (values) => {
    const { error } = await authClient.signUp.email({ ...values, callbackURL: `/verify-email?next=${encodeURIComponent(next)}` });
    if (error) return problemOf(error);
    router.push(`/check-email?${new URLSearchParams({ email: values.email, next })}`);
    return;
  });
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      {form.message ? <Alert tone="error">{form.message}</Alert> : null}
      <TextField name="name" label="Your name" autoComplete="name" error={form.fieldErrors["name"]} required />
      <TextField name="email" type="email" label="Work email" autoComplete="email" defaultValue={defaultEmail} error={form.fieldErrors["email"]} required />
      <NewPasswordField name="password" label="Password" error={form.fieldErrors["password"]} />
      <Button type="submit" className="w-full" pending={form.pending} pendingLabel="Creating your account…">
        Create account
      </Button>
    </form>
  );
}
