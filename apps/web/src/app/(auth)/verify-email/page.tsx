import { safeNextPath } from "@saas/auth";
import { Alert, AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TextLink } from "../../../components/text-link";
import { getSession, PRODUCT_NAME } from "../../../server/auth";
import { ResendVerificationForm } from "./resend-form";

export const metadata: Metadata = { title: "Confirm your email" };

const PROBLEMS: Record<string, string> = {
  TOKEN_EXPIRED: "This link has expired.",
  INVALID_TOKEN: "This link is not valid. It may have been used already, or copied incompletely.",
  USER_NOT_FOUND: "This link belongs to an account that no longer exists.",
};

/**
 * Where the emailed link lands (through /api/auth/verify-email, which signs the person in): on
 * success straight on to where they were going; on failure, why, and a way to get a new link.
 */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  const target = safeNextPath(next);
  if (!error && (await getSession())) redirect(target);
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title={error ? "This link did not work" : "Email confirmed"}
      footer={
        <>
          <TextLink href={`/sign-in?next=${encodeURIComponent(target)}`}>Back to sign in</TextLink>
        </>
      }
    >
      {error ? (
        <div className="space-y-5">
          <Alert tone="error">{PROBLEMS[error] ?? "This link could not be used."}</Alert>
          <ResendVerificationForm callbackURL={`/verify-email?next=${encodeURIComponent(target)}`} />
        </div>
      ) : (
        <Alert tone="success">Your address is confirmed. Sign in to continue.</Alert>
      )}
    </AuthShell>
  );
}
