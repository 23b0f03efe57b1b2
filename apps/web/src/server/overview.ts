import "server-only";
import { InvitationStatus, invitationTable, leadTable, memberTable, type Database } from "@saas/db";
import { and, count, eq, gt } from "drizzle-orm";

/** The figures on an organization's overview page. */
export async function getOrganizationOverview(db: Database, { organizationId }: { organizationId: string }) {
  const [[members], [invitations], leads] = await Promise.all([
    db.select({ n: count() }).from(memberTable).where(eq(memberTable.organizationId, organizationId)),
    db
      .select({ n: count() })
      .from(invitationTable)
      .where(and(eq(invitationTable.organizationId, organizationId), eq(invitationTable.status, InvitationStatus.pending), gt(invitationTable.expiresAt, new Date()))),
    // Tenant data is read as the tenant: row-level security limits it to this organization.
    db.withTenant(organizationId, async (tx) => (await tx.select({ n: count() }).from(leadTable))[0]?.n ?? 0),
  ]);
  return { members: members?.n ?? 0, pendingInvitations: invitations?.n ?? 0, leads };
}
