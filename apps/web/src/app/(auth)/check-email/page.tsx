import { emailField, safeNextPath } from "@saas/auth";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { TextLink } from "../../../components/text-link";
import { PRODUCT_NAME } from "../../../server/auth";
import { ResendVerificationButton } from "./resend-button";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ email?: string; next?: string }> }) {
  const { email: rawEmail, next } = await searchParams;
  const email = emailField.safeParse(rawEmail).data;
  const target = safeNextPath(next);
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Check your email"
      description={
        email ? (
          <>
            We sent a link to <strong className="text-zinc-900 dark:text-zinc-100">{email}</strong>. Open it to confirm your address and
            finish signing up. It expires in an hour.
          </>
        ) : (
          "We sent you a link. Open it to confirm your address and finish signing up."
        )
      }
      footer={
        <>
          Wrong address? <TextLink href="/sign-up">Start again</TextLink>
        </>
      }
    >
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">Nothing after a few minutes? Check your spam folder, or:</p>
      {email ? <ResendVerificationButton email={email} callbackURL={`/verify-email?next=${encodeURIComponent(target)}`} /> : null}
    </AuthShell>
  );
}
