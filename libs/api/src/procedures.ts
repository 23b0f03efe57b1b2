import { roleCan, staffAccessOf, STAFF_ACCESS_MESSAGES, type Permissions } from "@saas/auth";
import type { ActiveMembership, Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import { baseProcedure } from "./trpc";

/**
 * The procedure tiers. Each one narrows the context, so a procedure of a tier never needs a `!`:
 *
 *   public        anyone
 *   protected     a session (`ctx.user`, `ctx.session`); mutations re-read it from the database
 *                 rather than trusting the cookie cache, so a revoked session cannot write
 *   organization  a member of the active organization, read from the database on every call
 *                 (`ctx.organization`, `ctx.member` with its typed role), a permission declared in
 *                 `.meta({ permission })`, and `ctx.tenant(fn)`: the request's one transaction, as
 *                 the restricted tenant role with the organization and the acting user set — tenant
 *                 procedures get no other database handle
 *   staff         a platform admin with two-factor authentication, signed in as themselves (not
 *                 impersonating), re-read from the database on every call
 */
export const publicProcedure = baseProcedure;

export const protectedProcedure = baseProcedure.use(async ({ ctx, type, next }) => {
  const session = await ctx.getSession({ fresh: type === "mutation" });
  if (!session) throw new AppError("UNAUTHORIZED", "Sign in to continue.", { reason: "SIGNED_OUT" });
  return next({ ctx: { session: session.session, user: session.user } });
});

/** Why a role may not do something, as the person reads it. */
function refusal(permission: Permissions): AppError {
  const asked = Object.entries(permission).flatMap(([resource, actions]) => (actions ?? []).map((action) => `${action} ${resource}s`));
  return new AppError("FORBIDDEN", `Your role does not allow this (${asked.join(", ")}). Ask an owner or admin of the organization.`, {
    reason: "ROLE_NOT_ALLOWED",
  });
}

export const organizationProcedure = protectedProcedure.use(async ({ ctx, meta, next }) => {
  // The membership is read and the tenant entered in the transaction's first statement; the
  // procedure runs inside that transaction, which commits only if it succeeds.
  const run = await ctx.db.withMember(
    { userId: ctx.user.id, preferredOrganizationId: ctx.session.activeOrganizationId },
    async (tx: Transaction, membership: ActiveMembership) => {
      if (meta?.permission && !roleCan(membership.role, meta.permission)) throw refusal(meta.permission);
      const result = await next({
        ctx: {
          // No unrestricted handle below this tier: tenant data only through ctx.tenant.
          db: undefined,
          organization: membership.organization,
          member: { id: membership.memberId, role: membership.role, userId: ctx.user.id },
          tenant: <T>(fn: (tx: Transaction) => Promise<T>) => fn(tx),
        },
      });
      // tRPC hands a failed procedure back as `{ ok: false }` instead of throwing: without this
      // line the transaction would COMMIT the writes of a procedure that failed.
      if (!result.ok) throw result.error;
      return result;
    },
  );
  if (!run) {
    throw new AppError("FORBIDDEN", "Create an organization, or accept an invitation to one, first.", { reason: "NO_ORGANIZATION" });
  }
  return run.result;
});

export const staffProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const session = await ctx.getSession({ fresh: true });
  const access = staffAccessOf(session);
  if (access !== "ok" || !session) {
    throw new AppError(access === "signed-out" ? "UNAUTHORIZED" : "FORBIDDEN", STAFF_ACCESS_MESSAGES[access === "ok" ? "signed-out" : access], {
      reason: `STAFF_${access.toUpperCase().replaceAll("-", "_")}`,
    });
  }
  return next({ ctx: { session: session.session, user: session.user } });
});
