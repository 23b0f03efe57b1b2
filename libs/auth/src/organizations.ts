import { InvitationStatus, invitationTable, MemberRole, memberTable, organizationTable, userTable, type Database } from "@saas/db";
import { aliasedTable, and, asc, eq, ne, notExists } from "drizzle-orm";
import { z } from "zod";

export interface Membership {
  organizationId: string;
  name: string;
  slug: string;
  role: MemberRole;
}

/** The organizations a user belongs to, by name, with their role in each (for the switcher). */
export function listMemberships(db: Database, { userId }: { userId: string }): Promise<Membership[]> {
  return db
    .select({ organizationId: organizationTable.id, name: organizationTable.name, slug: organizationTable.slug, role: memberTable.role })
    .from(memberTable)
    .innerJoin(organizationTable, eq(organizationTable.id, memberTable.organizationId))
    .where(eq(memberTable.userId, userId))
    .orderBy(asc(organizationTable.name), asc(organizationTable.id));
}

/**
 * The workspace rule: the organization the session says is active, if the person is still a
 * member of it, else their first (by name). The API's organization tier applies the same rule in
 * SQL (`runAsMember` in libs/db), so pages and procedures always agree on the organization.
 */
export function pickActiveMembership<M extends { organizationId: string }>(memberships: M[], activeOrganizationId: string | null | undefined): M | null {
  return memberships.find((membership) => membership.organizationId === activeOrganizationId) ?? memberships[0] ?? null;
}

/**
 * The organizations in which `userId` is the only owner: removing that user would leave them
 * without one (the keep-an-owner trigger lets a cascade through, so the check is made here).
 */
export function listSoleOwnedOrganizations(db: Database, { userId }: { userId: string }): Promise<{ id: string; name: string }[]> {
  const otherOwner = aliasedTable(memberTable, "other_owner");
  return db
    .select({ id: organizationTable.id, name: organizationTable.name })
    .from(memberTable)
    .innerJoin(organizationTable, eq(organizationTable.id, memberTable.organizationId))
    .where(
      and(
        eq(memberTable.userId, userId),
        eq(memberTable.role, MemberRole.owner),
        notExists(
          db
            .select({ one: otherOwner.id })
            .from(otherOwner)
            .where(and(eq(otherOwner.organizationId, memberTable.organizationId), eq(otherOwner.role, MemberRole.owner), ne(otherOwner.userId, userId))),
        ),
      ),
    )
    .orderBy(asc(organizationTable.name));
}

export type InvitationState = "pending" | "expired" | "accepted" | "rejected" | "canceled";

export interface InvitationPreview {
  id: string;
  email: string;
  role: MemberRole;
  state: InvitationState;
  organizationName: string;
  inviterName: string;
}

/**
 * What the accept-invitation page shows before anyone signs in. The invitation id (a random
 * uuid, sent only to the invitee's address) is the capability; accepting still requires signing
 * in with that verified address.
 */
export async function getInvitationPreview(db: Database, { invitationId, now = new Date() }: { invitationId: string; now?: Date }): Promise<InvitationPreview | null> {
  if (!z.uuid().safeParse(invitationId).success) return null;
  const [row] = await db
    .select({
      id: invitationTable.id,
      email: invitationTable.email,
      role: invitationTable.role,
      status: invitationTable.status,
      expiresAt: invitationTable.expiresAt,
      organizationName: organizationTable.name,
      inviterName: userTable.name,
    })
    .from(invitationTable)
    .innerJoin(organizationTable, eq(organizationTable.id, invitationTable.organizationId))
    .innerJoin(userTable, eq(userTable.id, invitationTable.inviterId))
    .where(eq(invitationTable.id, invitationId));
  if (!row) return null;
  const state: InvitationState =
    row.status === InvitationStatus.pending ? (row.expiresAt <= now ? "expired" : "pending") : row.status;
  return { id: row.id, email: row.email, role: row.role, state, organizationName: row.organizationName, inviterName: row.inviterName };
}
