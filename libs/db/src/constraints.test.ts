import { randomBytes } from "node:crypto";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  aiChatTable,
  aiMessageTable,
  billingEventTable,
  creditTransactionTable,
  leadTable,
  memberTable,
  orderItemTable,
  orderTable,
  organizationTable,
  sessionTable,
  subscriptionItemTable,
  subscriptionTable,
  twoFactorTable,
  userTable,
  accountTable,
} from "./schema";
import {
  createTestDatabase,
  createTestOrganization,
  createTestTenant,
  createTestUser,
  expectPgError,
  PgError,
  type TestDatabase,
  type TestTenant,
} from "./testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

/** An organization with one row in every table that hangs off it. */
const organizationWithEverything = () => createTestTenant(t.db);

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
    { table: "credit_transaction", column: "reason", pick: "gift" },
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

describe("CHECK constraints on quantities, amounts, counters and shapes", () => {
  // Each sets one column of the fixture's row to a value the database must refuse.
  const cases: { name: string; table: string; column: string; value: SQL; row: (x: TestTenant) => string }[] = [
    { name: "subscription_item.quantity < 0", table: "subscription_item", column: "quantity", value: sql`-1`, row: (x) => x.subscriptionItem.id },
    { name: "subscription.quantity < 0", table: "subscription", column: "quantity", value: sql`-1`, row: (x) => x.subscription.id },
    { name: "order_item.quantity = 0", table: "order_item", column: "quantity", value: sql`0`, row: (x) => x.orderItem.id },
    { name: "order_item.quantity < 0", table: "order_item", column: "quantity", value: sql`-3`, row: (x) => x.orderItem.id },
    { name: "order_item.unit_amount < 0", table: "order_item", column: "unit_amount", value: sql`-1`, row: (x) => x.orderItem.id },
    { name: "order_item.amount_total < 0", table: "order_item", column: "amount_total", value: sql`-1`, row: (x) => x.orderItem.id },
    { name: "order.amount_total < 0", table: "order", column: "amount_total", value: sql`-1`, row: (x) => x.order.id },
    { name: "order.amount_refunded < 0", table: "order", column: "amount_refunded", value: sql`-1`, row: (x) => x.order.id },
    { name: "ai_message.parts an object", table: "ai_message", column: "parts", value: sql`'{"type":"text"}'::jsonb`, row: (x) => x.aiMessage.id },
    { name: "ai_message.parts a string", table: "ai_message", column: "parts", value: sql`'"hello"'::jsonb`, row: (x) => x.aiMessage.id },
    { name: "ai_message.parts JSON null", table: "ai_message", column: "parts", value: sql`'null'::jsonb`, row: (x) => x.aiMessage.id },
    { name: "ai_message.role unknown", table: "ai_message", column: "role", value: sql`'system'`, row: (x) => x.aiMessage.id },
    { name: "ai_usage.credits over the reservation", table: "ai_usage", column: "credits", value: sql`reserved_credits + 1`, row: (x) => x.aiUsage.id },
    { name: "ai_usage.allowance_credits over credits", table: "ai_usage", column: "allowance_credits", value: sql`credits + 1`, row: (x) => x.aiUsage.id },
    { name: "ai_usage.reserved_credits = 0", table: "ai_usage", column: "reserved_credits", value: sql`0`, row: (x) => x.aiUsage.id },
    { name: "billing_event.attempts < 0", table: "billing_event", column: "attempts", value: sql`-1`, row: (x) => x.billingEvent.id },
    { name: "credit_transaction.amount = 0", table: "credit_transaction", column: "amount", value: sql`0`, row: (x) => x.creditTransaction.id },
  ];

  it.each(cases)("$name is refused and the row reads back unchanged", async ({ table, column, value, row }) => {
    const fixture = await organizationWithEverything();
    const target = sql.identifier(table);
    const read = () => t.db.execute(sql`select * from ${target} where id::text = ${row(fixture)}`);
    const before = await read();
    expect(before).toHaveLength(1);
    await expectPgError(
      t.db.execute(sql`update ${target} set ${sql.identifier(column)} = ${value} where id::text = ${row(fixture)}`),
      PgError.checkViolation,
    );
    expect(await read()).toEqual(before);
  });

  it("the edge values are accepted: zero seats, a free item, an empty conversation", async () => {
    const fixture = await organizationWithEverything();
    await t.db.update(subscriptionItemTable).set({ quantity: 0 }).where(eq(subscriptionItemTable.id, fixture.subscriptionItem.id));
    await t.db.update(orderItemTable).set({ unitAmount: 0, amountTotal: 0 }).where(eq(orderItemTable.id, fixture.orderItem.id));
    await t.db.update(orderTable).set({ amountTotal: 0, amountRefunded: 0 }).where(eq(orderTable.id, fixture.order.id));
    await t.db.update(aiMessageTable).set({ parts: [] }).where(eq(aiMessageTable.id, fixture.aiMessage.id));
    await t.db.update(billingEventTable).set({ attempts: 0 }).where(eq(billingEventTable.id, fixture.billingEvent.id));
  });

  it("refused on insert too: nothing is inserted", async () => {
    const fixture = await organizationWithEverything();
    const organizationId = fixture.organization.id;
    const item = {
      orderId: fixture.order.id,
      organizationId,
      stripePriceId: "price_x",
      description: "x",
      unitAmount: 100,
      amountTotal: 100,
    };
    await expectPgError(t.db.insert(orderItemTable).values({ ...item, quantity: 0 }), PgError.checkViolation);
    await expectPgError(
      t.db.insert(aiMessageTable).values({
        organizationId,
        chatId: fixture.aiChat.id,
        userId: fixture.owner.id,
        messageId: "not-an-array",
        role: "user",
        parts: {} as unknown as unknown[],
      }),
      PgError.checkViolation,
    );
    await expectPgError(
      t.db.insert(orderTable).values({ organizationId, amountTotal: -100 }),
      PgError.checkViolation,
    );
    await expectPgError(
      t.db.insert(billingEventTable).values({
        stripeEventId: `evt_negative_${fixture.organization.slug}`,
        type: "invoice.paid",
        organizationId,
        stripeCreated: 1,
        payload: {},
        attempts: -1,
      }),
      PgError.checkViolation,
    );
    expect(await t.db.select().from(orderItemTable).where(eq(orderItemTable.organizationId, organizationId))).toEqual([
      fixture.orderItem,
    ]);
    expect(await t.db.select().from(aiMessageTable).where(eq(aiMessageTable.organizationId, organizationId))).toEqual([
      fixture.aiMessage,
    ]);
    expect(await t.db.select().from(orderTable).where(eq(orderTable.organizationId, organizationId))).toEqual([
      fixture.order,
    ]);
    expect(
      await t.db.select().from(billingEventTable).where(eq(billingEventTable.organizationId, organizationId)),
    ).toEqual([fixture.billingEvent]);
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
    const { organization, owner, session, billingEvent: event } = await organizationWithEverything();
    await expectPgError(createTestUser(t.db, { email: owner.email }), PgError.uniqueViolation);
    await expectPgError(
      t.db.insert(organizationTable).values({ name: "Copy", slug: organization.slug }),
      PgError.uniqueViolation,
    );
    await expectPgError(
      t.db.insert(sessionTable).values({ userId: owner.id, token: session.token, expiresAt: new Date(), audience: "customer" }),
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

  it("refuse a Stripe customer linked to two organizations, and keep both organizations as they were", async () => {
    const first = await organizationWithEverything();
    const second = await organizationWithEverything();
    const customerId = `cus_${first.organization.slug}`;
    await t.db.update(organizationTable).set({ stripeCustomerId: customerId }).where(eq(organizationTable.id, first.organization.id));
    const read = () =>
      t.db
        .select({ id: organizationTable.id, customer: organizationTable.stripeCustomerId })
        .from(organizationTable)
        .where(inArray(organizationTable.id, [first.organization.id, second.organization.id]))
        .orderBy(organizationTable.id);
    const before = await read();
    await expectPgError(
      t.db.update(organizationTable).set({ stripeCustomerId: customerId }).where(eq(organizationTable.id, second.organization.id)),
      PgError.uniqueViolation,
    );
    await expectPgError(
      t.db.insert(organizationTable).values({ name: "Copy", slug: `copy-${first.organization.slug}`, stripeCustomerId: customerId }),
      PgError.uniqueViolation,
    );
    expect(await read()).toEqual(before);
    // NULL is not a value: many organizations have no Stripe customer yet.
    const [a] = await t.db.select().from(organizationTable).where(eq(organizationTable.id, second.organization.id));
    expect(a?.stripeCustomerId).toBeNull();
  });

  it("refuse a checkout session or payment intent recorded on two orders", async () => {
    const { organization, order } = await organizationWithEverything();
    await t.db.update(orderTable).set({ stripePaymentIntentId: `pi_${organization.slug}` }).where(eq(orderTable.id, order.id));
    const [withIntent] = await t.db.select().from(orderTable).where(eq(orderTable.id, order.id));
    await expectPgError(
      t.db.insert(orderTable).values({ organizationId: organization.id, stripeCheckoutSessionId: order.stripeCheckoutSessionId }),
      PgError.uniqueViolation,
    );
    await expectPgError(
      t.db.insert(orderTable).values({ organizationId: organization.id, stripePaymentIntentId: `pi_${organization.slug}` }),
      PgError.uniqueViolation,
    );
    expect(await t.db.select().from(orderTable).where(eq(orderTable.organizationId, organization.id))).toEqual([withIntent]);
  });

  it("refuse a second two-factor secret for the same user, and keep the first", async () => {
    const user = await createTestUser(t.db);
    const [first] = await t.db
      .insert(twoFactorTable)
      .values({ userId: user.id, secret: "first-secret", backupCodes: "first-codes" })
      .returning();
    await expectPgError(
      t.db.insert(twoFactorTable).values({ userId: user.id, secret: "second-secret", backupCodes: "second-codes" }),
      PgError.uniqueViolation,
    );
    expect(await t.db.select().from(twoFactorTable).where(eq(twoFactorTable.userId, user.id))).toEqual([first]);
  });

  it("refuse a second account for the same provider account", async () => {
    const user = await createTestUser(t.db);
    await t.db.insert(accountTable).values({ userId: user.id, accountId: "gh-1", providerId: "github" });
    const other = await createTestUser(t.db);
    await expectPgError(
      t.db.insert(accountTable).values({ userId: other.id, accountId: "gh-1", providerId: "github" }),
      PgError.uniqueViolation,
    );
    expect(await t.db.select().from(accountTable).where(eq(accountTable.userId, other.id))).toEqual([]);
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

  it("deleting an organization removes its members, invitations, leads, chats, billing rows and credits, and nothing else", async () => {
    const doomed = await organizationWithEverything();
    const kept = await organizationWithEverything();
    const tables = [
      "member",
      "invitation",
      "lead",
      "ai_chat",
      "ai_message",
      "ai_usage",
      "subscription",
      "subscription_item",
      "order",
      "order_item",
      "billing_event",
      "credit_transaction",
    ];
    const countFor = async (table: string, organizationId: string) => {
      const [row] = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId}`,
      );
      return row?.n;
    };
    const counts = async (organizationId: string): Promise<Record<string, number | undefined>> =>
      Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await countFor(table, organizationId)])));

    const keptBefore = await counts(kept.organization.id);
    // Not vacuous: every table has rows of the doomed organization (two members, one of the rest).
    const doomedBefore = await counts(doomed.organization.id);
    expect(Object.values(doomedBefore).every((n) => (n ?? 0) > 0)).toBe(true);

    await t.db.delete(organizationTable).where(eq(organizationTable.id, doomed.organization.id));

    expect(await counts(doomed.organization.id)).toEqual(Object.fromEntries(tables.map((table) => [table, 0])));
    expect(await counts(kept.organization.id)).toEqual(keptBefore);
    // The people stay; their session just loses its active organization.
    const [owner] = await t.db.select().from(userTable).where(eq(userTable.id, doomed.owner.id));
    expect(owner?.id).toBe(doomed.owner.id);
    const [session] = await t.db.select().from(sessionTable).where(eq(sessionTable.id, doomed.session.id));
    expect(session?.activeOrganizationId).toBeNull();
  });

  it("deleting a user removes their sessions, accounts, two-factor secret and memberships, unassigns their leads, and spares other users", async () => {
    const { owner, colleague, lead, organization } = await organizationWithEverything();
    const [account] = await t.db
      .insert(accountTable)
      .values({ userId: owner.id, accountId: owner.id, providerId: "credential", password: "hash" })
      .returning();
    await t.db.insert(twoFactorTable).values({ userId: owner.id, secret: "secret", backupCodes: "codes" });
    const [colleagueAccount] = await t.db
      .insert(accountTable)
      .values({ userId: colleague.id, accountId: colleague.id, providerId: "credential", password: "hash" })
      .returning();
    const [colleagueFactor] = await t.db
      .insert(twoFactorTable)
      .values({ userId: colleague.id, secret: "other", backupCodes: "other" })
      .returning();
    expect(account).toBeDefined();

    await t.db.delete(userTable).where(eq(userTable.id, owner.id));

    expect(await t.db.select().from(sessionTable).where(eq(sessionTable.userId, owner.id))).toEqual([]);
    expect(await t.db.select().from(accountTable).where(eq(accountTable.userId, owner.id))).toEqual([]);
    expect(await t.db.select().from(twoFactorTable).where(eq(twoFactorTable.userId, owner.id))).toEqual([]);
    expect(await t.db.select().from(memberTable).where(eq(memberTable.userId, owner.id))).toEqual([]);
    const [kept] = await t.db.select().from(leadTable).where(eq(leadTable.id, lead.id));
    expect(kept).toMatchObject({ organizationId: organization.id, assignedToId: null });
    // The other member's rows are untouched.
    expect(await t.db.select().from(accountTable).where(eq(accountTable.userId, colleague.id))).toEqual([colleagueAccount]);
    expect(await t.db.select().from(twoFactorTable).where(eq(twoFactorTable.userId, colleague.id))).toEqual([colleagueFactor]);
  });
});

describe("a child row cannot point into another tenant (foreign keys include organization_id)", () => {
  /** The constraint a failed query names: postgres.js puts it on the driver's error, Drizzle's cause. */
  function constraintOf(error: unknown): string | undefined {
    for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
      const name = (current as { constraint_name?: unknown }).constraint_name;
      if (typeof name === "string") return name;
    }
    return undefined;
  }
  const unique = () => randomBytes(4).toString("hex");

  // Each writes a row of tenant `own` that hangs off tenant `parent`'s order or subscription.
  const cases = [
    {
      table: "order_item",
      constraint: "order_item_order_fk",
      insert: (own: TestTenant, parent: TestTenant) =>
        t.db.insert(orderItemTable).values({
          orderId: parent.order.id,
          organizationId: own.organization.id,
          stripePriceId: "price_credits",
          description: "Smuggled item",
          unitAmount: 100,
          amountTotal: 100,
        }).returning(),
    },
    {
      table: "subscription_item",
      constraint: "subscription_item_subscription_fk",
      insert: (own: TestTenant, parent: TestTenant) =>
        t.db.insert(subscriptionItemTable).values({
          id: `si_cross_${unique()}`,
          subscriptionId: parent.subscription.id,
          organizationId: own.organization.id,
          stripePriceId: "price_pro_monthly",
          stripeProductId: "prod_pro",
        }).returning(),
    },
    {
      table: "credit_transaction",
      constraint: "credit_transaction_order_fk",
      insert: (own: TestTenant, parent: TestTenant) =>
        t.db.insert(creditTransactionTable).values({
          organizationId: own.organization.id,
          orderId: parent.order.id,
          amount: 500,
          reason: "adjustment",
          idempotencyKey: `adjustment:${unique()}`,
          description: "Smuggled credits",
        }).returning(),
    },
  ] as const;

  it.each(cases)(
    "$table: a row of tenant A pointing at tenant B's parent is refused by $constraint and nothing is written; within A it is accepted",
    async ({ table, constraint, insert }) => {
      const a = await organizationWithEverything();
      const b = await organizationWithEverything();
      const read = () => t.db.execute(sql`select * from ${sql.identifier(table)} order by id`);
      const before = await read();
      expect(before.length).toBeGreaterThan(0);

      const error = await expectPgError(insert(a, b), PgError.foreignKeyViolation);
      expect(constraintOf(error)).toBe(constraint);
      expect(await read()).toEqual(before);

      const [accepted] = await insert(a, a);
      expect(accepted).toMatchObject({ organizationId: a.organization.id });
    },
  );

  it("an existing child row cannot be re-pointed at another tenant's parent, nor moved to another tenant alone", async () => {
    const a = await organizationWithEverything();
    const b = await organizationWithEverything();
    // An order of B with no purchase grant yet, so only the foreign key can refuse the move.
    const [bOrder] = await t.db.insert(orderTable).values({ organizationId: b.organization.id }).returning();
    const updates = [
      { table: "order_item", set: sql`order_id = ${b.order.id}`, id: a.orderItem.id },
      { table: "order_item", set: sql`organization_id = ${b.organization.id}`, id: a.orderItem.id },
      { table: "subscription_item", set: sql`subscription_id = ${b.subscription.id}`, id: a.subscriptionItem.id },
      { table: "subscription_item", set: sql`organization_id = ${b.organization.id}`, id: a.subscriptionItem.id },
      { table: "credit_transaction", set: sql`order_id = ${bOrder!.id}`, id: a.creditTransaction.id },
      { table: "credit_transaction", set: sql`organization_id = ${b.organization.id}`, id: a.creditTransaction.id },
    ];
    for (const { table, set, id } of updates) {
      const target = sql.identifier(table);
      const read = () => t.db.execute(sql`select * from ${target} where id::text = ${id}`);
      const before = await read();
      expect(before).toHaveLength(1);
      await expectPgError(t.db.execute(sql`update ${target} set ${set} where id::text = ${id}`), PgError.foreignKeyViolation);
      expect(await read()).toEqual(before);
    }
    // Nor can a parent leave its organization while its children stay behind.
    await expectPgError(
      t.db.update(orderTable).set({ organizationId: b.organization.id }).where(eq(orderTable.id, a.order.id)),
      PgError.foreignKeyViolation,
    );
    await expectPgError(
      t.db.update(subscriptionTable).set({ organizationId: b.organization.id }).where(eq(subscriptionTable.id, a.subscription.id)),
      PgError.foreignKeyViolation,
    );
  });

  it("a credit transaction with no order (usage, adjustments) is still accepted", async () => {
    const a = await organizationWithEverything();
    const [row] = await t.db
      .insert(creditTransactionTable)
      .values({ organizationId: a.organization.id, amount: -5, reason: "usage", idempotencyKey: `usage:${unique()}`, description: "x" })
      .returning();
    expect(row).toMatchObject({ organizationId: a.organization.id, orderId: null });
  });

  it("the catalog: every foreign key between two tables with an organization_id pairs organization_id with organization_id", async () => {
    // Derived from the schema, so a future tenant table that references another by id alone fails here.
    const rows = await t.db.execute<{ constraint: string; table: string; references: string; paired: boolean }>(sql`
      select c.conname as constraint, child.relname as table, parent.relname as references,
             exists (select 1 from unnest(c.conkey, c.confkey) as k(child_att, parent_att)
                     where child_att = child_org.attnum and parent_att = parent_org.attnum) as paired
      from pg_constraint c
      join pg_class child on child.oid = c.conrelid
      join pg_class parent on parent.oid = c.confrelid
      join pg_attribute child_org on child_org.attrelid = child.oid and child_org.attname = 'organization_id' and not child_org.attisdropped
      join pg_attribute parent_org on parent_org.attrelid = parent.oid and parent_org.attname = 'organization_id' and not parent_org.attisdropped
      where c.contype = 'f' and child.relnamespace = 'public'::regnamespace
      order by 1`);
    // Not vacuous: the keys of leads and billing are among them.
    expect(rows.map((r) => `${r.table} -> ${r.references}`)).toEqual(
      expect.arrayContaining([
        "lead -> member",
        "lead_activity -> lead",
        "order_item -> order",
        "subscription_item -> subscription",
        "credit_transaction -> order",
      ]),
    );
    expect(rows.filter((r) => !r.paired).map((r) => `${r.constraint} (${r.table} -> ${r.references})`)).toEqual([]);
  });
});
