import { staffAccessOf, STAFF_ACCESS_MESSAGES } from "@saas/auth";
import { recordStaffAction, type Transaction } from "@saas/db";
import type { RecordAudit } from "@saas/staff";
import { AppError } from "@saas/errors";
import type { ApiContext } from "./context";
import { assertNotImpersonating } from "./impersonation";
import { asOrganizationMember, type AccessOptions } from "./organization-access";
import { baseProcedure, type ApiMeta } from "./trpc";

/**
 * The procedure tiers. Each one narrows the context, so a procedure of a tier never needs a `!`:
 *
 *   public        anyone
 *   protected     a session (`ctx.user`, `ctx.session`); a mutation must come from this app's own
 *                 pages (no cross-site forgery) and re-reads the session from the database rather
 *                 than trusting the cookie cache, so a revoked session cannot write; an
 *                 impersonation session cannot write at all
 *   organization  a member of the active organization, read from the database on every call
 *                 (`ctx.organization`, `ctx.member` with its typed role), a permission declared in
 *                 `.meta({ permission })`, and `ctx.tenant(fn)`: the request's one transaction, as
 *                 the restricted tenant role with the organization and the acting user set — tenant
 *                 procedures get no other database handle — and `ctx.afterCommit(task)` for work
 *                 to start once it has committed; `ctx.entitlements()`: what the plan allows.
 *                 A write is refused while a payment is overdue past its grace period, unless
 *                 the procedure declares `.meta({ allowedWhileOverdue: true })`
 *   organization  the same checks, in a short transaction of their own that has ended before the
 *    outbound     procedure runs: for procedures that call another service (Stripe, a model),
 *                 which must never wait inside a transaction. No tenant handle: such a procedure
 *                 calls a service that scopes itself by `ctx.organization.id`
 *   staff         a platform admin with two-factor authentication, signed in as themselves (not
 *                 impersonating), re-read from the database on every call
 *   staff action  the same, for a mutation: one transaction (`ctx.tx`, no other handle) in which
 *                 the action records exactly one audit entry (`ctx.audit`), with who, from where
 *                 and why — the entry commits with the change or neither does
 *   staff         for a staff action whose service runs its own transaction (a replay reads Stripe
 *    service      first): none around it; the service audits in the transaction that applies
 *    action       the change
 */
export const publicProcedure = baseProcedure;

const accessOf = (type: string, meta: ApiMeta | undefined): AccessOptions => ({
  write: type === "mutation",
  permission: meta?.permission,
  allowedWhileOverdue: meta?.allowedWhileOverdue,
});

export const protectedProcedure = baseProcedure.use(async ({ ctx, type, next }) => {
  if (type === "mutation") ctx.assertSameSite();
  const session = await ctx.getSession({ fresh: type === "mutation" });
  if (!session) throw new AppError("UNAUTHORIZED", "Sign in to continue.", { reason: "SIGNED_OUT" });
  if (type === "mutation") assertNotImpersonating(session);
  return next({ ctx: { session: session.session, user: session.user } });
});

export const organizationProcedure = protectedProcedure.use(({ ctx, meta, type, next }) =>
  asOrganizationMember(ctx, accessOf(type, meta), async ({ tx, organization, member, afterCommit, entitlements }) => {
    const result = await next({
      ctx: {
        // No unrestricted handle below this tier: tenant data only through ctx.tenant.
        db: undefined,
        organization,
        member,
        tenant: <T>(fn: (tx: Transaction) => Promise<T>) => fn(tx),
        afterCommit,
        entitlements,
      },
    });
    // tRPC hands a failed procedure back as `{ ok: false }` instead of throwing: without this
    // line the transaction would COMMIT the writes of a procedure that failed.
    if (!result.ok) throw result.error;
    return result;
  }),
);

export const organizationOutboundProcedure = protectedProcedure.use(async ({ ctx, meta, type, next }) => {
  const { organization, member, entitlements } = await asOrganizationMember(ctx, accessOf(type, meta), async (access) => ({
    organization: access.organization,
    member: access.member,
    entitlements: await access.entitlements(),
  }));
  return next({ ctx: { db: undefined, organization, member, entitlements: async () => entitlements } });
});

/**
 * Staff access, re-read from the database on every call: a platform admin with 2FA, not banned,
 * signed in as themselves. For procedures (the tiers below) and route handlers (CSV downloads).
 */
export async function assertStaffAccess(ctx: ApiContext, { write }: { write: boolean }) {
  if (write) ctx.assertSameSite();
  const session = await ctx.getSession({ fresh: true });
  const access = staffAccessOf(session);
  if (access !== "ok" || !session) {
    throw new AppError(access === "signed-out" ? "UNAUTHORIZED" : "FORBIDDEN", STAFF_ACCESS_MESSAGES[access === "ok" ? "signed-out" : access], {
      reason: `STAFF_${access.toUpperCase().replaceAll("-", "_")}`,
    });
  }
  return session;
}

const staffAccessProcedure = baseProcedure.use(async ({ ctx, type, next }) => {
  const session = await assertStaffAccess(ctx, { write: type === "mutation" });
  return next({ ctx: { session: session.session, user: session.user } });
});

/** Staff reads. A staff write is a staff action (audited): this tier refuses to run one. */
export const staffProcedure = staffAccessProcedure.use(({ type, path, next }) => {
  if (type !== "query") throw new Error(`${path}: staff writes are built on staffActionProcedure, which audits them`);
  return next();
});

/** Who acts, and from where, as the audit log records it. */
const staffActorOf = (ctx: { user: { id: string; email: string }; auth: { clientIp(headers: Headers): string | null }; headers: Headers }) => ({
  actor: { id: ctx.user.id, email: ctx.user.email },
  request: { ip: ctx.auth.clientIp(ctx.headers), userAgent: ctx.headers.get("user-agent") },
});

export const staffActionProcedure = staffAccessProcedure.use(({ ctx, next }) => {
  const { actor, request } = staffActorOf(ctx);
  return ctx.db.transaction(async (tx) => {
    let recorded = 0;
    const audit: RecordAudit = async (entry) => {
      await recordStaffAction(tx, { ...entry, actor, request });
      recorded += 1;
    };
    const result = await next({ ctx: { db: undefined, tx, audit } });
    if (!result.ok) throw result.error; // rolls the action back (see organizationProcedure)
    if (recorded !== 1) throw new Error(`A staff action must record exactly one audit entry; this one recorded ${recorded}.`);
    return result;
  });
});

/**
 * A staff action whose service runs its own transaction: a replay reads Stripe first (no
 * transaction may wait on it), linking a customer goes through the billing inbox's SQL. The
 * service records the audit entry in the transaction that applies the change (`ctx.staffActor`
 * says who and from where); its tests check there is exactly one.
 */
export const staffServiceActionProcedure = staffAccessProcedure.use(({ ctx, next }) => next({ ctx: { staffActor: staffActorOf(ctx) } }));
