import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type PgColumn,
} from "drizzle-orm/pg-core";
import {
  BillingEventStatus,
  BillingEventStatuses,
  CreditTransactionReasons,
  InvitationStatus,
  InvitationStatuses,
  LeadSource,
  LeadSources,
  LeadStatus,
  LeadStatuses,
  MemberRole,
  MemberRoles,
  OrderStatus,
  OrderStatuses,
  SubscriptionStatuses,
  UserRole,
  UserRoles,
  type CreditTransactionReason,
  type SubscriptionStatus,
} from "./enums";
import { appTenantRole, currentOrganizationId, tenantPolicy } from "./tenancy";

// ---------------------------------------------------------------------------------------------
// Column helpers
// ---------------------------------------------------------------------------------------------

const id = () => uuid("id").primaryKey().defaultRandom();

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/** The database refuses a value outside the enum, whoever writes it. */
function enumCheck(name: string, column: PgColumn, values: readonly string[]) {
  const list = values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ");
  return check(name, sql`${column} in (${sql.raw(list)})`);
}

/** A Stripe epoch-seconds timestamp stored as a PostgreSQL timestamp. */
const stripeTime = (name: string) => timestamp(name, { withTimezone: true });

// ---------------------------------------------------------------------------------------------
// Authentication (the models Better Auth expects, with its organization, twoFactor and admin
// plugins). Ids are uuid; Better Auth is configured to let the database generate them.
// ---------------------------------------------------------------------------------------------

export const userTable = pgTable(
  "user",
  {
    id: id(),
    name: text("name").notNull(),
    email: text("email").notNull().unique("user_email_unique"),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    // admin plugin
    role: text("role", { enum: UserRoles }).$type<UserRole>().notNull().default(UserRole.user),
    banned: boolean("banned").notNull().default(false),
    banReason: text("ban_reason"),
    banExpires: timestamp("ban_expires", { withTimezone: true }),
    // twoFactor plugin
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    ...timestamps(),
  },
  (table) => [
    enumCheck("user_role_check", table.role, UserRoles),
    // Tenant code sees the members of its own organization only (for relations such as
    // lead.assignedTo). Credentials are in the account table, which tenant code cannot read.
    pgPolicy("user_tenant_read", {
      as: "permissive",
      for: "select",
      to: appTenantRole,
      using: sql`exists (select 1 from "member" where "member"."user_id" = ${table.id} and "member"."organization_id" = ${currentOrganizationId})`,
    }),
  ],
);

export const sessionTable = pgTable(
  "session",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    token: text("token").notNull().unique("session_token_unique"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    // organization plugin
    activeOrganizationId: uuid("active_organization_id").references(() => organizationTable.id, {
      onDelete: "set null",
    }),
    // admin plugin: the staff user impersonating, when this is an impersonation session
    impersonatedBy: uuid("impersonated_by").references(() => userTable.id, {
      onDelete: "cascade",
    }),
    ...timestamps(),
  },
  (table) => [
    index("session_user_id_idx").on(table.userId),
    index("session_expires_at_idx").on(table.expiresAt),
  ],
);

export const accountTable = pgTable(
  "account",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    /** The id at the provider (the user id itself for the `credential` provider). */
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    /** Password hash, for the `credential` provider only. */
    password: text("password"),
    ...timestamps(),
  },
  (table) => [
    index("account_user_id_idx").on(table.userId),
    uniqueIndex("account_provider_account_unique").on(table.providerId, table.accountId),
  ],
);

export const verificationTable = pgTable(
  "verification",
  {
    id: id(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ...timestamps(),
  },
  (table) => [
    index("verification_identifier_idx").on(table.identifier),
    index("verification_expires_at_idx").on(table.expiresAt),
  ],
);

export const twoFactorTable = pgTable(
  "two_factor",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    /** TOTP secret, encrypted by Better Auth. */
    secret: text("secret").notNull(),
    /** Backup codes, encrypted by Better Auth; each is removed when used. */
    backupCodes: text("backup_codes").notNull(),
    /** False between enrolment and the first correct code. */
    verified: boolean("verified").notNull().default(true),
    /** Consecutive wrong codes; Better Auth locks the factor for a while after too many. */
    failedVerificationCount: integer("failed_verification_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    ...timestamps(),
  },
  (table) => [uniqueIndex("two_factor_user_id_unique").on(table.userId)],
);

/**
 * Better Auth's rate-limit counters, kept in PostgreSQL so limits hold across app instances and
 * restarts. `key` is the client IP and the path (`<ip>|/sign-in/email`).
 */
export const rateLimitTable = pgTable("rate_limit", {
  id: id(),
  key: text("key").notNull().unique("rate_limit_key_unique"),
  count: integer("count").notNull(),
  /** Epoch milliseconds of the last request counted. */
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

// ---------------------------------------------------------------------------------------------
// Organizations (tenants)
// ---------------------------------------------------------------------------------------------

export const organizationTable = pgTable(
  "organization",
  {
    id: id(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique("organization_slug_unique"),
    logo: text("logo"),
    /** Free-form JSON, stored as text because that is how Better Auth reads and writes it. */
    metadata: text("metadata"),
    stripeCustomerId: text("stripe_customer_id").unique("organization_stripe_customer_id_unique"),
    billingEmail: text("billing_email"),
    ...timestamps(),
  },
  (table) => [
    check("organization_slug_format_check", sql`${table.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    // Tenant code may read its own organization (for relations such as lead.organization).
    pgPolicy("organization_tenant_read", {
      as: "permissive",
      for: "select",
      to: appTenantRole,
      using: sql`${table.id} = ${currentOrganizationId}`,
    }),
  ],
);

export const memberTable = pgTable(
  "member",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    role: text("role", { enum: MemberRoles }).$type<MemberRole>().notNull().default(MemberRole.member),
    ...timestamps(),
  },
  (table) => [
    uniqueIndex("member_organization_user_unique").on(table.organizationId, table.userId),
    index("member_user_id_idx").on(table.userId),
    enumCheck("member_role_check", table.role, MemberRoles),
    tenantPolicy("member_tenant_read", table.organizationId, "read"),
  ],
);

export const invitationTable = pgTable(
  "invitation",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: MemberRoles }).$type<MemberRole>().notNull().default(MemberRole.member),
    status: text("status", { enum: InvitationStatuses })
      .$type<InvitationStatus>()
      .notNull()
      .default(InvitationStatus.pending),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    inviterId: uuid("inviter_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    ...timestamps(),
  },
  (table) => [
    index("invitation_organization_status_idx").on(table.organizationId, table.status),
    index("invitation_email_idx").on(table.email),
    index("invitation_status_expires_at_idx").on(table.status, table.expiresAt),
    enumCheck("invitation_role_check", table.role, MemberRoles),
    enumCheck("invitation_status_check", table.status, InvitationStatuses),
  ],
);

// ---------------------------------------------------------------------------------------------
// Billing (written by the worker from Stripe webhooks; tenant code may only read its own rows)
// ---------------------------------------------------------------------------------------------

export const subscriptionTable = pgTable(
  "subscription",
  {
    /** The Stripe subscription id (`sub_…`). */
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    status: text("status", { enum: SubscriptionStatuses }).$type<SubscriptionStatus>().notNull(),
    /** The plan from the catalog, resolved from the main item's price. */
    planId: text("plan_id"),
    /** Seats: the quantity of the main (per-seat) item. */
    quantity: integer("quantity").notNull().default(1),
    currentPeriodStart: stripeTime("current_period_start"),
    currentPeriodEnd: stripeTime("current_period_end"),
    trialStart: stripeTime("trial_start"),
    trialEnd: stripeTime("trial_end"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    cancelAt: stripeTime("cancel_at"),
    canceledAt: stripeTime("canceled_at"),
    endedAt: stripeTime("ended_at"),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    /**
     * Stripe `created` (epoch seconds) of the last event applied to this row. An event older
     * than this is stale and must not overwrite the state a newer one already set.
     */
    lastEventCreated: bigint("last_event_created", { mode: "number" }).notNull().default(0),
    ...timestamps(),
  },
  (table) => [
    index("subscription_organization_status_idx").on(table.organizationId, table.status),
    index("subscription_stripe_customer_id_idx").on(table.stripeCustomerId),
    enumCheck("subscription_status_check", table.status, SubscriptionStatuses),
    check("subscription_quantity_check", sql`${table.quantity} >= 0`),
    tenantPolicy("subscription_tenant_read", table.organizationId, "read"),
  ],
);

export const subscriptionItemTable = pgTable(
  "subscription_item",
  {
    /** The Stripe subscription item id (`si_…`). */
    id: text("id").primaryKey(),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => subscriptionTable.id, { onDelete: "cascade" }),
    // Denormalized from the subscription so row-level security needs no join.
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    stripePriceId: text("stripe_price_id").notNull(),
    stripeProductId: text("stripe_product_id").notNull(),
    quantity: integer("quantity").notNull().default(1),
    currentPeriodStart: stripeTime("current_period_start"),
    currentPeriodEnd: stripeTime("current_period_end"),
    ...timestamps(),
  },
  (table) => [
    index("subscription_item_subscription_id_idx").on(table.subscriptionId),
    index("subscription_item_organization_id_idx").on(table.organizationId),
    check("subscription_item_quantity_check", sql`${table.quantity} >= 0`),
    tenantPolicy("subscription_item_tenant_read", table.organizationId, "read"),
  ],
);

export const orderTable = pgTable(
  "order",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(
      "order_stripe_checkout_session_id_unique",
    ),
    stripePaymentIntentId: text("stripe_payment_intent_id").unique(
      "order_stripe_payment_intent_id_unique",
    ),
    stripeCustomerId: text("stripe_customer_id"),
    status: text("status", { enum: OrderStatuses })
      .$type<OrderStatus>()
      .notNull()
      .default(OrderStatus.pending),
    /** Amounts in the currency's smallest unit (cents), as Stripe sends them. */
    amountTotal: integer("amount_total").notNull().default(0),
    amountRefunded: integer("amount_refunded").notNull().default(0),
    currency: text("currency").notNull().default("usd"),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    refundedAt: timestamp("refunded_at", { withTimezone: true }),
    ...timestamps(),
  },
  (table) => [
    index("order_organization_created_idx").on(table.organizationId, table.createdAt),
    enumCheck("order_status_check", table.status, OrderStatuses),
    check("order_amounts_check", sql`${table.amountTotal} >= 0 and ${table.amountRefunded} >= 0`),
    tenantPolicy("order_tenant_read", table.organizationId, "read"),
  ],
);

export const orderItemTable = pgTable(
  "order_item",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orderTable.id, { onDelete: "cascade" }),
    // Denormalized from the order so row-level security needs no join.
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    stripePriceId: text("stripe_price_id").notNull(),
    stripeProductId: text("stripe_product_id"),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull().default(1),
    unitAmount: integer("unit_amount").notNull(),
    amountTotal: integer("amount_total").notNull(),
    ...timestamps(),
  },
  (table) => [
    index("order_item_order_id_idx").on(table.orderId),
    index("order_item_organization_id_idx").on(table.organizationId),
    check(
      "order_item_amounts_check",
      sql`${table.quantity} > 0 and ${table.unitAmount} >= 0 and ${table.amountTotal} >= 0`,
    ),
    tenantPolicy("order_item_tenant_read", table.organizationId, "read"),
  ],
);

export const billingEventTable = pgTable(
  "billing_event",
  {
    id: id(),
    /** The Stripe event id (`evt_…`); unique, so a redelivery cannot be recorded twice. */
    stripeEventId: text("stripe_event_id").notNull().unique("billing_event_stripe_event_id_unique"),
    type: text("type").notNull(),
    /** The organization the event resolved to; NULL while unknown or when unmatched. */
    organizationId: uuid("organization_id").references(() => organizationTable.id, {
      onDelete: "cascade",
    }),
    /** Stripe `created`, epoch seconds: the order Stripe produced the events in. */
    stripeCreated: bigint("stripe_created", { mode: "number" }).notNull(),
    livemode: boolean("livemode").notNull().default(false),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: BillingEventStatuses })
      .$type<BillingEventStatus>()
      .notNull()
      .default(BillingEventStatus.pending),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    ...timestamps(),
  },
  (table) => [
    index("billing_event_status_next_attempt_idx").on(table.status, table.nextAttemptAt),
    index("billing_event_organization_created_idx").on(table.organizationId, table.createdAt),
    index("billing_event_type_idx").on(table.type),
    // Unmatched events by the customer they name: found again when that customer is linked.
    index("billing_event_unmatched_customer_idx")
      .on(sql`(${table.payload} #>> '{data,object,customer}')`)
      .where(sql`${table.status} = 'unmatched'`),
    enumCheck("billing_event_status_check", table.status, BillingEventStatuses),
    check("billing_event_attempts_check", sql`${table.attempts} >= 0`),
    tenantPolicy("billing_event_tenant_read", table.organizationId, "read"),
  ],
);

/**
 * The credit ledger: append-only, the balance is the sum of `amount`. Every row carries an
 * idempotency key (`purchase:<orderId>`, `refund:<orderId>:<amountRefunded>`…), so a redelivered
 * or replayed Stripe event cannot grant or take back the same credits twice.
 */
export const creditTransactionTable = pgTable(
  "credit_transaction",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    /** Positive grants, negative takes. */
    amount: integer("amount").notNull(),
    reason: text("reason", { enum: CreditTransactionReasons }).$type<CreditTransactionReason>().notNull(),
    /** The order that granted (or, refunded, took back) these credits. */
    orderId: uuid("order_id").references(() => orderTable.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull().unique("credit_transaction_idempotency_key_unique"),
    description: text("description").notNull(),
    ...timestamps(),
  },
  (table) => [
    index("credit_transaction_organization_created_idx").on(table.organizationId, table.createdAt),
    index("credit_transaction_order_id_idx").on(table.orderId),
    // One purchase grant per order, whatever key a future caller invents.
    uniqueIndex("credit_transaction_order_purchase_unique")
      .on(table.orderId)
      .where(sql`${table.reason} = 'purchase'`),
    enumCheck("credit_transaction_reason_check", table.reason, CreditTransactionReasons),
    check("credit_transaction_amount_check", sql`${table.amount} <> 0`),
    tenantPolicy("credit_transaction_tenant_read", table.organizationId, "read"),
  ],
);

// ---------------------------------------------------------------------------------------------
// Features (tenant data: read and written by tenant code through withTenant)
// ---------------------------------------------------------------------------------------------

export const leadTable = pgTable(
  "lead",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull().default(""),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    jobTitle: text("job_title"),
    status: text("status", { enum: LeadStatuses }).$type<LeadStatus>().notNull().default(LeadStatus.new),
    source: text("source", { enum: LeadSources }).$type<LeadSource>().notNull().default(LeadSource.other),
    /** Expected deal size in the organization's currency, two decimals. */
    estimatedValue: numeric("estimated_value", { precision: 12, scale: 2, mode: "number" }),
    notes: text("notes"),
    assignedToId: uuid("assigned_to_id").references(() => userTable.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (table) => [
    index("lead_organization_status_idx").on(table.organizationId, table.status),
    index("lead_organization_created_idx").on(table.organizationId, table.createdAt),
    index("lead_assigned_to_id_idx").on(table.assignedToId),
    // Trigram indexes serve `ilike '%term%'` search on name, email and company.
    index("lead_first_name_trgm_idx").using("gin", table.firstName.op("gin_trgm_ops")),
    index("lead_last_name_trgm_idx").using("gin", table.lastName.op("gin_trgm_ops")),
    index("lead_email_trgm_idx").using("gin", table.email.op("gin_trgm_ops")),
    index("lead_company_trgm_idx").using("gin", table.company.op("gin_trgm_ops")),
    enumCheck("lead_status_check", table.status, LeadStatuses),
    enumCheck("lead_source_check", table.source, LeadSources),
    check("lead_estimated_value_check", sql`${table.estimatedValue} >= 0`),
    check("lead_first_name_check", sql`length(trim(${table.firstName})) > 0`),
    tenantPolicy("lead_tenant_isolation", table.organizationId, "write"),
  ],
);

export const aiChatTable = pgTable(
  "ai_chat",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    title: text("title").notNull().default("New chat"),
    /** The conversation as AI SDK UI messages. */
    messages: jsonb("messages").$type<unknown[]>().notNull().default([]),
    ...timestamps(),
  },
  (table) => [
    index("ai_chat_organization_user_updated_idx").on(
      table.organizationId,
      table.userId,
      table.updatedAt,
    ),
    check("ai_chat_messages_array_check", sql`jsonb_typeof(${table.messages}) = 'array'`),
    tenantPolicy("ai_chat_tenant_isolation", table.organizationId, "write"),
  ],
);
