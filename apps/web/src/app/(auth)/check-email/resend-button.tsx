"use client";

import { authClient, problemOf } from "@saas/auth/react";
import { Alert, Button } from "@saas/ui";
import { useState } from "react";

/** Sends the verification link again (rate-limited on the server). */
export function ResendVerificationButton({ email, callbackURL }: { email: string; callbackURL: string }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  return (
    <div className="space-y-3">
      {result ? <Alert tone={result.tone}>{result.text}</Alert> : null}
      <Button
        variant="secondary"
        className="w-full"
        pending={pending}
        pendingLabel="Sending…"
        onClick={async () => {
          setPending(true);
          const { error } = await authClient.sendVerificationEmail({ email, callbackURL });
          setPending(false);
          setResult(error ? { tone: "error", text: problemOf(error).message } : { tone: "success", text: `We sent a new link to ${email}.` });
        }}
      >
        Send the link again
      </Button>
    </div>
  );
}
