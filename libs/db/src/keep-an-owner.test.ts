import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemberRole } from "./schema/enums";
import { memberTable, organizationTable, userTable } from "./schema/tables";
import { createTestDatabase, createTestOrganization, createTestUser, expectPgError, PgError, type TestDatabase } from "./testing";

// Migration 0002: an organization with members always has an owner, even when two requests race.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

async function organizationWithTwoOwnersAndAMember() {
  const { organization, owner } = await createTestOrganization(t.db);
  const coOwner = await createTestUser(t.db);
  const member = await createTestUser(t.db);
  await t.db.insert(memberTable).values([
    { organizationId: organization.id, userId: coOwner.id, role: MemberRole.owner },
    { organizationId: organization.id, userId: member.id, role: MemberRole.member },
  ]);
  return { organization, owner, coOwner, member };
}

const rolesOf = async (organizationId: string) =>
  (await t.db.select({ userId: memberTable.userId, role: memberTable.role }).from(memberTable).where(eq(memberTable.organizationId, organizationId))).map((row) => row.role).sort();

const demote = (organizationId: string, userId: string) =>
  t.db.update(memberTable).set({ role: MemberRole.member }).where(and(eq(memberTable.organizationId, organizationId), eq(memberTable.userId, userId)));

describe("every organization keeps an owner", () => {
  it("refuses demoting or deleting the last owner while members remain", async () => {
    const { organization, owner, coOwner } = await organizationWithTwoOwnersAndAMember();
    await demote(organization.id, coOwner.id);
    await expectPgError(demote(organization.id, owner.id), PgError.checkViolation);
    await expectPgError(t.db.delete(memberTable).where(and(eq(memberTable.organizationId, organization.id), eq(memberTable.userId, owner.id))), PgError.checkViolation);
    expect(await rolesOf(organization.id)).toEqual(["member", "member", "owner"]);
  });

  it("keeps one owner when both demote each other concurrently", async () => {
    const { organization, owner, coOwner } = await organizationWithTwoOwnersAndAMember();
    const results = await Promise.allSettled([demote(organization.id, owner.id), demote(organization.id, coOwner.id)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await rolesOf(organization.id)).toEqual(["member", "member", "owner"]);
  });

  it("allows deleting the organization, and deleting a user who owned it", async () => {
    const first = await organizationWithTwoOwnersAndAMember();
    // Better Auth deletes the members first, all in one statement, then the organization.
    await t.db.delete(memberTable).where(eq(memberTable.organizationId, first.organization.id));
    await t.db.delete(organizationTable).where(eq(organizationTable.id, first.organization.id));
    expect(await rolesOf(first.organization.id)).toEqual([]);

    const { organization, owner } = await createTestOrganization(t.db);
    await t.db.delete(userTable).where(eq(userTable.id, owner.id));
    expect(await rolesOf(organization.id)).toEqual([]);
  });

  it("leaves other role changes alone", async () => {
    const { organization, member } = await organizationWithTwoOwnersAndAMember();
    await t.db.update(memberTable).set({ role: MemberRole.admin }).where(eq(memberTable.userId, member.id));
    await t.db.delete(memberTable).where(eq(memberTable.userId, member.id));
    expect(await rolesOf(organization.id)).toEqual(["owner", "owner"]);
  });
});
