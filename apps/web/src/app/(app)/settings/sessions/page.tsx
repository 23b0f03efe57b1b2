import { SESSION_COOKIE_CACHE_SECONDS } from "@saas/auth";
import { Card } from "@saas/ui";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getAuth, requireSession } from "../../../../server/auth";
import { describeUserAgent } from "../../../../server/user-agent";
import { SessionList, type SessionRow } from "./session-list";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsSettingsPage() {
  const current = await requireSession();
  const sessions = await getAuth().api.listSessions({ headers: await headers() });
  // Only what the page shows: session tokens stay on the server.
  const rows: SessionRow[] = sessions
    .map((session) => ({
      id: session.id,
      device: describeUserAgent(session.userAgent),
      ipAddress: session.ipAddress ?? null,
      lastActive: new Date(session.updatedAt).toISOString(),
      current: session.id === current.session.id,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastActive.localeCompare(a.lastActive));
  return (
    <Card
      title="Sessions"
      description={`Where you are signed in. Signing a session out takes effect within ${SESSION_COOKIE_CACHE_SECONDS} seconds on that device.`}
    >
      <SessionList sessions={rows} />
    </Card>
  );
}
