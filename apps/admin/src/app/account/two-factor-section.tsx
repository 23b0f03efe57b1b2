"use client";

import { TwoFactorSettings } from "@saas/auth/react";
import { useRouter } from "next/navigation";

/** Staff keep 2FA on: only new backup codes here. */
export function TwoFactorSection() {
  const router = useRouter();
  return <TwoFactorSettings enabled allowDisable={false} onFinished={() => router.refresh()} />;
}
