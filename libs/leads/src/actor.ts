import { roleCan } from "@saas/auth/permissions";
import { memberTable, type MemberRole, type Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import { and, eq } from "drizzle-orm";

/** The member acting: who they are and their role in the organization. */
export interface Actor {
  userId: string;
  role: MemberRole;
}

/** Whether the actor may give leads to, or take them from, people other than themselves. */
export const mayAssignOthers = (actor: Actor) => roleCan(actor.role, { lead: ["assign"] });

/**
 * Every member may take a lead that is theirs or nobody's, and give it back; moving a lead to or
 * from someone else is for owners and admins (`lead: ["assign"]`).
 */
export function assertMayAssign(actor: Actor, from: string | null, to: string | null) {
  if (from === to || mayAssignOthers(actor)) return;
  const own = (userId: string | null) => userId === null || userId === actor.userId;
  if (own(from) && own(to)) return;
  throw new AppError("FORBIDDEN", "Only owners and admins can assign leads to someone else. You can assign leads to yourself.", {
    reason: "ASSIGN_OTHERS",
    fieldErrors: { assignedToId: "Only owners and admins can assign leads to someone else" },
  });
}

/**
 * The assignee must be a member of the lead's organization. The database refuses anyone else (a
 * composite foreign key to member); asking first turns that into an error that names the field.
 */
export async function assertAssignable(tx: Transaction, organizationId: string, userId: string | null) {
  if (userId === null) return;
  const [member] = await tx
    .select({ id: memberTable.id })
    .from(memberTable)
    .where(and(eq(memberTable.organizationId, organizationId), eq(memberTable.userId, userId)));
  if (!member) {
    throw new AppError("BAD_REQUEST", "The assignee is not a member of this organization.", {
      reason: "NOT_A_MEMBER",
      fieldErrors: { assignedToId: "Choose a member of this organization" },
    });
  }
}
