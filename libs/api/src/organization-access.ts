import { roleCan, type Permissions } from "@saas/auth";
import { getEntitlements, overdueMessage, type Entitlements } from "@saas/billing";
import type { ActiveMembership, Database, Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import type { ApiContext } from "./context";
import { assertNotImpersonating } from "./impersonation";

export interface OrganizationAccess {
  tx: Transaction;
  organization: ActiveMembership["organization"];
  member: { id: string; role: ActiveMembership["role"]; userId: string };
  user: { id: string; name: string; email: string };
  /**
   * Work to start once this transaction has committed (never if it rolls back), off the request:
   * it gets the unrestricted database handle and must enter the tenant wall itself.
   */
  afterCommit(task: (db: Database) => Promise<unknown>): void;
  /** What the organization's plan and payment status allow now (read once per request). */
  entitlements(): Promise<Entitlements>;
}

export interface AccessOptions {
  write: boolean;
  permission?: Permissions;
  /**
   * A write that stays possible while a payment is overdue past its grace period (fixing the
   * payment itself). Every other write is refused then; reads and export never are.
   */
  allowedWhileOverdue?: boolean;
  /** A read that tolerates lag (a large export): on the read replica, see `ReadRouting`. */
  replica?: boolean;
}

/** Why a role may not do something, as the person reads it. */
function refusal(permission: Permissions): AppError {
  const asked = Object.entries(permission).flatMap(([resource, actions]) => (actions ?? []).map((action) => `${action} ${resource}s`));
  return new AppError("FORBIDDEN", `Your role does not allow this (${asked.join(", ")}). Ask an owner or admin of the organization.`, {
    reason: "ROLE_NOT_ALLOWED",
  });
}

function overdueRefusal(entitlements: Entitlements): AppError {
  return new AppError("PAYMENT_REQUIRED", overdueMessage(entitlements), { reason: "PAYMENT_OVERDUE" });
}

/**
 * The organization tier's check, for every entry point (tRPC procedures, and route handlers that
 * stream or upload): for a write, a request from this app's own pages and a session read fresh
 * from the database; a membership of the active
 * organization read in the transaction's first statement, the permission asked for, and for a
 * write a payment that is not overdue past its grace period; then `fn` inside that transaction,
 * as the restricted tenant role. The transaction commits only if `fn` returns.
 */
export async function asOrganizationMember<T>(
  ctx: ApiContext,
  { write, permission, allowedWhileOverdue = false, replica = false }: AccessOptions,
  fn: (access: OrganizationAccess) => Promise<T>,
): Promise<T> {
  if (write) ctx.assertSameSite();
  if (write && replica) throw new Error("asOrganizationMember: a write cannot run on the read replica");
  const session = await ctx.getSession({ fresh: write });
  if (!session) throw new AppError("UNAUTHORIZED", "Sign in to continue.", { reason: "SIGNED_OUT" });
  if (write) assertNotImpersonating(session);
  const afterCommit: ((db: Database) => Promise<unknown>)[] = [];
  const run = await ctx.db.withMember(
    { userId: session.user.id, preferredOrganizationId: session.session.activeOrganizationId },
    async (tx, membership) => {
      if (permission && !roleCan(membership.role, permission)) throw refusal(permission);
      let entitlements: Promise<Entitlements> | undefined;
      const entitlementsNow = () => (entitlements ??= getEntitlements(tx, { organizationId: membership.organization.id, catalog: ctx.billing?.catalog ?? null }));
      if (write && !allowedWhileOverdue) {
        const now = await entitlementsNow();
        if (!now.writable) throw overdueRefusal(now);
      }
      return fn({
        tx,
        organization: membership.organization,
        member: { id: membership.memberId, role: membership.role, userId: session.user.id },
        user: { id: session.user.id, name: session.user.name, email: session.user.email },
        afterCommit: (task) => afterCommit.push(task),
        entitlements: entitlementsNow,
      });
    },
    { replica },
  );
  if (!run) throw new AppError("FORBIDDEN", "Create an organization, or accept an invitation to one, first.", { reason: "NO_ORGANIZATION" });
  for (const task of afterCommit) ctx.background(() => task(ctx.db));
  return run.result;
}

/**
 * A response body streamed from inside the organization tier's transaction (a large export:
 * constant memory), read on the replica when there is one, once it has caught up with the primary. Resolves once access is granted and the first chunk is
 * ready, or rejects with the refusal, so the caller can still answer with an error status; the
 * transaction stays open until the stream ends or the client goes away.
 */
export function openOrganizationStream(
  ctx: ApiContext,
  access: { permission?: Permissions },
  produce: (access: OrganizationAccess) => AsyncGenerator<string>,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  return new Promise((resolve, reject) => {
    let opened = false;
    asOrganizationMember(ctx, { write: false, replica: true, ...access }, async (granted) => {
      const chunks = produce(granted);
      // The first chunk before answering: a refusal it raises (not found) is still an error status.
      const first = await chunks.next();
      return new Promise<void>((finish, fail) => {
        opened = true;
        let pending: IteratorResult<string> | null = first;
        resolve(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              try {
                const next = pending ?? (await chunks.next());
                pending = null;
                if (next.done) {
                  controller.close();
                  finish();
                } else {
                  controller.enqueue(encoder.encode(next.value));
                }
              } catch (error) {
                controller.error(error);
                fail(error);
              }
            },
            async cancel() {
              await chunks.return(undefined);
              finish();
            },
          }),
        );
      });
    }).catch((error: unknown) => {
      if (!opened) reject(error);
      else ctx.log.error({ err: error, requestId: ctx.requestId }, "streamed response failed");
    });
  });
}
