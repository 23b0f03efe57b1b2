import { PageTitle } from "@saas/ui";
import type { ReactNode } from "react";
import { SettingsNav } from "./settings-nav";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageTitle title="Settings" description="Your account: profile, password, two-factor authentication and where you are signed in." />
      <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
        <SettingsNav />
        <div className="min-w-0 space-y-8">{children}</div>
      </div>
    </>
  );
}
