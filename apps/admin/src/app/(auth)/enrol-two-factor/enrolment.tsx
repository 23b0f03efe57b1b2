"use client";

import { TwoFactorSettings } from "@saas/auth/react";

export function StaffEnrolment() {
  return <TwoFactorSettings enabled={false} allowDisable={false} onFinished={() => window.location.assign("/")} />;
}
