import { staffAccessOf } from "@saas/auth";
import { SignOutButton } from "@saas/auth/react";
import { Alert, AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { getStaffSession, PRODUCT_NAME } from "../../../server/auth";
import { StaffEnrolment } from "./enrolment";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

/**
 * Staff without two-factor authentication land here, and nowhere else, until it is on. Setting it
 * up takes the one-time enrolment link (`?token=`) issued for them: the password alone is not enough.
 */
export default async function EnrolTwoFactorPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const session = await getStaffSession();
  const access = staffAccessOf(session);
  if (access === "signed-out") redirect(token ? `/sign-in?next=${encodeURIComponent(`/enrol-two-factor?token=${token}`)}` : "/sign-in");
  if (access === "not-staff" || access === "impersonated" || access === "banned") forbidden();
  if (access === "ok") redirect("/");
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Set up two-factor authentication"
      description="The staff console needs it before anything else: staff accounts can see and change every customer's data."
      footer={<SignOutButton />}
    >
      {token ? (
        <StaffEnrolment enrolmentToken={token} />
      ) : (
        <Alert tone="info" title="Open your enrolment link">
          Two-factor authentication for staff is set up from a one-time link, not with the password alone. Open the link you were
          given, or ask another staff member for a new one (<code>npm run staff:enrol -- {session?.user.email}</code>).
        </Alert>
      )}
    </AuthShell>
  );
}
