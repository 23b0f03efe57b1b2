import { invitationTable, memberTable, type Database } from "@saas/db";
import { APIError } from "better-auth/api";
import { and, count, eq, gt, ne } from "drizzle-orm";

/** What the organization's plan allows in members now (injected by the app from billing). */
export interface MemberAllowance {
  /** Members the organization may have; null for no limit. */
  maxMembers: number | null;
  /** The plan, as the refusal names it. */
  planName: string;
  /** Why no one may be added at all right now (a payment overdue past its grace period), or null. */
  blocked: string | null;
}

export type MemberAllowanceOf = (organizationId: string) => Promise<MemberAllowance>;

const UPGRADE_HINT = "An owner or admin can upgrade the plan on the Billing page.";

/**
 * The seat limit, on every path that adds someone: inviting (members plus invitations still
 * pending count, so a Free organization cannot send ten invitations and have them all accepted),
 * accepting, and adding a member directly. Two acceptances at the very same moment can still pass
 * the count together (no lock is taken across Better Auth's writes); seats are billed per member,
 * so such an overshoot is paid for, never free.
 */
export function memberLimitHooks(db: Database, allowanceOf: MemberAllowanceOf | undefined) {
  /** `inviting`: the address being invited (its own earlier invitation, replaced by this one, is not counted). */
  const check = async (organizationId: string, { inviting }: { inviting?: string } = {}) => {
    const countPendingInvitations = inviting !== undefined;
    if (!allowanceOf) return;
    const allowance = await allowanceOf(organizationId);
    if (allowance.blocked) throw new APIError("PAYMENT_REQUIRED", { code: "PAYMENT_OVERDUE", message: allowance.blocked });
    if (allowance.maxMembers === null) return;
    const [members] = await db.select({ n: count() }).from(memberTable).where(eq(memberTable.organizationId, organizationId));
    const [pending] = countPendingInvitations
      ? await db
          .select({ n: count() })
          .from(invitationTable)
          .where(
            and(
              eq(invitationTable.organizationId, organizationId),
              eq(invitationTable.status, "pending"),
              gt(invitationTable.expiresAt, new Date()),
              ne(invitationTable.email, inviting.toLowerCase()),
            ),
          )
      : [{ n: 0 }];
    const taken = (members?.n ?? 0) + (pending?.n ?? 0);
    if (taken < allowance.maxMembers) return;
    const counted = countPendingInvitations && pending?.n ? `${members?.n ?? 0} members and ${pending.n} pending invitation${pending.n === 1 ? "" : "s"}` : `${members?.n ?? 0} members`;
    throw new APIError("FORBIDDEN", {
      code: "MEMBER_LIMIT_REACHED",
      message: `The ${allowance.planName} plan allows ${allowance.maxMembers} members, and this organization has ${counted}. ${UPGRADE_HINT}`,
    });
  };
  return {
    beforeCreateInvitation: ({ organization, invitation }: { organization: { id: string }; invitation: { email: string } }) =>
      check(organization.id, { inviting: invitation.email }),
    beforeAcceptInvitation: ({ organization }: { organization: { id: string } }) => check(organization.id),
    beforeAddMember: ({ organization }: { organization: { id: string } }) => check(organization.id),
  };
}
