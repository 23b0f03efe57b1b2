import { safeNextPath } from "@saas/auth";
import { SocialSignInButtons } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TextLink } from "../../../components/text-link";
import { getSession, PRODUCT_NAME, socialProviders } from "../../../server/auth";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string; email?: string }> }) {
  const { next, email } = await searchParams;
  const target = safeNextPath(next);
  if (await getSession()) redirect(target);
  const providers = socialProviders();
  const carry = new URLSearchParams({ ...(next ? { next: target } : {}), ...(email ? { email } : {}) }).toString();
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Create your account"
      description="We will email you a link to confirm your address."
      footer={
        <>
          Already have an account? <TextLink href={`/sign-in${carry ? `?${carry}` : ""}`}>Sign in</TextLink>
        </>
      }
    >
      <SignUpForm next={target} defaultEmail={email} />
      {providers.length > 0 ? (
        <div className="mt-6 border-t border-zinc-200 pt-6 dark:border-zinc-800">
          <p className="mb-3 text-center text-xs text-zinc-500 dark:text-zinc-400">Or sign up with an account you already have</p>
          {/* The provider's account is created here on first use. */}
          <SocialSignInButtons next={target} providers={providers} />
        </div>
      ) : null}
    </AuthShell>
  );
}
