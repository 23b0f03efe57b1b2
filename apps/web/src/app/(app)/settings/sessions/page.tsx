import { listOwnSessions, SESSION_COOKIE_CACHE_SECONDS } from "@saas/auth";
import { SignOutButton } from "@saas/auth/react";
import { Alert, Card } from "@saas/ui";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getAuth, requireSession } from "../../../../server/auth";
import { describeUserAgent } from "../../../../server/user-agent";
import { SessionList, type SessionRow } from "./session-list";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsSettingsPage() {
  await requireSession();
  const requestHeaders = await headers();
  const listed = await listOwnSessions(getAuth(), { headers: requestHeaders });
  const description = `Where you are signed in. Signing a session out takes effect within ${SESSION_COOKIE_CACHE_SECONDS} seconds on that device.`;
  if (!listed.ok) {
    // A session signed in more than a day ago may not list or end the others.
    return (
      <Card title="Sessions" description={description}>
        <div className="space-y-4">
          <Alert tone="info">{listed.message}</Alert>
          <SignOutButton variant="secondary" label="Sign out and sign in again" redirectTo="/sign-in?next=%2Fsettings%2Fsessions" />
        </div>
      </Card>
    );
  }
  // Only what the page shows: session tokens stay on the server.
  const rows: SessionRow[] = listed.sessions
    .map((session) => ({
      id: session.id,
      device: describeUserAgent(session.userAgent),
      ipAddress: session.ipAddress,
      lastActive: session.updatedAt.toISOString(),
      current: session.current,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastActive.localeCompare(a.lastActive));
  return (
    <Card title="Sessions" description={description}>
      <SessionList sessions={rows} />
    </Card>
  );
}
