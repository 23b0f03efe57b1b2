import { relations } from "drizzle-orm";
import {
  accountTable,
  aiChatTable,
  aiMessageTable,
  billingEventTable,
  creditTransactionTable,
  invitationTable,
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
} from "./tables";

export const userRelations = relations(userTable, ({ many, one }) => ({
  sessions: many(sessionTable, { relationName: "sessionUser" }),
  impersonations: many(sessionTable, { relationName: "sessionImpersonator" }),
  accounts: many(accountTable),
  twoFactor: one(twoFactorTable),
  memberships: many(memberTable),
  invitationsSent: many(invitationTable),
  assignedLeads: many(leadTable),
  aiChats: many(aiChatTable),
}));

export const sessionRelations = relations(sessionTable, ({ one }) => ({
  user: one(userTable, {
    fields: [sessionTable.userId],
    references: [userTable.id],
    relationName: "sessionUser",
  }),
  impersonator: one(userTable, {
    fields: [sessionTable.impersonatedBy],
    references: [userTable.id],
    relationName: "sessionImpersonator",
  }),
  activeOrganization: one(organizationTable, {
    fields: [sessionTable.activeOrganizationId],
    references: [organizationTable.id],
  }),
}));

export const accountRelations = relations(accountTable, ({ one }) => ({
  user: one(userTable, { fields: [accountTable.userId], references: [userTable.id] }),
}));

export const twoFactorRelations = relations(twoFactorTable, ({ one }) => ({
  user: one(userTable, { fields: [twoFactorTable.userId], references: [userTable.id] }),
}));

export const organizationRelations = relations(organizationTable, ({ many }) => ({
  members: many(memberTable),
  invitations: many(invitationTable),
  activeSessions: many(sessionTable),
  subscriptions: many(subscriptionTable),
  subscriptionItems: many(subscriptionItemTable),
  orders: many(orderTable),
  orderItems: many(orderItemTable),
  billingEvents: many(billingEventTable),
  creditTransactions: many(creditTransactionTable),
  leads: many(leadTable),
  aiChats: many(aiChatTable),
}));

export const memberRelations = relations(memberTable, ({ one }) => ({
  organization: one(organizationTable, {
    fields: [memberTable.organizationId],
    references: [organizationTable.id],
  }),
  user: one(userTable, { fields: [memberTable.userId], references: [userTable.id] }),
}));

export const invitationRelations = relations(invitationTable, ({ one }) => ({
  organization: one(organizationTable, {
    fields: [invitationTable.organizationId],
    references: [organizationTable.id],
  }),
  inviter: one(userTable, { fields: [invitationTable.inviterId], references: [userTable.id] }),
}));

export const subscriptionRelations = relations(subscriptionTable, ({ one, many }) => ({
  organization: one(organizationTable, {
    fields: [subscriptionTable.organizationId],
    references: [organizationTable.id],
  }),
  items: many(subscriptionItemTable),
}));

export const subscriptionItemRelations = relations(subscriptionItemTable, ({ one }) => ({
  subscription: one(subscriptionTable, {
    fields: [subscriptionItemTable.subscriptionId],
    references: [subscriptionTable.id],
  }),
  organization: one(organizationTable, {
    fields: [subscriptionItemTable.organizationId],
    references: [organizationTable.id],
  }),
}));

export const orderRelations = relations(orderTable, ({ one, many }) => ({
  organization: one(organizationTable, {
    fields: [orderTable.organizationId],
    references: [organizationTable.id],
  }),
  items: many(orderItemTable),
  creditTransactions: many(creditTransactionTable),
}));

export const creditTransactionRelations = relations(creditTransactionTable, ({ one }) => ({
  organization: one(organizationTable, {
    fields: [creditTransactionTable.organizationId],
    references: [organizationTable.id],
  }),
  order: one(orderTable, { fields: [creditTransactionTable.orderId], references: [orderTable.id] }),
}));

export const orderItemRelations = relations(orderItemTable, ({ one }) => ({
  order: one(orderTable, { fields: [orderItemTable.orderId], references: [orderTable.id] }),
  organization: one(organizationTable, {
    fields: [orderItemTable.organizationId],
    references: [organizationTable.id],
  }),
}));

export const billingEventRelations = relations(billingEventTable, ({ one }) => ({
  organization: one(organizationTable, {
    fields: [billingEventTable.organizationId],
    references: [organizationTable.id],
  }),
}));

export const leadRelations = relations(leadTable, ({ one }) => ({
  organization: one(organizationTable, {
    fields: [leadTable.organizationId],
    references: [organizationTable.id],
  }),
  assignedTo: one(userTable, { fields: [leadTable.assignedToId], references: [userTable.id] }),
}));

export const aiChatRelations = relations(aiChatTable, ({ one, many }) => ({
  organization: one(organizationTable, {
    fields: [aiChatTable.organizationId],
    references: [organizationTable.id],
  }),
  user: one(userTable, { fields: [aiChatTable.userId], references: [userTable.id] }),
  messages: many(aiMessageTable),
}));

export const aiMessageRelations = relations(aiMessageTable, ({ one }) => ({
  chat: one(aiChatTable, { fields: [aiMessageTable.chatId], references: [aiChatTable.id] }),
}));
