import { InvitationStatus, invitationTable, type Database } from "@saas/db";
import { and, eq, lt } from "drizzle-orm";

/**
 * Job `expire-invitations`: pending invitations past their expiry become `expired`, so the
 * members page stops listing them as pending and nobody can accept them any more.
 */
export async function expireInvitations(db: Database, now: Date) {
  const expired = await db
    .update(invitationTable)
    .set({ status: InvitationStatus.expired })
    .where(and(eq(invitationTable.status, InvitationStatus.pending), lt(invitationTable.expiresAt, now)))
    .returning({ id: invitationTable.id });
  return { invitations: expired.length };
}
