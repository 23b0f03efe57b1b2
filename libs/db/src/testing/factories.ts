import { randomBytes } from "node:crypto";
import type { Database } from "../client";
import { MemberRole } from "../schema/enums";
import { memberTable, organizationTable, userTable } from "../schema/tables";

/** Unique per call, so tests never collide on unique columns and can run in parallel. */
function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export async function createTestUser(
  db: Database,
  overrides: Partial<typeof userTable.$inferInsert> = {},
): Promise<typeof userTable.$inferSelect> {
  const suffix = uniqueSuffix();
  const [user] = await db
    .insert(userTable)
    .values({ name: `Test User ${suffix}`, email: `user-${suffix}@example.test`, emailVerified: true, ...overrides })
    .returning();
  if (!user) throw new Error("createTestUser: insert returned no row");
  return user;
}

/** An organization, with `owner` (created when not given) as its owner member. */
export async function createTestOrganization(
  db: Database,
  options: { owner?: typeof userTable.$inferSelect; name?: string } = {},
) {
  const suffix = uniqueSuffix();
  const owner = options.owner ?? (await createTestUser(db));
  const [organization] = await db
    .insert(organizationTable)
    .values({ name: options.name ?? `Test Org ${suffix}`, slug: `test-org-${suffix}` })
    .returning();
  if (!organization) throw new Error("createTestOrganization: insert returned no row");
  await db.insert(memberTable).values({ organizationId: organization.id, userId: owner.id, role: MemberRole.owner });
  return { organization, owner };
}
