import { ResetPasswordScreen } from "@saas/auth/react";
import type { Metadata } from "next";
import { PRODUCT_NAME } from "../../../server/auth";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string; error?: string }> }) {
  const { token, error } = await searchParams;
  return <ResetPasswordScreen product={PRODUCT_NAME} token={token} error={error} />;
}
