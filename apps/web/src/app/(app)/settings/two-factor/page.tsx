import { Card } from "@saas/ui";
import type { Metadata } from "next";
import { requireSession } from "../../../../server/auth";
import { TwoFactorSection } from "./two-factor-section";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TwoFactorSettingsPage() {
  const session = await requireSession();
  return (
    <Card title="Two-factor authentication" description="A code from your phone on top of your password, so a stolen password is not enough.">
      <TwoFactorSection enabled={Boolean(session.user.twoFactorEnabled)} />
    </Card>
  );
}
