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

const paused = (message: string) => new APIError("PAYMENT_REQUIRED", { code: "PAYMENT_OVERDUE", message });

/**
 * The plan, on Better Auth's organization endpoints. The seat limit, on every path that adds someone: inviting (members plus invitations still
 * pending count, so a Free organization cannot send ten invitations and have them all accepted),
 * accepting, and adding a member directly. Two acceptances at the very same moment can still pass
 * the count together (no lock is taken across Better Auth's writes); seats are billed per member,
 * so such an overshoot is paid for, never free. And while a payment is overdue past its grace
 * period, inviting, renaming the organization and changing roles pause with every other write.
 */
export function memberLimitHooks(db: Database, allowanceOf: MemberAllowanceOf | undefined) {
  /** `inviting`: the address being invited (its own earlier invitation, replaced by this one, is not counted). */
  const check = async (organizationId: string, { inviting }: { inviting?: string } = {}) => {
    const countPendingInvitations = inviting !== undefined;
    if (!allowanceOf) return;
    const allowance = await allowanceOf(organizationId);
    if (allowance.blocked) throw paused(allowance.blocked);
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
  /** Changes Better Auth makes to an organization, paused with the rest while a payment is overdue. */
  const assertNotPaused = async (organizationId: string) => {
    const blocked = allowanceOf ? (await allowanceOf(organizationId)).blocked : null;
    if (blocked) throw paused(blocked);
  };
  return {
    // Renaming the organization and changing roles pause too; removing members and deleting the
    // organization do not (they lower what is billed, or end it).
    beforeUpdateOrganization: ({ member }: { member: { organizationId: string } }) => assertNotPaused(member.organizationId),
    beforeUpdateMemberRole: ({ organization }: { organization: { id: string } }) => assertNotPaused(organization.id),
    beforeCreateInvitation: ({ organization, invitation }: { organization: { id: string }; invitation: { email: string } }) =>
      check(organization.id, { inviting: invitation.email }),
    beforeAcceptInvitation: ({ organization }: { organization: { id: string } }) => check(organization.id),
    beforeAddMember: ({ organization }: { organization: { id: string } }) => check(organization.id),
  };
}
