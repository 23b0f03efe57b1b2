import { Badge } from "@saas/ui";

/** A user's standing at a glance: banned, staff, 2FA, unverified email. */
export function UserBadges({ user }: { user: { role: string; banned: boolean; twoFactorEnabled: boolean; emailVerified: boolean } }) {
  return (
    <div className="flex flex-wrap gap-1">
      {user.banned ? <Badge tone="danger">Banned</Badge> : null}
      {user.role === "admin" ? <Badge tone="strong">Staff</Badge> : null}
      {user.twoFactorEnabled ? <Badge tone="success">2FA</Badge> : null}
      {user.emailVerified ? null : <Badge tone="warning">Unverified</Badge>}
    </div>
  );
}
