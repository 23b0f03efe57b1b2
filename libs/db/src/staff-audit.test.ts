import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffAuditLogTable } from "./schema/tables";
import { TENANT_ROLE } from "./schema/tenancy";
import { recordStaffAction, type StaffAction } from "./staff-audit";
import { createTestDatabase, createTestUser, expectPgError, PgError, type TestDatabase } from "./testing";

let t: TestDatabase;
let staff: { id: string; email: string };
beforeAll(async () => {
  t = await createTestDatabase();
  const user = await createTestUser(t.db);
  staff = { id: user.id, email: user.email };
});
afterAll(() => t.dispose());

const ban = (targetId: string): StaffAction => ({
  actor: staff,
  action: "user.ban",
  target: { type: "user", id: targetId },
  reason: "Chargeback fraud",
  before: { banned: false },
  after: { banned: true },
  request: { ip: "203.0.113.7", userAgent: "Firefox" },
});

describe("the staff audit log", () => {
  it("records an action in the action's transaction: committed with it, or not at all", async () => {
    await t.db.transaction((tx) => recordStaffAction(tx, ban("11111111-1111-4111-8111-111111111111")));
    await expect(
      t.db.transaction(async (tx) => {
        await recordStaffAction(tx, ban("22222222-2222-4222-8222-222222222222"));
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    const rows = await t.db.select().from(staffAuditLogTable);
    expect(rows.map((row) => row.targetId)).toEqual(["11111111-1111-4111-8111-111111111111"]);
    expect(rows[0]).toMatchObject({ actorId: staff.id, actorEmail: staff.email, action: "user.ban", reason: "Chargeback fraud", before: { banned: false }, after: { banned: true }, ip: "203.0.113.7" });
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE are refused even as the tables' owner, and the rows read back unchanged", async () => {
    const before = await t.db.select().from(staffAuditLogTable);
    expect(before.length).toBeGreaterThan(0);
    await expectPgError(t.db.update(staffAuditLogTable).set({ reason: "rewritten" }), PgError.insufficientPrivilege);
    await expectPgError(t.db.delete(staffAuditLogTable).where(eq(staffAuditLogTable.actorId, staff.id)), PgError.insufficientPrivilege);
    await expectPgError(t.db.execute(sql`truncate staff_audit_log`), PgError.insufficientPrivilege);
    expect(await t.db.select().from(staffAuditLogTable)).toEqual(before);
  });

  it("refuses an action name that is not dotted lower case, and tenant code cannot read it", async () => {
    await expectPgError(t.db.transaction((tx) => recordStaffAction(tx, { ...ban("x"), action: "Ban User" })), PgError.checkViolation);
    const [grant] = await t.db.execute<{ ok: boolean }>(sql`select has_table_privilege(${TENANT_ROLE}, 'public.staff_audit_log', 'SELECT') as ok`);
    expect(grant?.ok).toBe(false);
  });
});
