import { Card } from "@saas/ui";
import type { Metadata } from "next";
import { ChangePasswordForm } from "@saas/auth/react";

export const metadata: Metadata = { title: "Password" };

export default function PasswordSettingsPage() {
  return (
    <Card title="Password" description="Forgot it? Sign out and use “Forgot your password?” on the sign-in page.">
      <ChangePasswordForm />
    </Card>
  );
}
