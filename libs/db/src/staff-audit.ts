import { staffAuditLogTable } from "./schema/tables";
import type { Transaction } from "./tenant";

export interface StaffAction {
  actor: { id: string; email: string };
  /** e.g. `user.ban`, `user.impersonate.start`, `credits.adjust`, `billing_event.replay`. */
  action: string;
  target: { type: "user" | "organization" | "billing_event" | "session"; id: string };
  /** The organization the action concerns, if any. */
  organizationId?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  request?: { ip: string | null; userAgent: string | null };
}

/**
 * Records a staff action in the action's own transaction: the row exists if and only if the action
 * committed. The table is append-only (see its trigger).
 */
export async function recordStaffAction(tx: Transaction, entry: StaffAction): Promise<void> {
  await tx.insert(staffAuditLogTable).values({
    actorId: entry.actor.id,
    actorEmail: entry.actor.email,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    subjectOrganizationId: entry.organizationId ?? null,
    reason: entry.reason ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.request?.ip ?? null,
    userAgent: entry.request?.userAgent ?? null,
  });
}
