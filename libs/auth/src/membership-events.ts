import { memberTable, type Database } from "@saas/db";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { eq } from "drizzle-orm";
import { assertNotSoleOwner } from "./keep-an-owner";

export type MembershipChangeListener = (organizationId: string) => Promise<void>;

/**
 * Calls the listener after the member count of an organization changed, on every path that
 * changes it. Better Auth's organization hooks miss some (accepting an invitation is not an
 * "add member", leaving is not a "remove member"), so each path is wired explicitly here and in
 * `membershipHooks`. A failing listener is logged and does not fail the request: the change is
 * already committed, and billing reconciles seats on its own schedule.
 */
export function createMembershipNotifier(listener: MembershipChangeListener | undefined, logError: (message: string, error: unknown) => void) {
  return async (organizationId: string) => {
    if (!listener) return;
    try {
      await listener(organizationId);
    } catch (error) {
      logError(`onMembershipChange failed for organization ${organizationId}`, error);
    }
  };
}

type Notify = (organizationId: string) => Promise<void>;

/** For `organization({ organizationHooks })`: creation (the owner joins), add, accept, remove, delete. */
export function membershipHooks(notify: Notify) {
  return {
    // Fires for the creator member of a new organization too, so creation is covered here.
    afterAddMember: async ({ organization }: { organization: { id: string } }) => notify(organization.id),
    afterAcceptInvitation: async ({ organization }: { organization: { id: string } }) => notify(organization.id),
    afterRemoveMember: async ({ organization }: { organization: { id: string } }) => notify(organization.id),
    afterDeleteOrganization: async ({ organization }: { organization: { id: string } }) => notify(organization.id),
  };
}

/** `/organization/leave` has no organization hook; this after-hook covers it. */
export const membershipLeaveEvents = (notify: Notify) =>
  ({
    id: "saas-membership-leave",
    hooks: {
      after: [
        {
          matcher: (context) => context.path === "/organization/leave",
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as { organizationId?: unknown } | Error | undefined;
            if (!returned || returned instanceof Error || typeof returned.organizationId !== "string") return;
            await notify(returned.organizationId);
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;

/**
 * Deleting a user (the admin console's "remove user") cascades to their memberships in the
 * database. The organizations are read before the delete and notified after it. A user who is the
 * only owner of an organization is not deleted (keepAnOwnerGuard refuses earlier, before Better
 * Auth removes the sessions and password login; this is the last line for any other path).
 */
export function userDeletionHooks(db: Database, notify: Notify) {
  const pending = new Map<string, string[]>();
  return {
    before: async (user: { id: string }) => {
      await assertNotSoleOwner(db, { userId: user.id });
      const memberships = await db.select({ organizationId: memberTable.organizationId }).from(memberTable).where(eq(memberTable.userId, user.id));
      pending.set(user.id, memberships.map((membership) => membership.organizationId));
    },
    after: async (user: { id: string }) => {
      const organizationIds = pending.get(user.id) ?? [];
      pending.delete(user.id);
      for (const organizationId of organizationIds) await notify(organizationId);
    },
  };
}
