import type { Database } from "@saas/db";
import { UserRole } from "@saas/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { listSoleOwnedOrganizations } from "./organizations";

export const SOLE_OWNER_CODE = "USER_IS_THE_ONLY_OWNER";

/**
 * Refuses to delete a user who is the only owner of an organization, naming the organizations.
 * Deleting a user cascades to their memberships, and the keep-an-owner trigger lets cascades
 * through (so an organization can be deleted with its members); without this check, removing
 * that user would leave organizations nobody can manage or pay for.
 */
export async function assertNotSoleOwner(db: Database, { userId }: { userId: string }): Promise<void> {
  const organizations = await listSoleOwnedOrganizations(db, { userId });
  if (organizations.length === 0) return;
  const names = organizations.map((organization) => `"${organization.name}"`).join(", ");
  throw new APIError("CONFLICT", {
    code: SOLE_OWNER_CODE,
    message:
      `This account is the only owner of ${organizations.length === 1 ? "the organization" : "the organizations"} ${names}. ` +
      "Make someone else an owner there, or delete the organization, before removing the account.",
  });
}

/**
 * Runs the check before `/admin/remove-user` (and `/delete-user`, should it ever be turned on)
 * does anything: Better Auth deletes the user's sessions and password login before the user row,
 * so the `user.delete.before` database hook alone would refuse too late, with the account half
 * gone. That hook still runs the check, as a last line for any other path to deleteUser.
 */
export const keepAnOwnerGuard = (db: Database) =>
  ({
    id: "saas-keep-an-owner",
    hooks: {
      before: [
        {
          matcher: (context) => context.path === "/admin/remove-user" || context.path === "/delete-user",
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx);
            if (ctx.path === "/admin/remove-user") {
              // Only a platform admin learns which organizations: anyone else is refused by the endpoint itself.
              const userId = (ctx.body as { userId?: unknown } | undefined)?.userId;
              const role = (session?.user as { role?: string | null } | undefined)?.role;
              if (role !== UserRole.admin || typeof userId !== "string") return;
              await assertNotSoleOwner(db, { userId });
              return;
            }
            if (!session || !ctx.context.options.user?.deleteUser?.enabled) return;
            await assertNotSoleOwner(db, { userId: session.user.id });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
