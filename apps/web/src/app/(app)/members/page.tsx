import { canManageMembers, toMemberRole } from "@saas/auth";
import { PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getAuth } from "../../../server/auth";
import { requireActiveOrganization } from "../../../server/workspace";
import { MembersPanel, type InvitationRow, type MemberRow } from "./members-panel";

export const metadata: Metadata = { title: "Members" };

/** Invitations that can still be accepted, for the list. */
function pendingInvitations(invitations: { id: string; email: string; role: string; status: string; expiresAt: Date | string }[], now = new Date()): InvitationRow[] {
  return invitations
    .filter((invitation) => invitation.status === "pending" && new Date(invitation.expiresAt) > now)
    .map((invitation) => ({ id: invitation.id, email: invitation.email, role: toMemberRole(invitation.role), expiresAt: new Date(invitation.expiresAt).toISOString() }));
}

export default async function MembersPage() {
  const { active, session } = await requireActiveOrganization();
  // Through Better Auth, which checks membership again and shows invitations only to those who may send them.
  const organization = await getAuth().api.getFullOrganization({ headers: await headers(), query: { organizationId: active.organizationId } });
  const members: MemberRow[] = (organization?.members ?? [])
    .map((member) => ({ id: member.id, userId: member.userId, name: member.user.name, email: member.user.email, role: toMemberRole(member.role) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const invitations = pendingInvitations(organization?.invitations ?? []);
  return (
    <>
      <PageTitle
        title="Members"
        description={canManageMembers(active.role) ? `Who can see ${active.name}, and what they may do.` : `The people in ${active.name}.`}
      />
      <MembersPanel
        organizationId={active.organizationId}
        organizationName={active.name}
        currentUserId={session.user.id}
        currentRole={active.role}
        members={members}
        invitations={invitations}
      />
    </>
  );
}
