"use client";

import { Alert, Button } from "@saas/ui";
import { useState } from "react";
import { authClient, problemOf } from "./auth-client";

export type SocialProvider = "github" | "google";

const PROVIDER_NAMES: Record<SocialProvider, string> = { github: "GitHub", google: "Google" };

/** "Continue with GitHub/Google", for the providers that are configured (none: nothing at all). */
export function SocialSignInButtons({ next, providers }: { next: string; providers: SocialProvider[] }) {
  const [pending, setPending] = useState<SocialProvider | null>(null);
  const [message, setMessage] = useState("");
  if (providers.length === 0) return null;

  async function signInWith(provider: SocialProvider) {
    setPending(provider);
    setMessage("");
    const { error } = await authClient.signIn.social({ provider, callbackURL: next, errorCallbackURL: "/sign-in?error=oauth" });
    // On success the browser is already on its way to the provider.
    if (error) {
      setMessage(problemOf(error).message);
      setPending(null);
    }
  }

  return (
    <div className="space-y-3">
      {message ? <Alert tone="error">{message}</Alert> : null}
      {providers.map((provider) => (
        <Button
          key={provider}
          variant="secondary"
          className="w-full"
          pending={pending === provider}
          disabled={pending !== null}
          onClick={() => void signInWith(provider)}
        >
          Continue with {PROVIDER_NAMES[provider]}
        </Button>
      ))}
    </div>
  );
}
