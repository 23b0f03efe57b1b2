import { safeNextPath } from "@saas/auth";
import { TwoFactorChallenge } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getStaffSession, PRODUCT_NAME } from "../../../server/auth";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function StaffTwoFactorPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const target = safeNextPath((await searchParams).next);
  if (await getStaffSession()) redirect(target);
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Two-factor authentication"
      description="Enter the code from your authenticator app."
      footer={
        <Link href="/sign-in" className="font-medium underline underline-offset-2">
          Start over
        </Link>
      }
    >
      <TwoFactorChallenge next={target} trustDevice={false} />
    </AuthShell>
  );
}
