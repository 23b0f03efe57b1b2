"use client";

import { useState } from "react";

/**
 * Shown on every page while staff view the app as someone else (an impersonation session from
 * the console): whose account this is, and a way out. Stopping ends the session (audited) and
 * signs this browser out of the web app.
 */
export function ImpersonationBanner({ name, email }: { name: string; email: string }) {
  const [state, setState] = useState<"idle" | "stopping" | "failed">("idle");
  const stop = async () => {
    setState("stopping");
    const response = await fetch("/api/auth/impersonation/stop", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => null);
    // Already ended (it expired, or was stopped in another tab): the way out is the same.
    if (response && (response.ok || response.status === 400 || response.status === 401)) window.location.assign("/sign-in?impersonation=ended");
    else setState("failed");
  };
  return (
    <div
      role="status"
      className="sticky top-0 z-20 border-b border-fuchsia-300 bg-fuchsia-100 text-fuchsia-950 dark:border-fuchsia-800 dark:bg-fuchsia-950 dark:text-fuchsia-100"
    >
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm sm:px-6">
        <p className="min-w-0">
          You are viewing as <strong className="font-semibold">{name}</strong> <span className="break-all">({email})</span>
          {state === "failed" ? <span className="ml-1">— stopping did not work; try again.</span> : null}
        </p>
        <button
          type="button"
          onClick={() => void stop()}
          disabled={state === "stopping"}
          className="ml-auto rounded-md border border-fuchsia-400 bg-white px-3 py-1 font-medium hover:bg-fuchsia-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-fuchsia-600 disabled:opacity-60 dark:border-fuchsia-700 dark:bg-fuchsia-900 dark:hover:bg-fuchsia-800"
        >
          {state === "stopping" ? "Stopping…" : "Stop"}
        </button>
      </div>
    </div>
  );
}
