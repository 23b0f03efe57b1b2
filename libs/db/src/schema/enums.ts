/**
 * Every enum is an `as const` object (for `LeadStatus.won`), a type of the same name, and an
 * array of its values (for dropdowns and zod). Columns store them as text; each enum column also
 * has a CHECK constraint (see `enumCheck` in tables.ts) so the database refuses a bad value too.
 */

type EnumValues<T extends Record<string, string>> = [T[keyof T], ...T[keyof T][]];

/** Turns an enum object into the non-empty tuple drizzle's `text({ enum })` expects. */
export function enumToPgEnum<T extends Record<string, string>>(myEnum: T): EnumValues<T> {
  return Object.values(myEnum) as EnumValues<T>;
}

/** Platform role (user.role): `admin` is staff, with access to the admin console. */
export const UserRole = {
  user: "user",
  admin: "admin",
} as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];
export const UserRoles = enumToPgEnum(UserRole);

/** Which app issued a session (session.audience): it is usable only there. */
export const SessionAudience = {
  customer: "customer",
  staff: "staff",
} as const;
export type SessionAudience = (typeof SessionAudience)[keyof typeof SessionAudience];
export const SessionAudiences = enumToPgEnum(SessionAudience);

/** Organization role (member.role, invitation.role). */
export const MemberRole = {
  owner: "owner",
  admin: "admin",
  member: "member",
} as const;
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];
export const MemberRoles = enumToPgEnum(MemberRole);

export const InvitationStatus = {
  pending: "pending",
  accepted: "accepted",
  rejected: "rejected",
  canceled: "canceled",
  expired: "expired",
} as const;
export type InvitationStatus = (typeof InvitationStatus)[keyof typeof InvitationStatus];
export const InvitationStatuses = enumToPgEnum(InvitationStatus);

/** Lead pipeline stages, in pipeline order. */
export const LeadStatus = {
  new: "new",
  contacted: "contacted",
  qualified: "qualified",
  proposal: "proposal",
  negotiation: "negotiation",
  won: "won",
  lost: "lost",
} as const;
export type LeadStatus = (typeof LeadStatus)[keyof typeof LeadStatus];
export const LeadStatuses = enumToPgEnum(LeadStatus);

export const LeadSource = {
  website: "website",
  referral: "referral",
  social: "social",
  email: "email",
  event: "event",
  advertising: "advertising",
  cold_outreach: "cold_outreach",
  partner: "partner",
  other: "other",
} as const;
export type LeadSource = (typeof LeadSource)[keyof typeof LeadSource];
export const LeadSources = enumToPgEnum(LeadSource);

/** Every status a Stripe subscription can have (Stripe API `subscription.status`). */
export const SubscriptionStatus = {
  incomplete: "incomplete",
  incomplete_expired: "incomplete_expired",
  trialing: "trialing",
  active: "active",
  past_due: "past_due",
  canceled: "canceled",
  unpaid: "unpaid",
  paused: "paused",
} as const;
export type SubscriptionStatus = (typeof SubscriptionStatus)[keyof typeof SubscriptionStatus];
export const SubscriptionStatuses = enumToPgEnum(SubscriptionStatus);

/** What wrote a subscription_history row. */
export const SubscriptionHistorySource = {
  /** The subscription inside a webhook event (`stripe_event_id` names it). */
  event: "event",
  /** Read from the Stripe API because of an event (`stripe_event_id` names it). */
  fetched: "fetched",
  /** Read from the Stripe API by the reconcile job (no event). */
  reconcile: "reconcile",
  /** Written by migration 0019 for the subscriptions that existed before the history did. */
  backfill: "backfill",
} as const;
export type SubscriptionHistorySource = (typeof SubscriptionHistorySource)[keyof typeof SubscriptionHistorySource];
export const SubscriptionHistorySources = enumToPgEnum(SubscriptionHistorySource);

/** A Stripe price's billing interval (`price.recurring.interval`). */
export const BillingIntervalUnit = {
  day: "day",
  week: "week",
  month: "month",
  year: "year",
} as const;
export type BillingIntervalUnit = (typeof BillingIntervalUnit)[keyof typeof BillingIntervalUnit];
export const BillingIntervalUnits = enumToPgEnum(BillingIntervalUnit);

/** A one-time purchase (Stripe Checkout in `payment` mode). */
export const OrderStatus = {
  pending: "pending",
  paid: "paid",
  failed: "failed",
  canceled: "canceled",
  partially_refunded: "partially_refunded",
  refunded: "refunded",
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];
export const OrderStatuses = enumToPgEnum(OrderStatus);

/** Where a received Stripe webhook event is in its processing. */
export const BillingEventStatus = {
  /** Recorded, not yet applied (or being applied). */
  pending: "pending",
  /** Applied; a redelivery is acknowledged and ignored. */
  processed: "processed",
  /** Applying threw; retried with backoff by the `retry-billing-events` job. */
  failed: "failed",
  /** Retried too many times; needs a person (the admin console can replay it). */
  dead: "dead",
  /** Resolved to no organization; kept and visible, never silently dropped. */
  unmatched: "unmatched",
  /** A type we do not handle; recorded and acknowledged. */
  ignored: "ignored",
} as const;
export type BillingEventStatus = (typeof BillingEventStatus)[keyof typeof BillingEventStatus];
export const BillingEventStatuses = enumToPgEnum(BillingEventStatus);

/** Why a credit balance changed (credit_transaction.reason). */
export const CreditTransactionReason = {
  /** A one-time credit pack was paid for. */
  purchase: "purchase",
  /** Credits taken back because the order that granted them was refunded. */
  refund: "refund",
  /** Credits spent by the product. */
  usage: "usage",
  /** A manual correction by staff. */
  adjustment: "adjustment",
} as const;
export type CreditTransactionReason = (typeof CreditTransactionReason)[keyof typeof CreditTransactionReason];
export const CreditTransactionReasons = enumToPgEnum(CreditTransactionReason);

/** What a lead_activity row records a change of. */
export const LeadActivityKind = {
  status: "status",
  assignee: "assignee",
} as const;
export type LeadActivityKind = (typeof LeadActivityKind)[keyof typeof LeadActivityKind];
export const LeadActivityKinds = enumToPgEnum(LeadActivityKind);

/**
 * A lead import's life: uploaded (mapping to choose) → queued → running → completed; or
 * needs_review (invalid rows found, nothing written, the person decides), failed (the file
 * itself is unreadable), canceled.
 */
export const LeadImportStatus = {
  uploaded: "uploaded",
  queued: "queued",
  running: "running",
  needs_review: "needs_review",
  completed: "completed",
  failed: "failed",
  canceled: "canceled",
} as const;
export type LeadImportStatus = (typeof LeadImportStatus)[keyof typeof LeadImportStatus];
export const LeadImportStatuses = enumToPgEnum(LeadImportStatus);

/** What an import does with a row whose email matches an existing lead of the organization. */
export const LeadImportDuplicateMode = {
  skip: "skip",
  update: "update",
  create: "create",
} as const;
export type LeadImportDuplicateMode = (typeof LeadImportDuplicateMode)[keyof typeof LeadImportDuplicateMode];
export const LeadImportDuplicateModes = enumToPgEnum(LeadImportDuplicateMode);

/** Who wrote an AI assistant message. */
export const AiMessageRole = {
  user: "user",
  assistant: "assistant",
} as const;
export type AiMessageRole = (typeof AiMessageRole)[keyof typeof AiMessageRole];
export const AiMessageRoles = enumToPgEnum(AiMessageRole);

/** How an assistant message ended: whole, stopped by the person, or cut by an error (what was streamed is kept). */
export const AiMessageStatus = {
  complete: "complete",
  stopped: "stopped",
  failed: "failed",
} as const;
export type AiMessageStatus = (typeof AiMessageStatus)[keyof typeof AiMessageStatus];
export const AiMessageStatuses = enumToPgEnum(AiMessageStatus);

/**
 * An AI answer's credits: `reserved` before the model is called (the most it may cost), `settled`
 * when it ends (what it cost, never more than reserved).
 */
export const AiUsageStatus = {
  reserved: "reserved",
  settled: "settled",
} as const;
export type AiUsageStatus = (typeof AiUsageStatus)[keyof typeof AiUsageStatus];
export const AiUsageStatuses = enumToPgEnum(AiUsageStatus);
