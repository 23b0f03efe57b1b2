"use client";

import { buttonClassName, ErrorPanel } from "@saas/ui";
import Link from "next/link";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorPanel
      digest={error.digest}
      onRetry={reset}
      back={
        <Link href="/" className={buttonClassName("secondary")}>
          Back to the overview
        </Link>
      }
    />
  );
}
