"use client";

import { TwoFactorSettings } from "@saas/auth/react";
import { useRouter } from "next/navigation";

export function TwoFactorSection({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  return <TwoFactorSettings key={String(enabled)} enabled={enabled} onFinished={() => router.refresh()} />;
}
