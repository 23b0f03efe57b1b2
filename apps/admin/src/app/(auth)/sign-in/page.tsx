import { safeNextPath, staffAccessOf } from "@saas/auth";
import { SignInForm } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getStaffSession, PRODUCT_NAME } from "../../../server/auth";

export const metadata: Metadata = { title: "Sign in" };

export default async function StaffSignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const target = safeNextPath((await searchParams).next);
  if (staffAccessOf(await getStaffSession()) !== "signed-out") redirect(target);
  return (
    <AuthShell product={PRODUCT_NAME} title="Staff sign-in" description="For Acme staff. Customers sign in to the Acme CRM app.">
      <SignInForm next={target} forgotPasswordHref="/forgot-password" />
    </AuthShell>
  );
}
