import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { MemberRole } from "../schema/enums";
import {
  aiChatTable,
  aiMessageTable,
  aiUsageTable,
  billingEventTable,
  creditTransactionTable,
  invitationTable,
  leadActivityTable,
  leadImportChunkTable,
  leadImportErrorTable,
  leadImportTable,
  leadTable,
  memberTable,
  orderItemTable,
  orderTable,
  sessionTable,
  subscriptionHistoryTable,
  subscriptionItemTable,
  subscriptionTable,
} from "../schema/tables";
import { createTestOrganization, createTestUser } from "./factories";

/**
 * An organization with an owner, a second member (`colleague`), and one row in every table that hangs off an
 * organization (leads, the owner's chat with a message and its usage, invitations, every billing table, the credit ledger, and a session
 * whose active organization it is). Unique per call, like every factory here.
 */
export async function createTestTenant(db: Database) {
  const { organization, owner } = await createTestOrganization(db);
  const colleague = await createTestUser(db);
  const suffix = organization.slug;
  const organizationId = organization.id;

  const [ownerMember] = await db
    .select()
    .from(memberTable)
    .where(and(eq(memberTable.organizationId, organizationId), eq(memberTable.userId, owner.id)));
  const [colleagueMember] = await db
    .insert(memberTable)
    .values({ organizationId, userId: colleague.id, role: MemberRole.member })
    .returning();
  const [lead] = await db
    .insert(leadTable)
    .values({ organizationId, firstName: "Ada", lastName: "Lovelace", assignedToId: owner.id })
    .returning();
  // A change of status: the lead's history records it (a trigger on lead).
  await db.update(leadTable).set({ status: "contacted" }).where(eq(leadTable.id, lead!.id));
  const [leadActivity] = await db.select().from(leadActivityTable).where(eq(leadActivityTable.leadId, lead!.id));
  const [leadImport] = await db
    .insert(leadImportTable)
    .values({ organizationId, createdById: owner.id, fileName: "leads.csv", fileBytes: 9, header: ["email"] })
    .returning();
  const [leadImportChunk] = await db
    .insert(leadImportChunkTable)
    .values({ organizationId, importId: leadImport!.id, seq: 0, data: Buffer.from("email\nx@y\n") })
    .returning();
  const [leadImportError] = await db
    .insert(leadImportErrorTable)
    .values({ organizationId, importId: leadImport!.id, line: 2, column: "email", message: "Enter a valid email address" })
    .returning();
  const [aiChat] = await db.insert(aiChatTable).values({ organizationId, userId: owner.id }).returning();
  const [aiMessage] = await db
    .insert(aiMessageTable)
    .values({ organizationId, chatId: aiChat!.id, userId: owner.id, messageId: "msg-1", role: "user", parts: [{ type: "text", text: "Hello" }] })
    .returning();
  const [aiUsage] = await db
    .insert(aiUsageTable)
    .values({ organizationId, userId: owner.id, chatId: aiChat!.id, model: "test:chat", status: "settled", reservedCredits: 5, credits: 2, allowanceCredits: 2 })
    .returning();
  const [invitation] = await db
    .insert(invitationTable)
    .values({
      organizationId,
      email: `invitee-${suffix}@example.test`,
      inviterId: owner.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  const [subscription] = await db
    .insert(subscriptionTable)
    .values({ id: `sub_${suffix}`, organizationId, stripeCustomerId: `cus_${suffix}`, status: "active" })
    .returning();
  const [subscriptionItem] = await db
    .insert(subscriptionItemTable)
    .values({
      id: `si_${suffix}`,
      subscriptionId: `sub_${suffix}`,
      organizationId,
      stripePriceId: "price_pro_monthly",
      stripeProductId: "prod_pro",
    })
    .returning();
  const [subscriptionHistory] = await db
    .insert(subscriptionHistoryTable)
    .values({
      organizationId,
      subscriptionId: `sub_${suffix}`,
      status: "active",
      quantity: 1,
      mrrAmount: 1200,
      currency: "usd",
      source: "event",
      stripeEventId: `evt_${suffix}`,
      occurredAt: new Date(),
    })
    .returning();
  const [order] = await db
    .insert(orderTable)
    .values({ organizationId, stripeCheckoutSessionId: `cs_${suffix}`, amountTotal: 5000 })
    .returning();
  if (!order) throw new Error("createTestTenant: order insert returned no row");
  const [orderItem] = await db
    .insert(orderItemTable)
    .values({
      orderId: order.id,
      organizationId,
      stripePriceId: "price_credits",
      description: "1,000 credits",
      unitAmount: 5000,
      amountTotal: 5000,
    })
    .returning();
  const [billingEvent] = await db
    .insert(billingEventTable)
    .values({
      stripeEventId: `evt_${suffix}`,
      type: "customer.subscription.created",
      organizationId,
      stripeCreated: 1_700_000_000,
      payload: { id: `evt_${suffix}` },
    })
    .returning();
  const [creditTransaction] = await db
    .insert(creditTransactionTable)
    .values({
      organizationId,
      amount: 1000,
      reason: "purchase",
      orderId: order.id,
      idempotencyKey: `purchase:${order.id}`,
      description: "1,000 credits",
    })
    .returning();
  const [session] = await db
    .insert(sessionTable)
    .values({
      userId: owner.id,
      token: `token-${suffix}`,
      expiresAt: new Date(Date.now() + 86_400_000),
      activeOrganizationId: organizationId,
      audience: "customer",
    })
    .returning();

  const rows = {
    ownerMember,
    colleagueMember,
    lead,
    leadActivity,
    leadImport,
    leadImportChunk,
    leadImportError,
    aiChat,
    aiMessage,
    aiUsage,
    invitation,
    subscription,
    subscriptionItem,
    subscriptionHistory,
    order,
    orderItem,
    billingEvent,
    creditTransaction,
    session,
  };
  for (const [name, row] of Object.entries(rows)) {
    if (!row) throw new Error(`createTestTenant: ${name} insert returned no row`);
  }
  return {
    organization,
    owner,
    colleague,
    ...(rows as { [K in keyof typeof rows]: NonNullable<(typeof rows)[K]> }),
  };
}

export type TestTenant = Awaited<ReturnType<typeof createTestTenant>>;
