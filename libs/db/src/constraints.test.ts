import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  aiChatTable,
  billingEventTable,
  invitationTable,
  leadTable,
  memberTable,
  orderItemTable,
  orderTable,
  organizationTable,
  sessionTable,
  subscriptionItemTable,
  subscriptionTable,
  userTable,
  accountTable,
} from "./schema";
import {
  createTestDatabase,
  createTestOrganization,
  createTestUser,
  expectPgError,
  PgError,
  type TestDatabase,
} from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

/** An organization with one row in every table that hangs off it. */
async function organizationWithEverything() {
  const { db } = t;
  const { organization, owner } = await createTestOrganization(db);
  const suffix = organization.slug;
  const [lead] = await db
    .insert(leadTable)
    .values({ organizationId: organization.id, firstName: "Ada", lastName: "Lovelace", assignedToId: owner.id })
    .returning();
  await db.insert(aiChatTable).values({ organizationId: organization.id, userId: owner.id });
  const [invitation] = await db
    .insert(invitationTable)
    .values({
      organizationId: organization.id,
      email: `invitee-${suffix}@example.test`,
      inviterId: owner.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  const subscriptionId = `sub_${suffix}`;
  await db.insert(subscriptionTable).values({
    id: subscriptionId,
    organizationId: organization.id,
    stripeCustomerId: `cus_${suffix}`,
    status: "active",
  });
  await db.insert(subscriptionItemTable).values({
    id: `si_${suffix}`,
    subscriptionId,
    organizationId: organization.id,
    stripePriceId: "price_pro_monthly",
    stripeProductId: "prod_pro",
  });
  const [order] = await db
    .insert(orderTable)
    .values({ organizationId: organization.id, stripeCheckoutSessionId: `cs_${suffix}`, amountTotal: 5000 })
    .returning();
  if (!order || !lead || !invitation) throw new Error("fixture insert returned no row");
  await db.insert(orderItemTable).values({
    orderId: order.id,
    organizationId: organization.id,
    stripePriceId: "price_credits",
    description: "1,000 credits",
    unitAmount: 5000,
    amountTotal: 5000,
  });
  const [event] = await db
    .insert(billingEventTable)
    .values({
      stripeEventId: `evt_${suffix}`,
      type: "customer.subscription.created",
      organizationId: organization.id,
      stripeCreated: 1_700_000_000,
      payload: { id: `evt_${suffix}` },
    })
    .returning();
  const [session] = await db
    .insert(sessionTable)
    .values({
      userId: owner.id,
      token: `token-${suffix}`,
      expiresAt: new Date(Date.now() + 86_400_000),
      activeOrganizationId: organization.id,
    })
    .returning();
  if (!event || !session) throw new Error("fixture insert returned no row");
  return { organization, owner, lead, invitation, order, event, session, subscriptionId };
}

describe("CHECK constraints refuse a value outside its enum, and the row stays as it was", () => {
  const cases = [
    { table: "user", column: "role", pick: "owner" },
    { table: "member", column: "role", pick: "user" },
    { table: "invitation", column: "role", pick: "superuser" },
    { table: "invitation", column: "status", pick: "maybe" },
    { table: "lead", column: "status", pick: "bogus" },
    { table: "lead", column: "source", pick: "carrier-pigeon" },
    { table: "subscription", column: "status", pick: "ACTIVE" },
    { table: "order", column: "status", pick: "shipped" },
    { table: "billing_event", column: "status", pick: "done" },
  ] as const;

  it.each(cases)("$table.$column = '$pick'", async ({ table, column, pick }) => {
    await organizationWithEverything();
    const target = sql.identifier(table);
    const col = sql.identifier(column);
    const before = await t.db.execute(sql`select id, ${col} as value from ${target} order by id`);
    await expectPgError(t.db.execute(sql`update ${target} set ${col} = ${pick}`), PgError.checkViolation);
    const after = await t.db.execute(sql`select id, ${col} as value from ${target} order by id`);
    expect(after).toEqual(before);
  });

  it("a bad lead status is refused on insert too, and nothing is inserted", async () => {
    const { organization } = await createTestOrganization(t.db);
    await expectPgError(
      t.db.execute(
        sql`insert into lead (organization_id, first_name, status) values (${organization.id}, 'Bob', 'bogus')`,
      ),
      PgError.checkViolation,
    );
    const rows = await t.db.select().from(leadTable).where(eq(leadTable.organizationId, organization.id));
    expect(rows).toEqual([]);
  });

  it("other checks: negative estimated value, blank first name, malformed slug", async () => {
    const { organization } = await createTestOrganization(t.db);
    await expectPgError(
      t.db.insert(leadTable).values({ organizationId: organization.id, firstName: "Neg", estimatedValue: -1 }),
      PgError.checkViolation,
    );
    await expectPgError(
      t.db.insert(leadTable).values({ organizationId: organization.id, firstName: "   " }),
      PgError.checkViolation,
    );
    await expectPgError(
      t.db.insert(organizationTable).values({ name: "Bad", slug: "Not A Slug" }),
      PgError.checkViolation,
    );
    const rows = await t.db.select().from(leadTable).where(eq(leadTable.organizationId, organization.id));
    expect(rows).toEqual([]);
  });
});

describe("unique constraints", () => {
  it("refuse a duplicate membership and keep the original role", async () => {
    const { organization, owner } = await createTestOrganization(t.db);
    await expectPgError(
      t.db.insert(memberTable).values({ organizationId: organization.id, userId: owner.id, role: "member" }),
      PgError.uniqueViolation,
    );
    const members = await t.db.select().from(memberTable).where(eq(memberTable.organizationId, organization.id));
    expect(members).toHaveLength(1);
    expect(members[0]?.role).toBe("owner");
  });

  it("refuse a duplicate user email, organization slug, session token and Stripe event id", async () => {
    const { organization, owner, session, event } = await organizationWithEverything();
    await expectPgError(createTestUser(t.db, { email: owner.email }), PgError.uniqueViolation);
    await expectPgError(
      t.db.insert(organizationTable).values({ name: "Copy", slug: organization.slug }),
      PgError.uniqueViolation,
    );
    await expectPgError(
      t.db.insert(sessionTable).values({ userId: owner.id, token: session.token, expiresAt: new Date() }),
      PgError.uniqueViolation,
    );
    await expectPgError(
      t.db.insert(billingEventTable).values({
        stripeEventId: event.stripeEventId,
        type: "invoice.paid",
        stripeCreated: 1,
        payload: {},
      }),
      PgError.uniqueViolation,
    );
    const events = await t.db
      .select()
      .from(billingEventTable)
      .where(eq(billingEventTable.stripeEventId, event.stripeEventId));
    expect(events).toEqual([event]);
  });

  it("refuse a second account for the same provider account", async () => {
    const user = await createTestUser(t.db);
    await t.db.insert(accountTable).values({ userId: user.id, accountId: "gh-1", providerId: "github" });
    const other = await createTestUser(t.db);
    await expectPgError(
      t.db.insert(accountTable).values({ userId: other.id, accountId: "gh-1", providerId: "github" }),
      PgError.uniqueViolation,
    );
  });
});

describe("foreign keys", () => {
  const missing = "00000000-0000-4000-8000-000000000000";

  it("refuse a member of a missing organization, or of a missing user", async () => {
    const user = await createTestUser(t.db);
    await expectPgError(
      t.db.insert(memberTable).values({ organizationId: missing, userId: user.id }),
      PgError.foreignKeyViolation,
    );
    const { organization } = await createTestOrganization(t.db);
    await expectPgError(
      t.db.insert(memberTable).values({ organizationId: organization.id, userId: missing }),
      PgError.foreignKeyViolation,
    );
    const memberships = await t.db.select().from(memberTable).where(eq(memberTable.userId, user.id));
    expect(memberships).toEqual([]);
  });

  it("refuse a lead, chat or subscription of a missing organization", async () => {
    const user = await createTestUser(t.db);
    await expectPgError(
      t.db.insert(leadTable).values({ organizationId: missing, firstName: "Orphan" }),
      PgError.foreignKeyViolation,
    );
    await expectPgError(
      t.db.insert(aiChatTable).values({ organizationId: missing, userId: user.id }),
      PgError.foreignKeyViolation,
    );
    await expectPgError(
      t.db
        .insert(subscriptionTable)
        .values({ id: "sub_orphan", organizationId: missing, stripeCustomerId: "cus_x", status: "active" }),
      PgError.foreignKeyViolation,
    );
  });

  it("deleting an organization removes its members, invitations, leads, chats and billing rows, and nothing else", async () => {
    const doomed = await organizationWithEverything();
    const kept = await organizationWithEverything();
    await t.db.delete(organizationTable).where(eq(organizationTable.id, doomed.organization.id));

    const countFor = async (table: string, organizationId: string) => {
      const [row] = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId}`,
      );
      return row?.n;
    };
    const tables = [
      "member",
      "invitation",
      "lead",
      "ai_chat",
      "subscription",
      "subscription_item",
      "order",
      "order_item",
      "billing_event",
    ];
    for (const table of tables) {
      expect({ table, n: await countFor(table, doomed.organization.id) }).toEqual({ table, n: 0 });
      expect({ table, n: await countFor(table, kept.organization.id) }).toEqual({ table, n: 1 });
    }
    // The people stay; their session just loses its active organization.
    const [owner] = await t.db.select().from(userTable).where(eq(userTable.id, doomed.owner.id));
    expect(owner?.id).toBe(doomed.owner.id);
    const [session] = await t.db.select().from(sessionTable).where(eq(sessionTable.id, doomed.session.id));
    expect(session?.activeOrganizationId).toBeNull();
  });

  it("deleting a user removes their sessions and memberships and unassigns their leads", async () => {
    const { owner, lead, organization } = await organizationWithEverything();
    await t.db.delete(userTable).where(eq(userTable.id, owner.id));
    expect(await t.db.select().from(sessionTable).where(eq(sessionTable.userId, owner.id))).toEqual([]);
    expect(await t.db.select().from(memberTable).where(eq(memberTable.userId, owner.id))).toEqual([]);
    const [kept] = await t.db.select().from(leadTable).where(eq(leadTable.id, lead.id));
    expect(kept).toMatchObject({ organizationId: organization.id, assignedToId: null });
  });
});
