"use client";

import { authClient, problemOf } from "@saas/auth/react";
import { Alert, Button } from "@saas/ui";
import Link from "next/link";
import { useState } from "react";

export function UndoEmailChange({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState("");
  const [restored, setRestored] = useState<string | null>(null);

  async function undo() {
    setPending(true);
    setMessage("");
    const { data, error } = await authClient.$fetch<{ email: string }>("/undo-email-change", { method: "POST", body: { token } });
    setPending(false);
    if (error || !data) setMessage(problemOf(error).message);
    else setRestored(data.email);
  }

  if (restored) {
    return (
      <Alert tone="success" title="Your account is yours again">
        It signs in with {restored} again, and everyone was signed out of it. Whoever changed the address knew your password:{" "}
        <Link href="/forgot-password" className="font-semibold underline underline-offset-2">
          choose a new one now
        </Link>
        .
      </Alert>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        If you did not change your account&apos;s email address, undo it: the account goes back to the address this email was sent
        to, and every device signed in to it is signed out.
      </p>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Button className="w-full" variant="danger" pending={pending} pendingLabel="Undoing…" onClick={() => void undo()}>
        Undo the change and sign everyone out
      </Button>
    </div>
  );
}
