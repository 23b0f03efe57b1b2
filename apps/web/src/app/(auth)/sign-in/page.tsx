import { safeNextPath } from "@saas/auth";
import { SignInForm } from "@saas/auth/react";
import { Alert, AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TextLink } from "../../../components/text-link";
import { getSession, PRODUCT_NAME, socialProviders } from "../../../server/auth";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; email?: string; error?: string; impersonation?: string }> }) {
  const { next, email, error, impersonation } = await searchParams;
  const target = safeNextPath(next);
  if (await getSession()) redirect(target);
  const carry = new URLSearchParams({ ...(next ? { next: target } : {}), ...(email ? { email } : {}) }).toString();
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Sign in"
      description="Welcome back."
      footer={
        <>
          No account yet? <TextLink href={`/sign-up${carry ? `?${carry}` : ""}`}>Create one</TextLink>
        </>
      }
    >
      {impersonation === "ended" ? (
        <Alert tone="info" className="mb-4">
          Impersonation ended. You can close this tab and go back to the staff console.
        </Alert>
      ) : null}
      {impersonation === "invalid" ? (
        <Alert tone="error" className="mb-4">
          This impersonation link does not work: it expired or was used already. Start again from the staff console.
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="error" className="mb-4">
          Signing in with that provider did not work. Try again, or use your email and password.
        </Alert>
      ) : null}
      <SignInForm next={target} defaultEmail={email} socialProviders={socialProviders()} forgotPasswordHref="/forgot-password" />
    </AuthShell>
  );
}
