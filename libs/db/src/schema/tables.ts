import { sql, type SQL } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type PgColumn,
} from "drizzle-orm/pg-core";
import {
  AiMessageRoles,
  AiMessageStatuses,
  AiUsageStatuses,
  type AiMessageRole,
  type AiMessageStatus,
  type AiUsageStatus,
  BillingEventStatus,
  BillingEventStatuses,
  BillingIntervalUnits,
  type BillingIntervalUnit,
  CreditTransactionReasons,
  InvitationStatus,
  InvitationStatuses,
  LeadActivityKinds,
  LeadImportDuplicateModes,
  LeadImportStatus,
  LeadImportStatuses,
  LeadSource,
  LeadSources,
  LeadStatus,
  LeadStatuses,
  MemberRole,
  MemberRoles,
  OrderStatus,
  OrderStatuses,
  SubscriptionHistorySources,
  SubscriptionStatuses,
  UserRole,
  UserRoles,
  SessionAudiences,
  type CreditTransactionReason,
  type LeadActivityKind,
  type LeadImportDuplicateMode,
  type SubscriptionHistorySource,
  type SubscriptionStatus,
} from "./enums";
import { appTenantRole, authorPolicy, currentOrganizationId, tenantPolicy } from "./tenancy";

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

/** Binary data (drizzle-orm 0.45 has no bytea column); postgres.js reads and writes it as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

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
    // The staff console's user search: any part of the name or email (trigrams), newest first, by name.
    index("user_search_idx").using("gin", sql`lower(${table.name} || ' ' || ${table.email}) gin_trgm_ops`),
    index("user_created_idx").on(table.createdAt, table.id),
    index("user_name_idx").on(table.name, table.id),
    // The few staff and banned users, found without reading the others.
    index("user_staff_idx").on(table.createdAt, table.id).where(sql`${table.role} = 'admin'`),
    index("user_banned_idx").on(table.createdAt, table.id).where(sql`${table.banned}`),
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
    // The app that issued the session (customer web app or staff console); only it accepts the
    // session (libs/auth session-audience.ts). No default: every insert must say.
    audience: text("audience", { enum: SessionAudiences }).notNull(),
    ...timestamps(),
  },
  (table) => [
    index("session_user_id_idx").on(table.userId),
    index("session_expires_at_idx").on(table.expiresAt),
    enumCheck("session_audience_check", table.audience, SessionAudiences),
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
    // The staff console's search: any part of the name or slug (trigrams), newest first.
    index("organization_search_idx").using("gin", sql`lower(${table.name} || ' ' || ${table.slug}) gin_trgm_ops`),
    index("organization_created_idx").on(table.createdAt, table.id),
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
    // A constraint rather than a unique index: lead's assignee key references it, and drizzle-kit
    // push does not see unique indexes that a foreign key depends on.
    unique("member_organization_user_unique").on(table.organizationId, table.userId),
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
     * When the subscription went past due (kept while it stays past due or unpaid, cleared when
     * it leaves those): the payment grace period counts from here. Set by a trigger (migration
     * 0010) on every write, whichever code path writes the status.
     */
    pastDueSince: timestamp("past_due_since", { withTimezone: true }),
    /**
     * Stripe `created` (epoch seconds) of the last event applied to this row. An event older
     * than this is stale and must not overwrite the state a newer one already set.
     */
    lastEventCreated: bigint("last_event_created", { mode: "number" }).notNull().default(0),
    ...timestamps(),
  },
  (table) => [
    // Child rows reference (id, organization_id), so they cannot point into another tenant.
    unique("subscription_organization_id_id_unique").on(table.id, table.organizationId),
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
    /** A subscription of this item's organization (composite foreign key with organization_id). */
    subscriptionId: text("subscription_id").notNull(),
    // Denormalized from the subscription so row-level security needs no join.
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    stripePriceId: text("stripe_price_id").notNull(),
    stripeProductId: text("stripe_product_id").notNull(),
    quantity: integer("quantity").notNull().default(1),
    currentPeriodStart: stripeTime("current_period_start"),
    currentPeriodEnd: stripeTime("current_period_end"),
    // The price as Stripe charges it (since migration 0019; NULL on rows written before, until
    // the next event or reconcile writes them): what the subscription's MRR is computed from.
    /** Minor units per unit; NULL for a price without one (tiered). */
    unitAmount: integer("unit_amount"),
    /** Lower-case ISO code. */
    currency: text("currency"),
    recurringInterval: text("recurring_interval", { enum: BillingIntervalUnits }).$type<BillingIntervalUnit>(),
    recurringIntervalCount: integer("recurring_interval_count"),
    /** `licensed` (charged per quantity) or `metered` (charged per usage reported: no fixed MRR). */
    recurringUsageType: text("recurring_usage_type"),
    ...timestamps(),
  },
  (table) => [
    foreignKey({
      name: "subscription_item_subscription_fk",
      columns: [table.subscriptionId, table.organizationId],
      foreignColumns: [subscriptionTable.id, subscriptionTable.organizationId],
    }).onDelete("cascade"),
    index("subscription_item_subscription_id_idx").on(table.subscriptionId),
    index("subscription_item_organization_id_idx").on(table.organizationId),
    check("subscription_item_quantity_check", sql`${table.quantity} >= 0`),
    enumCheck("subscription_item_recurring_interval_check", table.recurringInterval, BillingIntervalUnits),
    tenantPolicy("subscription_item_tenant_read", table.organizationId, "read"),
  ],
);

/**
 * Every applied change of a subscription that matters to revenue (status, plan, seats, monthly
 * amount, currency, billing interval): one row per change, written by the same statement that
 * writes the subscription (`subscriptionWrite` in libs/billing). The staff console's revenue
 * report reads a subscription's state at any instant from here: its latest row at or before it.
 *
 * Appended in order, by a trigger (migration 0020) that every insert goes through: under the
 * subscription's row lock it reads the latest row, drops a row that changes nothing followed,
 * never lets a row's time go before the latest's, numbers it (`seq`) and fills the derived
 * columns below from the rows before it — so a month's figures need only that month's rows.
 * Updates are refused; rows go only with their subscription.
 */
export const subscriptionHistoryTable = pgTable(
  "subscription_history",
  {
    id: id(),
    /** A subscription of this row's organization (composite foreign key with organization_id). */
    subscriptionId: text("subscription_id").notNull(),
    // Before organization_id, as in subscription (drizzle-kit push pairs a composite key's
    // columns in table order: in another order it would drop and re-create the key every time).
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    status: text("status", { enum: SubscriptionStatuses }).$type<SubscriptionStatus>().notNull(),
    planId: text("plan_id"),
    quantity: integer("quantity").notNull(),
    /**
     * What the subscription's prices amount to per month, in the currency's minor units, whatever
     * its status (the report decides what counts as revenue): the sum over its items of unit
     * amount × quantity, normalised to a month. Metered prices and prices without a unit amount
     * count 0. Discounts and taxes are not in it.
     */
    mrrAmount: bigint("mrr_amount", { mode: "number" }).notNull(),
    /** Lower-case ISO code; NULL when unknown (backfilled rows: no prices were stored before 0019). */
    currency: text("currency"),
    /** The billing interval of the main (seat) item's price. */
    interval: text("interval", { enum: BillingIntervalUnits }).$type<BillingIntervalUnit>(),
    intervalCount: integer("interval_count"),
    /** The Stripe event that caused the change; NULL for reconcile and backfill. */
    stripeEventId: text("stripe_event_id"),
    source: text("source", { enum: SubscriptionHistorySources }).$type<SubscriptionHistorySource>().notNull(),
    /** When the change happened: the event's Stripe `created`, or when it was read from the API. */
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    // Append-only: no updated_at.
    createdAt: createdAt(),
    // Derived by the insert trigger (whatever the insert says): the subscription's rows in order,
    // and what the report needs of the rows before this one.
    /** 1, 2, 3… per subscription, in the order the rows were appended. */
    seq: integer("seq").notNull().default(0),
    /** The previous row's status, amount and currency (NULL on the subscription's first row). */
    previousStatus: text("previous_status", { enum: SubscriptionStatuses }).$type<SubscriptionStatus>(),
    previousMrrAmount: bigint("previous_mrr_amount", { mode: "number" }),
    previousCurrency: text("previous_currency"),
    /** When the subscription's first trial started, as of this row (NULL: no trial yet). */
    trialStartedAt: timestamp("trial_started_at", { withTimezone: true }),
    /** This row starts the subscription's first trial. */
    startsTrial: boolean("starts_trial").notNull().default(false),
    /** This row is the subscription's first change from trialing to active (its trial converted). */
    convertsTrial: boolean("converts_trial").notNull().default(false),
  },
  (table) => [
    foreignKey({
      name: "subscription_history_subscription_fk",
      columns: [table.subscriptionId, table.organizationId],
      foreignColumns: [subscriptionTable.id, subscriptionTable.organizationId],
    }).onDelete("cascade"),
    // A subscription's latest row (the write path's comparison, the report's state at an instant).
    index("subscription_history_subscription_idx").on(table.subscriptionId, table.occurredAt, table.createdAt),
    uniqueIndex("subscription_history_seq_unique").on(table.subscriptionId, table.seq),
    // A month's rows with everything the revenue report reads of them: an index-only scan.
    index("subscription_history_month_idx").on(
      table.occurredAt,
      table.subscriptionId,
      table.seq,
      table.status,
      table.currency,
      table.mrrAmount,
      table.previousStatus,
      table.previousCurrency,
      table.previousMrrAmount,
      table.startsTrial,
      table.convertsTrial,
      table.trialStartedAt,
    ),
    index("subscription_history_organization_idx").on(table.organizationId),
    enumCheck("subscription_history_status_check", table.status, SubscriptionStatuses),
    enumCheck("subscription_history_source_check", table.source, SubscriptionHistorySources),
    enumCheck("subscription_history_interval_check", table.interval, BillingIntervalUnits),
    check("subscription_history_amounts_check", sql`${table.quantity} >= 0 and ${table.mrrAmount} >= 0 and ${table.intervalCount} > 0`),
    check("subscription_history_currency_check", sql`${table.currency} ~ '^[a-z]{3}$'`),
    tenantPolicy("subscription_history_tenant_read", table.organizationId, "read"),
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
    // Child rows reference (id, organization_id), so they cannot point into another tenant.
    unique("order_organization_id_id_unique").on(table.id, table.organizationId),
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
    /** An order of this item's organization (composite foreign key with organization_id). */
    orderId: uuid("order_id").notNull(),
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
    foreignKey({
      name: "order_item_order_fk",
      columns: [table.orderId, table.organizationId],
      foreignColumns: [orderTable.id, orderTable.organizationId],
    }).onDelete("cascade"),
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
    // The staff console's list: newest first, by status or by type.
    index("billing_event_created_idx").on(table.createdAt, table.id),
    index("billing_event_status_created_idx").on(table.status, table.createdAt, table.id),
    index("billing_event_type_created_idx").on(table.type, table.createdAt, table.id),
    // The revenue report's payments: processed invoice events by month, and a failed invoice by its id.
    index("billing_event_invoice_created_idx")
      .on(table.type, table.stripeCreated)
      .where(sql`${table.status} = 'processed' and ${table.type} in ('invoice.paid', 'invoice.payment_failed')`),
    index("billing_event_failed_invoice_idx")
      .on(sql`(${table.payload} #>> '{data,object,id}')`)
      .where(sql`${table.status} = 'processed' and ${table.type} = 'invoice.payment_failed'`),
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
 * The revenue report's figures of each closed calendar month (UTC), so a report computes only the
 * months that changed. Two parts, each with its version: what the subscription history says of
 * the month (MRR movements per currency, subscription and trial counts) and what the invoice
 * events say (failed and recovered payments) — what happened in the month, never totals carried
 * over, so a change in one month leaves the others valid. Written by the report (libs/staff
 * `getRevenueReport`) for a month that ended over 10 minutes before, only if the part's version
 * is still the one its snapshot read; triggers on `subscription_history` and `billing_event`
 * (migration 0020) raise the version and clear the part of every month a change touches, in the
 * changing transaction, so a report computed from an older snapshot cannot store over a change.
 */
export const revenueMonthTable = pgTable("revenue_month", {
  /** The month's first instant, UTC. */
  month: timestamp("month", { withTimezone: true }).primaryKey(),
  historyVersion: bigint("history_version", { mode: "number" }).notNull().default(0),
  /** NULL: to compute. */
  history: jsonb("history").$type<Record<string, unknown>>(),
  paymentsVersion: bigint("payments_version", { mode: "number" }).notNull().default(0),
  /** NULL: to compute. */
  payments: jsonb("payments").$type<unknown[]>(),
});

/**
 * Organizations whose per-seat subscription must be brought to their member count: an outbox
 * written by a trigger on `member` in the very transaction that adds or removes a member
 * (migration 0009), whatever wrote it. The worker's `sync-seats` job calls Stripe for each row,
 * outside any transaction, and deletes the row when the count it set is still the one asked for.
 * So a membership change never waits on Stripe, and none is lost when Stripe is down.
 */
export const seatSyncTable = pgTable(
  "seat_sync",
  {
    organizationId: uuid("organization_id")
      .primaryKey()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    /** Moved by every membership change: the job deletes the row only if it did not move meanwhile. */
    requestedAt: timestamp("requested_at", { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** While set and in the future, one run of the job owns the row (it is calling Stripe). */
    leasedUntil: timestamp("leased_until", { withTimezone: true }),
    lastError: text("last_error"),
  },
  (table) => [index("seat_sync_next_attempt_idx").on(table.nextAttemptAt), check("seat_sync_attempts_check", sql`${table.attempts} >= 0`)],
);

/**
 * One row per job and scheduled minute, claimed by the first worker whose in-process schedule
 * (WORKER_SCHEDULE=true) reaches it: with several workers, each job runs once per period — a
 * lock alone only keeps two runs from overlapping, and a quick job would run again on the next
 * worker that arrives a moment later. Rows older than a week are deleted as new ones are claimed.
 */
export const scheduledJobRunTable = pgTable(
  "scheduled_job_run",
  {
    job: text("job").notNull(),
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }).notNull(),
    /** Which worker claimed it (host and process id), for the logs. */
    claimedBy: text("claimed_by").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.job, table.scheduledFor] })],
);

/**
 * Every staff action in the console (who, what, on what, why, before and after), written in the
 * same transaction as the action. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE from
 * every role (migration 0014), and tenant code holds no privilege on it. No foreign keys: the
 * record outlives the people and organizations it names.
 */
export const staffAuditLogTable = pgTable(
  "staff_audit_log",
  {
    id: id(),
    actorId: uuid("actor_id").notNull(),
    /** As it was when the action was taken. */
    actorEmail: text("actor_email").notNull(),
    /** What was done, e.g. `user.ban`, `user.impersonate.start`, `credits.adjust`, `billing_event.replay`. */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    /** The organization the action concerns, if any (shown on its page). Not `organization_id`: no tenant reads this table. */
    subjectOrganizationId: uuid("subject_organization_id"),
    reason: text("reason"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (table) => [
    index("staff_audit_log_created_idx").on(table.createdAt, table.id),
    index("staff_audit_log_actor_idx").on(table.actorId, table.createdAt),
    index("staff_audit_log_target_idx").on(table.targetType, table.targetId, table.createdAt),
    index("staff_audit_log_organization_idx").on(table.subjectOrganizationId, table.createdAt),
    check("staff_audit_log_action_check", sql`${table.action} ~ '^[a-z_]+(\\.[a-z_]+)+$'`),
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
    /**
     * The order that granted (or, refunded, took back) these credits: one of this row's
     * organization (composite foreign key with organization_id), or none.
     */
    orderId: uuid("order_id"),
    idempotencyKey: text("idempotency_key").notNull().unique("credit_transaction_idempotency_key_unique"),
    description: text("description").notNull(),
    ...timestamps(),
  },
  (table) => [
    // MATCH SIMPLE (the default): a row with no order is not checked. drizzle-kit push re-creates
    // this key every time (it reads the columns back in table order, organization_id first here
    // but second in "order", and mispairs them); the key it re-creates is this one, unchanged.
    foreignKey({
      name: "credit_transaction_order_fk",
      columns: [table.orderId, table.organizationId],
      foreignColumns: [orderTable.id, orderTable.organizationId],
    }).onDelete("cascade"),
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

/** The SQL of a lead's pipeline rank (`new` = 1 … `lost` = 7): the list sorts by status in pipeline order. */
export const leadStatusRank = (status: PgColumn) =>
  sql`array_position(array[${sql.raw(LeadStatuses.map((value) => `'${value}'`).join(", "))}]::text[], ${status})`;

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
    /** A member of this lead's organization (composite foreign key to member), or nobody. */
    assignedToId: uuid("assigned_to_id"),
    /**
     * Order inside its pipeline column on the board (ascending). New leads go on top (minus the
     * creation time in epoch seconds); a card dropped between two others gets the midpoint —
     * numeric, so there is always room between two neighbours.
     */
    position: numeric("position", { mode: "string" })
      .notNull()
      // A function (migration 0005): drizzle-kit push compares a call by name, not an expression.
      .default(sql`lead_default_position()`),
    // Sort keys of the list, kept by PostgreSQL (generated columns rather than expression indexes,
    // which drizzle-kit push cannot compare): case-insensitive names, blank company and value
    // first when ascending, status in pipeline order.
    sortName: text("sort_name")
      .notNull()
      .generatedAlwaysAs((): SQL => sql`lower(${leadTable.firstName} || ' ' || ${leadTable.lastName})`),
    sortCompany: text("sort_company")
      .notNull()
      .generatedAlwaysAs((): SQL => sql`lower(coalesce(${leadTable.company}, ''))`),
    sortValue: numeric("sort_value", { mode: "string" })
      .notNull()
      .generatedAlwaysAs((): SQL => sql`coalesce(${leadTable.estimatedValue}, -1)`),
    // Nullable, so a bad status fails its CHECK constraint rather than this column's NOT NULL.
    statusRank: integer("status_rank")
      .generatedAlwaysAs((): SQL => leadStatusRank(leadTable.status)),
    /** What substring search looks in: names, email and company, lower-cased, in one column. */
    search: text("search")
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`lower(${leadTable.firstName} || ' ' || ${leadTable.lastName} || ' ' || coalesce(${leadTable.email}, '') || ' ' || coalesce(${leadTable.company}, ''))`,
      ),
    ...timestamps(),
  },
  (table) => [
    // Child rows reference (organization_id, id), so they cannot point into another tenant.
    // Listed as PostgreSQL numbers the columns (id first), which is how drizzle-kit push reads it back.
    unique("lead_organization_id_id_unique").on(table.id, table.organizationId),
    foreignKey({
      name: "lead_assignee_member_fk",
      columns: [table.organizationId, table.assignedToId],
      foreignColumns: [memberTable.organizationId, memberTable.userId],
      // The migration narrows this to SET NULL (assigned_to_id): the lead stays in its
      // organization and is unassigned when its assignee leaves.
    }).onDelete("set null"),
    index("lead_assigned_to_id_idx").on(table.organizationId, table.assignedToId),
    // Duplicates by email (imports): emails are stored lower-cased (the lead schema normalises them).
    index("lead_email_idx").on(table.organizationId, table.email),
    // One index per sort of the list, each scoped by organization and ending with the id (the
    // keyset tiebreaker): any page of any sort is an index range scan within one tenant.
    index("lead_sort_created_idx").on(table.organizationId, table.createdAt, table.id),
    index("lead_sort_updated_idx").on(table.organizationId, table.updatedAt, table.id),
    index("lead_sort_name_idx").on(table.organizationId, table.sortName, table.id),
    index("lead_sort_company_idx").on(table.organizationId, table.sortCompany, table.id),
    index("lead_sort_status_idx").on(table.organizationId, table.statusRank, table.id),
    index("lead_sort_value_idx").on(table.organizationId, table.sortValue, table.id),
    // The board: a column is (organization, status) in position order.
    index("lead_board_idx").on(table.organizationId, table.status, table.position, table.id),
    // Substring search within one organization (btree_gin puts the organization in the GIN key,
    // so a small tenant never pays for a big one's rows).
    index("lead_search_idx").using("gin", table.organizationId, table.search.op("gin_trgm_ops")),
    enumCheck("lead_status_check", table.status, LeadStatuses),
    enumCheck("lead_source_check", table.source, LeadSources),
    check("lead_estimated_value_check", sql`${table.estimatedValue} >= 0`),
    check("lead_first_name_check", sql`length(trim(${table.firstName})) > 0`),
    tenantPolicy("lead_tenant_isolation", table.organizationId, "write"),
  ],
);

/**
 * A lead's history: every change of status or assignee, who made it and when, written by a
 * trigger on `lead` (migration 0005) whatever the path — a form, the board, a bulk action, an
 * import, a member leaving. Tenant code may read it, not write it.
 */
export const leadActivityTable = pgTable(
  "lead_activity",
  {
    id: id(),
    // Before organization_id: the composite foreign key lists its columns in table order, which
    // is how drizzle-kit push reads it back.
    leadId: uuid("lead_id").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    /** Who changed it (`app.current_user_id` of the transaction); null for the system. */
    actorId: uuid("actor_id").references(() => userTable.id, { onDelete: "set null" }),
    kind: text("kind", { enum: LeadActivityKinds }).$type<LeadActivityKind>().notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    createdAt: createdAt(),
  },
  (table) => [
    foreignKey({
      name: "lead_activity_lead_fk",
      columns: [table.leadId, table.organizationId],
      foreignColumns: [leadTable.id, leadTable.organizationId],
    }).onDelete("cascade"),
    index("lead_activity_lead_idx").on(table.organizationId, table.leadId, table.createdAt),
    enumCheck("lead_activity_kind_check", table.kind, LeadActivityKinds),
    tenantPolicy("lead_activity_tenant_read", table.organizationId, "read"),
  ],
);

/**
 * A CSV import of leads: the uploaded file (in `lead_import_chunk`, so any instance can run it),
 * the column mapping the person chose, and the run's progress and outcome. The run happens off
 * the request (`runLeadImport` in libs/leads): validate every row, then — when there are no
 * errors, or the person chose to import the valid rows only — write them all in one transaction.
 */
export const leadImportTable = pgTable(
  "lead_import",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    createdById: uuid("created_by_id").references(() => userTable.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    fileBytes: integer("file_bytes").notNull(),
    /** The file's header row, as uploaded. */
    header: jsonb("header").$type<string[]>().notNull(),
    /** Lead field → index of the file's column, chosen by the person (guessed from the header). */
    mapping: jsonb("mapping").$type<Record<string, number>>(),
    duplicateMode: text("duplicate_mode", { enum: LeadImportDuplicateModes }).$type<LeadImportDuplicateMode>(),
    /** The person said to import the valid rows and leave out the invalid ones. */
    skipInvalidRows: boolean("skip_invalid_rows").notNull().default(false),
    /**
     * The plan's lead limit when the import was started (null: none). The run checks the final
     * count against it before committing, so an import cannot carry an organization past it.
     */
    leadLimit: integer("lead_limit"),
    status: text("status", { enum: LeadImportStatuses }).$type<LeadImportStatus>().notNull().default(LeadImportStatus.uploaded),
    totalRows: integer("total_rows"),
    processedRows: integer("processed_rows").notNull().default(0),
    insertedRows: integer("inserted_rows").notNull().default(0),
    updatedRows: integer("updated_rows").notNull().default(0),
    skippedRows: integer("skipped_rows").notNull().default(0),
    errorRows: integer("error_rows").notNull().default(0),
    /** Why the run failed as a whole (a malformed file), as the person reads it. */
    failure: text("failure"),
    /** The run's lease: another instance takes over a run whose lease has lapsed (a crash). */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    ...timestamps(),
  },
  (table) => [
    unique("lead_import_organization_id_id_unique").on(table.id, table.organizationId),
    index("lead_import_organization_created_idx").on(table.organizationId, table.createdAt),
    index("lead_import_runnable_idx").on(table.lockedUntil).where(sql`${table.status} in ('queued', 'running')`),
    enumCheck("lead_import_status_check", table.status, LeadImportStatuses),
    enumCheck("lead_import_duplicate_mode_check", table.duplicateMode, LeadImportDuplicateModes),
    check("lead_import_counts_check", sql`${table.processedRows} >= 0 and ${table.insertedRows} >= 0 and ${table.updatedRows} >= 0 and ${table.skippedRows} >= 0 and ${table.errorRows} >= 0`),
    tenantPolicy("lead_import_tenant_isolation", table.organizationId, "write"),
  ],
);

/** The uploaded file of an import, in pieces of up to 1 MiB, read back in order by the run. */
export const leadImportChunkTable = pgTable(
  "lead_import_chunk",
  {
    id: id(),
    importId: uuid("import_id").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (table) => [
    uniqueIndex("lead_import_chunk_import_seq_unique").on(table.importId, table.seq),
    foreignKey({
      name: "lead_import_chunk_import_fk",
      columns: [table.importId, table.organizationId],
      foreignColumns: [leadImportTable.id, leadImportTable.organizationId],
    }).onDelete("cascade"),
    tenantPolicy("lead_import_chunk_tenant_isolation", table.organizationId, "write"),
  ],
);

/** A row of an import the run refused: its line in the file, the column, and why. */
export const leadImportErrorTable = pgTable(
  "lead_import_error",
  {
    id: id(),
    importId: uuid("import_id").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    column: text("column").notNull(),
    message: text("message").notNull(),
  },
  (table) => [
    index("lead_import_error_import_idx").on(table.organizationId, table.importId, table.line),
    foreignKey({
      name: "lead_import_error_import_fk",
      columns: [table.importId, table.organizationId],
      foreignColumns: [leadImportTable.id, leadImportTable.organizationId],
    }).onDelete("cascade"),
    tenantPolicy("lead_import_error_tenant_isolation", table.organizationId, "write"),
  ],
);

export const aiChatTable = pgTable(
  "ai_chat",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    /** The author: a chat is private to them inside the organization (row-level security). */
    userId: uuid("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    title: text("title").notNull().default("New chat"),
    ...timestamps(),
  },
  (table) => [
    index("ai_chat_organization_user_updated_idx").on(
      table.organizationId,
      table.userId,
      table.updatedAt,
    ),
    unique("ai_chat_id_organization_user_unique").on(table.id, table.organizationId, table.userId),
    authorPolicy("ai_chat_author_only", table.organizationId, table.userId),
  ],
);

/**
 * One message of an AI chat, a row each (two tabs writing to one chat lose nothing): the AI SDK's
 * UI message id and parts. The user's message is saved before the model is called, the answer
 * when it ends — or what was streamed when it was stopped or failed, marked so.
 */
export const aiMessageTable = pgTable(
  "ai_message",
  {
    id: id(),
    // In the foreign key's order (drizzle-kit push reads composite keys back in table order).
    chatId: uuid("chat_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    /** The chat's author (the row-level security key, kept equal to the chat's by the foreign key). */
    userId: uuid("user_id").notNull(),
    /** The AI SDK's UI message id, unique in its chat: saving a message again replaces it. */
    messageId: text("message_id").notNull(),
    role: text("role", { enum: AiMessageRoles }).$type<AiMessageRole>().notNull(),
    /** The AI SDK UI message parts (text, tool calls with their input and output…). */
    parts: jsonb("parts").$type<unknown[]>().notNull(),
    status: text("status", { enum: AiMessageStatuses }).$type<AiMessageStatus>().notNull().default("complete"),
    ...timestamps(),
  },
  (table) => [
    foreignKey({
      name: "ai_message_chat_fk",
      columns: [table.chatId, table.organizationId, table.userId],
      foreignColumns: [aiChatTable.id, aiChatTable.organizationId, aiChatTable.userId],
    }).onDelete("cascade"),
    unique("ai_message_chat_message_unique").on(table.chatId, table.messageId),
    index("ai_message_chat_created_idx").on(table.chatId, table.createdAt, table.id),
    check("ai_message_parts_array_check", sql`jsonb_typeof(${table.parts}) = 'array'`),
    enumCheck("ai_message_role_check", table.role, AiMessageRoles),
    enumCheck("ai_message_status_check", table.status, AiMessageStatuses),
    authorPolicy("ai_message_author_only", table.organizationId, table.userId),
  ],
);

/**
 * What each AI answer used and cost: tokens per organization, person, chat and model, and its
 * credits — reserved before the model is called, settled when the answer ends (see
 * `libs/billing/src/ai-credits.ts`). Credits come from the plan's monthly allowance first
 * (`allowance_credits`), then from bought credits (a `usage` row in `credit_transaction`).
 */
export const aiUsageTable = pgTable(
  "ai_usage",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizationTable.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => userTable.id, { onDelete: "set null" }),
    /**
     * The chat it was in. No foreign key: the usage stays, with this id, when the chat is deleted
     * (a key that cleared it would also have to carry organization_id, which must stay).
     */
    chatId: uuid("chat_id"),
    model: text("model").notNull(),
    status: text("status", { enum: AiUsageStatuses }).$type<AiUsageStatus>().notNull().default("reserved"),
    reservedCredits: integer("reserved_credits").notNull(),
    /**
     * Of the reservation, how much comes from the monthly allowance (decided when reserving, under
     * the organization's lock): settling charges the allowance up to this, the rest to bought credits.
     */
    reservedAllowanceCredits: integer("reserved_allowance_credits").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    /** Charged when settled: at most the reservation. */
    credits: integer("credits").notNull().default(0),
    /** Of `credits`, those taken from the monthly allowance (the rest are bought credits). */
    allowanceCredits: integer("allowance_credits").notNull().default(0),
    createdAt: createdAt(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (table) => [
    index("ai_usage_organization_created_idx").on(table.organizationId, table.createdAt),
    index("ai_usage_reserved_idx").on(table.organizationId).where(sql`${table.status} = 'reserved'`),
    enumCheck("ai_usage_status_check", table.status, AiUsageStatuses),
    check(
      "ai_usage_credits_check",
      sql`${table.reservedCredits} > 0 and ${table.credits} between 0 and ${table.reservedCredits} and ${table.allowanceCredits} between 0 and ${table.credits} and ${table.inputTokens} >= 0 and ${table.outputTokens} >= 0`,
    ),
    check("ai_usage_reserved_allowance_check", sql`${table.reservedAllowanceCredits} between 0 and ${table.reservedCredits}`),
    tenantPolicy("ai_usage_tenant_read", table.organizationId, "read"),
  ],
);
