"use client";

import type { ReactNode } from "react";
import { Button } from "./button";

/**
 * What a route shows when it failed to render (an `error.tsx`): a plain sentence, the reference
 * to give support, a retry and a way back — never a stack trace or a blank page.
 */
export function ErrorPanel({ digest, onRetry, back }: { digest?: string; onRetry: () => void; back: ReactNode }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-xl border border-zinc-200 bg-white p-6 text-center shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Something went wrong on our side. Try again; if it keeps happening, contact support
        {digest ? (
          <>
            {" "}
            with the reference <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs dark:bg-zinc-800">{digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-2">
        <Button onClick={onRetry}>Try again</Button>
        {back}
      </div>
    </div>
  );
}
