import { Alert, Card } from "@saas/ui";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getAuth, requireSession } from "../../../../server/auth";
import { ChangeEmailForm, ProfileForm } from "./profile-forms";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfileSettingsPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const session = await requireSession();
  const emailChanged = (await searchParams).email === "changed";
  // Accounts with a password confirm an address change with it; others by a recent sign-in.
  const accounts = await getAuth().api.listUserAccounts({ headers: await headers() });
  const hasPassword = accounts.some((account) => account.providerId === "credential");
  return (
    <>
      {emailChanged ? <Alert tone="success">Your email address is changed.</Alert> : null}
      <Card title="Profile" description="How your colleagues see you.">
        <ProfileForm name={session.user.name} />
      </Card>
      <Card title="Email address" description="The address you sign in with and receive emails at.">
        <ChangeEmailForm email={session.user.email} hasPassword={hasPassword} />
      </Card>
    </>
  );
}
