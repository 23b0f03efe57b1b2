"use client";

import { Button, type ButtonVariant } from "@saas/ui";
import { useState } from "react";

/**
 * Signs out through the app's own auth endpoint. A plain request rather than the auth client: this
 * button is on every page, and the client library would add its weight to every page's JavaScript.
 */
export function SignOutButton({ redirectTo = "/sign-in", variant = "ghost", label = "Sign out" }: { redirectTo?: string; variant?: ButtonVariant; label?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      pending={pending}
      pendingLabel="Signing out…"
      onClick={async () => {
        setPending(true);
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
        window.location.assign(redirectTo);
      }}
    >
      {label}
    </Button>
  );
}
