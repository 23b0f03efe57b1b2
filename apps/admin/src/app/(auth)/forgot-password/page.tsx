import { ForgotPasswordForm } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { PRODUCT_NAME } from "../../../server/auth";

export const metadata: Metadata = { title: "Reset your password" };

/** Staff reset their password here, in the console: the link is sent to staff accounts only. */
export default function ForgotPasswordPage() {
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Reset your password"
      description="Enter your staff email address and we will send you a link."
      footer={
        <>
          Remembered it?{" "}
          <Link href="/sign-in" className="font-semibold underline underline-offset-2">
            Sign in
          </Link>
        </>
      }
    >
      <ForgotPasswordForm />
    </AuthShell>
  );
}
