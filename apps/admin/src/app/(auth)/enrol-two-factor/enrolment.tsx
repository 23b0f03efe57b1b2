"use client";

import { TwoFactorSettings } from "@saas/auth/react";

export function StaffEnrolment({ enrolmentToken }: { enrolmentToken: string }) {
  return <TwoFactorSettings enabled={false} allowDisable={false} enrolmentToken={enrolmentToken} onFinished={() => window.location.assign("/")} />;
}
