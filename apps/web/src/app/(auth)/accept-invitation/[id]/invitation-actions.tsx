"use client";

import { authClient, problemOf } from "@saas/auth/react";
import { Alert, Button } from "@saas/ui";
import { useState } from "react";

export function InvitationActions({ invitationId }: { invitationId: string }) {
  const [pending, setPending] = useState<"accept" | "decline" | null>(null);
  const [message, setMessage] = useState("");
  const [declined, setDeclined] = useState(false);

  async function accept() {
    setPending("accept");
    setMessage("");
    const { data, error } = await authClient.organization.acceptInvitation({ invitationId });
    if (error || !data) {
      setMessage(problemOf(error).message);
      setPending(null);
      return;
    }
    // Refreshes the session cookie with the new active organization.
    await authClient.organization.setActive({ organizationId: data.member.organizationId });
    window.location.assign("/members");
  }

  async function decline() {
    setPending("decline");
    setMessage("");
    const { error } = await authClient.organization.rejectInvitation({ invitationId });
    setPending(null);
    if (error) setMessage(problemOf(error).message);
    else setDeclined(true);
  }

  if (declined) return <Alert tone="info">You declined the invitation. Nothing else changes.</Alert>;
  return (
    <div className="space-y-4">
      {message ? <Alert tone="error">{message}</Alert> : null}
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button className="flex-1" pending={pending === "accept"} pendingLabel="Joining…" disabled={pending !== null} onClick={() => void accept()}>
          Accept and join
        </Button>
        <Button variant="secondary" className="flex-1" pending={pending === "decline"} pendingLabel="Declining…" disabled={pending !== null} onClick={() => void decline()}>
          Decline
        </Button>
      </div>
    </div>
  );
}
