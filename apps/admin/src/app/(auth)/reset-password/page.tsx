import { ResetPasswordForm } from "@saas/auth/react";
import { Alert, AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
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
      footer={
        <Link href="/sign-in" className="font-semibold underline underline-offset-2">
          Back to sign in
        </Link>
      }
    >
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert tone="error">
          This reset link has expired or was already used.{" "}
          <Link href="/forgot-password" className="font-semibold underline underline-offset-2">
            Ask for a new one
          </Link>
          .
        </Alert>
      )}
    </AuthShell>
  );
}
