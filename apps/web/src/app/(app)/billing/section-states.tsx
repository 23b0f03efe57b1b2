"use client";

import { Alert, Button, Skeleton } from "@saas/ui";
import { problemOfApiError } from "../../../trpc/problem";

/** A section's own loading state: announced once, shaped like a few rows. */
export function SectionSkeleton({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} className="h-9 w-full" />
      ))}
    </div>
  );
}

/** A section that failed to load, with a retry: the rest of the page keeps working. */
export function SectionError({ title, error, onRetry, retrying }: { title: string; error: unknown; onRetry: () => void; retrying: boolean }) {
  return (
    <Alert tone="error" title={title}>
      <p>{problemOfApiError(error).message}</p>
      <Button variant="secondary" className="mt-3" pending={retrying} pendingLabel="Trying again…" onClick={onRetry}>
        Try again
      </Button>
    </Alert>
  );
}
