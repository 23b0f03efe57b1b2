import { getInvitationPreview, type InvitationPreview } from "@saas/auth";
import { SignOutButton } from "@saas/auth/react";
import { Alert, AuthShell, buttonClassName } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { TextLink } from "../../../../components/text-link";
import { getSession, PRODUCT_NAME } from "../../../../server/auth";
import { getAppDb } from "../../../../server/db";
import { InvitationActions } from "./invitation-actions";

export const metadata: Metadata = { title: "Invitation" };

const ENDED: Record<Exclude<InvitationPreview["state"], "pending">, string> = {
  expired: "This invitation has expired. Ask the person who invited you to send a new one.",
  accepted: "This invitation was already accepted.",
  rejected: "This invitation was declined.",
  canceled: "This invitation was withdrawn.",
};

export default async function AcceptInvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const invitation = await getInvitationPreview(getAppDb(), { invitationId: id });
  const session = await getSession();
  const here = `/accept-invitation/${id}`;

  if (!invitation) {
    return (
      <AuthShell product={PRODUCT_NAME} title="Invitation not found" footer={<TextLink href="/">Go to {PRODUCT_NAME}</TextLink>}>
        <Alert tone="error">This invitation link is not valid. Check that you copied all of it.</Alert>
      </AuthShell>
    );
  }

  const summary = (
    <>
      <strong className="text-zinc-900 dark:text-zinc-100">{invitation.inviterName}</strong> invited{" "}
      <strong className="text-zinc-900 dark:text-zinc-100">{invitation.email}</strong> to join{" "}
      <strong className="text-zinc-900 dark:text-zinc-100">{invitation.organizationName}</strong> as {invitation.role}.
    </>
  );

  if (invitation.state !== "pending") {
    return (
      <AuthShell product={PRODUCT_NAME} title={`Join ${invitation.organizationName}`} description={summary} footer={<TextLink href="/">Go to {PRODUCT_NAME}</TextLink>}>
        <Alert tone={invitation.state === "accepted" ? "info" : "warning"}>{ENDED[invitation.state]}</Alert>
      </AuthShell>
    );
  }

  if (!session) {
    const carry = new URLSearchParams({ next: here, email: invitation.email }).toString();
    return (
      <AuthShell product={PRODUCT_NAME} title={`Join ${invitation.organizationName}`} description={summary}>
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">To accept, sign in or create an account with {invitation.email}.</p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Link href={`/sign-up?${carry}`} className={buttonClassName("primary", "flex-1")}>
            Create account
          </Link>
          <Link href={`/sign-in?${carry}`} className={buttonClassName("secondary", "flex-1")}>
            Sign in
          </Link>
        </div>
      </AuthShell>
    );
  }

  if (session.user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <AuthShell product={PRODUCT_NAME} title={`Join ${invitation.organizationName}`} description={summary}>
        <Alert tone="warning" className="mb-4">
          You are signed in as {session.user.email}, but this invitation is for {invitation.email}. Sign out, then open the link
          again and sign in with {invitation.email}.
        </Alert>
        <SignOutButton variant="secondary" redirectTo={`/sign-in?${new URLSearchParams({ next: here, email: invitation.email })}`} label="Sign out and switch account" />
      </AuthShell>
    );
  }

  return (
    <AuthShell product={PRODUCT_NAME} title={`Join ${invitation.organizationName}`} description={summary}>
      <InvitationActions invitationId={invitation.id} />
    </AuthShell>
  );
}
