import { InvitationStatus, invitationTable, MemberRole, memberTable, type Database } from "@saas/db";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { and, eq, sql } from "drizzle-orm";

/**
 * Who may cancel an invitation: anyone Better Auth lets cancel invitations, except that an
 * invitation to become an owner is cancelled by an owner only. One rule for every path that
 * cancels one: the cancel endpoint (`beforeCancelInvitation`) and a re-invitation of the same
 * address, which cancels the pending one (`reinviteGuard`).
 */
export async function assertMayCancelInvitation(
  db: Database,
  { invitation, userId }: { invitation: { role: string; organizationId: string }; userId: string },
): Promise<void> {
  if (invitation.role !== MemberRole.owner) return;
  const [canceller] = await db
    .select({ role: memberTable.role })
    .from(memberTable)
    .where(and(eq(memberTable.organizationId, invitation.organizationId), eq(memberTable.userId, userId)));
  if (canceller?.role !== MemberRole.owner) {
    throw new APIError("FORBIDDEN", { code: "YOU_ARE_NOT_ALLOWED_TO_CANCEL_THIS_INVITATION", message: "Only an owner can cancel an invitation to become an owner." });
  }
}

/**
 * Inviting an address that has a pending invitation cancels that invitation
 * (`cancelPendingInvitationsOnReInvite`) — without Better Auth's cancel hook. This runs the same
 * rule first, so an admin cannot cancel an owner's invitation by re-inviting its address.
 */
export const reinviteGuard = (db: Database) =>
  ({
    id: "saas-reinvite-guard",
    hooks: {
      before: [
        {
          matcher: (context) => context.path === "/organization/invite-member",
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as { email?: unknown; organizationId?: unknown; resend?: unknown };
            if (typeof body.email !== "string" || body.resend === true) return;
            const session = await getSessionFromCtx(ctx);
            if (!session) return;
            const organizationId = typeof body.organizationId === "string" ? body.organizationId : session.session.activeOrganizationId;
            if (!organizationId) return;
            const pending = await db
              .select({ role: invitationTable.role, organizationId: invitationTable.organizationId })
              .from(invitationTable)
              .where(
                and(
                  eq(invitationTable.organizationId, organizationId),
                  eq(invitationTable.status, InvitationStatus.pending),
                  sql`lower(${invitationTable.email}) = ${body.email.toLowerCase()}`,
                ),
              );
            for (const invitation of pending) await assertMayCancelInvitation(db, { invitation, userId: session.user.id });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
