import { listOwnSessions } from "@saas/auth";
import { ChangePasswordForm } from "@saas/auth/react";
import { Badge, Card } from "@saas/ui";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { ActionForm } from "../../components/action-form";
import { ConsoleFrame } from "../../components/console-frame";
import { formatDateTime } from "../../components/format";
import { getAuth } from "../../server/auth";
import { revokeOtherOwnSessionsAction, revokeOwnSessionAction } from "./actions";
import { TwoFactorSection } from "./two-factor-section";

export const metadata: Metadata = { title: "Your account" };

export default function AccountPage() {
  return (
    <ConsoleFrame path="/account" title="Your account" description="Your own staff account: two-factor authentication, password and sessions.">
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Two-factor authentication" description="On, as every staff account must be. New backup codes replace the old ones.">
          <TwoFactorSection />
        </Card>
        <Card title="Password" description="Your current password is required.">
          <ChangePasswordForm />
        </Card>
        <div className="lg:col-span-2">
          <Sessions />
        </div>
      </div>
    </ConsoleFrame>
  );
}

async function Sessions() {
  const listed = await listOwnSessions(getAuth(), { headers: await headers() });
  return (
    <Card title="Sessions" description="Where your staff account is signed in to the console (times in UTC).">
      {listed.ok ? (
        <div className="space-y-4">
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Sessions">
            {listed.sessions
              .toSorted((a, b) => Number(b.current) - Number(a.current) || b.updatedAt.getTime() - a.updatedAt.getTime())
              .map((session) => (
                <li key={session.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="break-words font-medium">
                      {session.userAgent ?? "Unknown device"} {session.current ? <Badge tone="success">this session</Badge> : null}
                    </p>
                    <p className="text-zinc-600 dark:text-zinc-400">
                      {session.ipAddress ?? "Unknown address"} · last seen {formatDateTime(session.updatedAt)}
                    </p>
                  </div>
                  {session.current ? null : <ActionForm action={revokeOwnSessionAction} hidden={{ sessionId: session.id }} label="Sign out" name={`Sign out the session of ${formatDateTime(session.updatedAt)}`} />}
                </li>
              ))}
          </ul>
          {listed.sessions.length > 1 ? <ActionForm action={revokeOtherOwnSessionsAction} hidden={{}} label="Sign out everywhere else" name="Sign out everywhere else" /> : null}
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{listed.message}</p>
      )}
    </Card>
  );
}
