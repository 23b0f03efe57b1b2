"use client";

import { Alert, Badge, Button } from "@saas/ui";
import { useState, useTransition } from "react";
import { revokeOtherSessionsAction, revokeSessionAction, type SessionActionResult } from "./actions";

export interface SessionRow {
  id: string;
  device: string;
  ipAddress: string | null;
  lastActive: string;
  current: boolean;
}

export function SessionList({ sessions }: { sessions: SessionRow[] }) {
  const [result, setResult] = useState<SessionActionResult | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const run = (id: string, action: () => Promise<SessionActionResult>) => {
    setPendingId(id);
    startTransition(async () => {
      setResult(await action());
      setPendingId(null);
    });
  };
  const others = sessions.filter((session) => !session.current).length;
  return (
    <div className="space-y-4">
      <div aria-live="polite">{result ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}</div>
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Sessions">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-col gap-2 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="session-row">
            <div className="min-w-0 text-sm">
              <p className="flex items-center gap-2 font-medium text-zinc-900 dark:text-zinc-100">
                {session.device} {session.current ? <Badge tone="success">This device</Badge> : null}
              </p>
              <p className="text-zinc-600 dark:text-zinc-400">
                {session.ipAddress ?? "Address unknown"} · last active {new Date(session.lastActive).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}
              </p>
            </div>
            {session.current ? null : (
              <Button variant="secondary" pending={isPending && pendingId === session.id} pendingLabel="Signing out…" disabled={isPending} onClick={() => run(session.id, () => revokeSessionAction(session.id))}>
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <Button variant="danger" pending={isPending && pendingId === "others"} pendingLabel="Signing out…" disabled={isPending} onClick={() => run("others", revokeOtherSessionsAction)}>
          Sign out of all other sessions
        </Button>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">You are not signed in anywhere else.</p>
      )}
    </div>
  );
}
