"use client";

import { buttonClassName, ErrorPanel } from "@saas/ui";
import Link from "next/link";

export default function AuthError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="grid min-h-dvh place-items-center bg-zinc-50 px-4 dark:bg-zinc-950">
      <ErrorPanel
        digest={error.digest}
        onRetry={reset}
        back={
          <Link href="/sign-in" className={buttonClassName("secondary")}>
            Back to sign-in
          </Link>
        }
      />
    </div>
  );
}
