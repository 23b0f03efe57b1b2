import { ForgotPasswordForm } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { TextLink } from "../../../components/text-link";
import { PRODUCT_NAME } from "../../../server/auth";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Reset your password"
      description="Enter the email address of your account and we will send you a link."
      footer={
        <>
          Remembered it? <TextLink href="/sign-in">Sign in</TextLink>
        </>
      }
    >
      <ForgotPasswordForm />
    </AuthShell>
  );
}
