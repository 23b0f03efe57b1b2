import { safeNextPath } from "@saas/auth";
import { TwoFactorChallenge } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TextLink } from "../../../components/text-link";
import { getSession, PRODUCT_NAME } from "../../../server/auth";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const target = safeNextPath((await searchParams).next);
  if (await getSession()) redirect(target);
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Two-factor authentication"
      description="Your password was right. Now enter the code from your authenticator app."
      footer={<TextLink href="/sign-in">Start over</TextLink>}
    >
      <TwoFactorChallenge next={target} />
    </AuthShell>
  );
}
