import { IMPERSONATION_SESSION_SECONDS } from "@saas/auth";
import { Badge, Card, EmptyState, SelectField, TextField } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditEntries } from "../../../components/audit-entries";
import { ConsoleFrame } from "../../../components/console-frame";
import { Fact } from "../../../components/fact";
import { formatDate, formatDateTime, isNotFound } from "../../../components/format";
import { UserBadges } from "../../../components/user-badges";
import { api } from "../../../server/api";
import { ActionForm } from "../../../components/action-form";
import { banAction, impersonateAction, resendVerificationAction, revokeSessionsAction, setRoleAction, unbanAction } from "./actions";

export const metadata: Metadata = { title: "User" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  if (!UUID.test(userId)) notFound();
  return (
    <ConsoleFrame path={`/users/${userId}`} title="User" description={<Link href="/users" className="underline underline-offset-2">All users</Link>}>
      <UserDetail userId={userId} />
    </ConsoleFrame>
  );
}

async function UserDetail({ userId }: { userId: string }) {
  const detail = await api.staff.users.get({ userId }).catch((error: unknown) => {
    if (isNotFound(error)) notFound();
    throw error;
  });
  const { user, memberships, signInMethods, sessions, audit } = detail;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card title={user.name} description={<span className="break-all">{user.email}</span>}>
          <UserBadges user={user} />
          <dl className="mt-4 grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
            <Fact label="Signed up">{formatDateTime(user.createdAt)} UTC</Fact>
            <Fact label="Platform role">{user.role === "admin" ? "Platform admin (staff)" : "User"}</Fact>
            <Fact label="Two-factor authentication">{user.twoFactorEnabled ? "On" : "Off"}</Fact>
            <Fact label="Email">{user.emailVerified ? "Verified" : "Not verified"}</Fact>
            <Fact label="Sign-in methods">{signInMethods.length === 0 ? "None" : signInMethods.map((method) => (method.provider === "credential" ? "Email and password" : method.provider)).join(", ")}</Fact>
            {user.banned ? (
              <Fact label="Banned">
                {user.banReason ?? "No reason given"} — {user.banExpires ? `until ${formatDateTime(user.banExpires)} UTC` : "until lifted"}
              </Fact>
            ) : null}
          </dl>
        </Card>

        <Card title="Organizations" description="Where this person is a member, and with which role.">
          {memberships.length === 0 ? (
            <EmptyState title="No organization">They have not created or joined one.</EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
              {memberships.map((membership) => (
                <li key={membership.organizationId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link href={`/organizations/${membership.organizationId}`} className="underline-offset-2 hover:underline">
                    <span className="font-medium">{membership.name}</span> <span className="text-zinc-500 dark:text-zinc-400">/{membership.slug}</span>
                  </Link>
                  <span className="flex items-center gap-2">
                    <Badge>{membership.role}</Badge>
                    <span className="text-zinc-500 dark:text-zinc-400">since {formatDate(membership.joinedAt)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title="Sessions" description="Signed-in browsers and devices, most recently active first (times in UTC).">
          {sessions.length === 0 ? (
            <EmptyState title="No active session">They are signed out everywhere.</EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
              {sessions.map((session) => (
                <li key={session.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="break-words font-medium">{session.userAgent ?? "Unknown device"}</p>
                    <p className="text-zinc-600 dark:text-zinc-400">
                      {session.ipAddress ?? "Unknown address"} · last seen {formatDateTime(session.lastSeenAt)} · expires {formatDate(session.expiresAt)}
                      {session.impersonatedBy ? " · impersonation" : ""}
                    </p>
                  </div>
                  <ActionForm action={revokeSessionsAction} hidden={{ userId: user.id, sessionId: session.id }} label="Revoke" name={`Revoke the session of ${formatDateTime(session.createdAt)}`} />
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title="Staff actions" description="What staff did to this account, newest first.">
          <AuditEntries entries={audit} emptyText="No staff action on this account yet." />
        </Card>
      </div>

      {/* The actions first on a phone (they are what staff came for), beside the details on a wide screen. */}
      <div className="order-first space-y-6 lg:order-last">
        {user.banned ? (
          <Card title="Lift the ban">
            <ActionForm action={unbanAction} hidden={{ userId: user.id }} label="Unban" variant="primary" name="Unban">
              <TextField id="unban-reason" name="reason" label="Reason (optional)" maxLength={500} />
            </ActionForm>
          </Card>
        ) : (
          <Card title="Ban" description="They are signed out everywhere and cannot sign in until the ban ends.">
            <ActionForm action={banAction} hidden={{ userId: user.id }} label="Ban" variant="danger" name="Ban">
              <TextField id="ban-reason" name="reason" label="Reason" required minLength={3} maxLength={500} />
              <TextField id="ban-until" name="until" type="date" label="Until (optional)" hint="Empty: until a staff member lifts it." />
            </ActionForm>
          </Card>
        )}
        {user.role !== "admin" && !user.banned ? (
          <Card title="Impersonate" description={`See the web app as this person, for up to ${IMPERSONATION_SESSION_SECONDS / 60} minutes. Recorded with your reason; a banner there shows it and stops it.`}>
            <ActionForm action={impersonateAction} hidden={{ userId: user.id }} label="Impersonate" name="Impersonate">
              <TextField id="impersonate-reason" name="reason" label="Reason" hint="A ticket number, or what you need to see." required minLength={3} maxLength={500} />
            </ActionForm>
          </Card>
        ) : null}
        {user.emailVerified ? null : (
          <Card title="Email not verified" description="They cannot sign in until they follow the link in the verification email.">
            <ActionForm action={resendVerificationAction} hidden={{ userId: user.id }} label="Resend verification email" name="Resend verification email" />
          </Card>
        )}
        <Card title="Sessions">
          <ActionForm action={revokeSessionsAction} hidden={{ userId: user.id }} label="Revoke every session" name="Revoke every session" />
        </Card>
        <Card title="Platform role" description="Platform admins can use this console (with two-factor authentication).">
          <ActionForm action={setRoleAction} hidden={{ userId: user.id }} label="Change role" name="Change the platform role">
            <SelectField
              id="role"
              name="role"
              label="Role"
              defaultValue={user.role === "admin" ? "user" : "admin"}
              options={[
                { value: "user", label: "User" },
                { value: "admin", label: "Platform admin" },
              ]}
            />
            <TextField id="role-reason" name="reason" label="Reason" required minLength={3} maxLength={500} />
          </ActionForm>
        </Card>
      </div>
    </div>
  );
}
