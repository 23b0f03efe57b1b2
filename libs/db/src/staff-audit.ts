import { staffAuditLogTable } from "./schema/tables";
import type { SqlQueryable } from "./sql-client";
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

/** The row an entry becomes: one mapping for both writers below. */
function auditRow(entry: StaffAction) {
  return {
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
  };
}

/**
 * Records a staff action in the action's own transaction: the row exists if and only if the action
 * committed. The table is append-only (see its trigger).
 */
export async function recordStaffAction(tx: Transaction, entry: StaffAction): Promise<void> {
  await tx.insert(staffAuditLogTable).values(auditRow(entry));
}

/** The same, in a transaction of the postgres.js client itself (the billing inbox applies events in one). */
export async function recordStaffActionSql(tx: SqlQueryable, entry: StaffAction): Promise<void> {
  const row = auditRow(entry);
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  await tx`
    insert into staff_audit_log (actor_id, actor_email, action, target_type, target_id, subject_organization_id, reason, before, after, ip, user_agent)
    values (${row.actorId}, ${row.actorEmail}, ${row.action}, ${row.targetType}, ${row.targetId}, ${row.subjectOrganizationId}, ${row.reason},
      ${json(row.before)}::jsonb, ${json(row.after)}::jsonb, ${row.ip}, ${row.userAgent})`;
}
