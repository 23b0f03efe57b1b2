import { ResetPasswordForm } from "@saas/auth/react";
import { Alert, AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { TextLink } from "../../../components/text-link";
import { PRODUCT_NAME } from "../../../server/auth";

export const metadata: Metadata = { title: "Choose a new password" };

/** Where the emailed reset link lands (through /api/auth/reset-password/<token>, which checks it). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string; error?: string }> }) {
  const { token, error } = await searchParams;
  const usable = token && !error;
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title={usable ? "Choose a new password" : "This link did not work"}
      footer={<TextLink href="/sign-in">Back to sign in</TextLink>}
    >
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert tone="error">
          This reset link has expired or was already used. <TextLink href="/forgot-password">Ask for a new one</TextLink>.
        </Alert>
      )}
    </AuthShell>
  );
}
