"use client";

import { Button, type ButtonVariant } from "@saas/ui";
import { useState } from "react";
import { authClient } from "./auth-client";

export function SignOutButton({ redirectTo = "/sign-in", variant = "ghost", label = "Sign out" }: { redirectTo?: string; variant?: ButtonVariant; label?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      pending={pending}
      pendingLabel="Signing out…"
      onClick={async () => {
        setPending(true);
        await authClient.signOut();
        window.location.assign(redirectTo);
      }}
    >
      {label}
    </Button>
  );
}
