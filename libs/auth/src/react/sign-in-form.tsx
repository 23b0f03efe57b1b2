"use client";

import { Alert, Button, TextField } from "@saas/ui";
import { useValidatedForm } from "@saas/ui/form";
import { useRouter } from "next/navigation";
import { signInSchema } from "../schemas";
import { authClient, problemOf } from "./auth-client";
import { SocialSignInButtons, type SocialProvider } from "./social-sign-in";

interface SignInFormProps {
  /** Where to go once signed in (already checked to be a path on this site). */
  next: string;
  defaultEmail?: string;
  /** OAuth providers that are configured; none shows no buttons. */
  socialProviders?: SocialProvider[];
  /** Shown under the password field. */
  forgotPasswordHref?: string;
}

export function SignInForm({ next, defaultEmail, socialProviders = [], forgotPasswordHref }: SignInFormProps) {
  const router = useRouter();
  const form = useValidatedForm(signInSchema, async (values) => {
    const { data, error } = await authClient.signIn.email(values);
    if (error) return problemOf(error);
    if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) {
      router.push(`/two-factor?next=${encodeURIComponent(next)}`);
      return;
    }
    // A full navigation, so every server component renders with the new session.
    window.location.assign(next);
    return;
  });

  return (
    <div className="space-y-6">
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        {form.message ? <Alert tone="error">{form.message}</Alert> : null}
        <TextField name="email" type="email" label="Email" autoComplete="email" defaultValue={defaultEmail} error={form.fieldErrors["email"]} required />
        <TextField
          name="password"
          type="password"
          label="Password"
          autoComplete="current-password"
          error={form.fieldErrors["password"]}
          hint={
            forgotPasswordHref ? (
              <a href={forgotPasswordHref} className="font-medium text-zinc-700 underline underline-offset-2 dark:text-zinc-300">
                Forgot your password?
              </a>
            ) : undefined
          }
          required
        />
        <Button type="submit" className="w-full" pending={form.pending} pendingLabel="Signing in…">
          Sign in
        </Button>
      </form>
      {socialProviders.length > 0 ? (
        <>
          <p className="flex items-center gap-3 text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            or
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </p>
          <SocialSignInButtons next={next} providers={socialProviders} />
        </>
      ) : null}
    </div>
  );
}
