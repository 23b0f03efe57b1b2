import { staffAccessOf } from "@saas/auth";
import { SignOutButton } from "@saas/auth/react";
import { AuthShell } from "@saas/ui";
import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { getStaffSession, PRODUCT_NAME } from "../../../server/auth";
import { StaffEnrolment } from "./enrolment";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

/** Staff without two-factor authentication land here, and nowhere else, until it is on. */
export default async function EnrolTwoFactorPage() {
  const access = staffAccessOf(await getStaffSession());
  if (access === "signed-out") redirect("/sign-in");
  if (access === "not-staff" || access === "impersonated") forbidden();
  if (access === "ok") redirect("/");
  return (
    <AuthShell
      product={PRODUCT_NAME}
      title="Set up two-factor authentication"
      description="The staff console needs it before anything else: staff accounts can see and change every customer's data."
      footer={<SignOutButton />}
    >
      <StaffEnrolment />
    </AuthShell>
  );
}
