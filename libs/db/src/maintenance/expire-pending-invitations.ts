import type { Database } from "../client";
import { InvitationStatus } from "../schema/enums";
import { invitationTable } from "../schema/tables";
import { and, eq, lt } from "drizzle-orm";

/**
 * Marks pending invitations past their expiry `expired`, so the
 * members page stops listing them as pending and nobody can accept them any more.
 */
export async function expirePendingInvitations(db: Database, now: Date) {
  const expired = await db
    .update(invitationTable)
    .set({ status: InvitationStatus.expired })
    .where(and(eq(invitationTable.status, InvitationStatus.pending), lt(invitationTable.expiresAt, now)))
    .returning({ id: invitationTable.id });
  return { invitations: expired.length };
}
