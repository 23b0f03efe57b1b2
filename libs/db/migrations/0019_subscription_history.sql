CREATE TABLE "subscription_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"status" text NOT NULL,
	"plan_id" text,
	"quantity" integer NOT NULL,
	"mrr_amount" bigint NOT NULL,
	"currency" text,
	"interval" text,
	"interval_count" integer,
	"stripe_event_id" text,
	"source" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_history_status_check" CHECK ("subscription_history"."status" in ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
	CONSTRAINT "subscription_history_source_check" CHECK ("subscription_history"."source" in ('event', 'fetched', 'reconcile', 'backfill')),
	CONSTRAINT "subscription_history_interval_check" CHECK ("subscription_history"."interval" in ('day', 'week', 'month', 'year')),
	CONSTRAINT "subscription_history_amounts_check" CHECK ("subscription_history"."quantity" >= 0 and "subscription_history"."mrr_amount" >= 0 and "subscription_history"."interval_count" > 0),
	CONSTRAINT "subscription_history_currency_check" CHECK ("subscription_history"."currency" ~ '^[a-z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "subscription_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "subscription_item" ADD COLUMN "unit_amount" integer;--> statement-breakpoint
ALTER TABLE "subscription_item" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "subscription_item" ADD COLUMN "recurring_interval" text;--> statement-breakpoint
ALTER TABLE "subscription_item" ADD COLUMN "recurring_interval_count" integer;--> statement-breakpoint
ALTER TABLE "subscription_item" ADD COLUMN "recurring_usage_type" text;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD CONSTRAINT "subscription_history_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD CONSTRAINT "subscription_history_subscription_fk" FOREIGN KEY ("subscription_id","organization_id") REFERENCES "public"."subscription"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscription_history_subscription_idx" ON "subscription_history" USING btree ("subscription_id","occurred_at","created_at");--> statement-breakpoint
CREATE INDEX "subscription_history_occurred_idx" ON "subscription_history" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "subscription_history_organization_idx" ON "subscription_history" USING btree ("organization_id");--> statement-breakpoint
ALTER TABLE "subscription_item" ADD CONSTRAINT "subscription_item_recurring_interval_check" CHECK ("subscription_item"."recurring_interval" in ('day', 'week', 'month', 'year'));--> statement-breakpoint
CREATE POLICY "subscription_history_tenant_read" ON "subscription_history" AS PERMISSIVE FOR SELECT TO "app_tenant" USING ("subscription_history"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid);
--> statement-breakpoint
GRANT SELECT ON "subscription_history" TO app_tenant;--> statement-breakpoint
-- Backfill (hand-written): one row per subscription that exists before the history does, with
-- its current state as of when we first stored it (created_at) — the changes before are not
-- recorded anywhere. Before this migration no price amounts were stored (subscription_item had
-- only the price id), so these rows cannot say what the subscription is worth: mrr_amount 0 and
-- currency NULL, which the revenue report leaves out of every currency (it still counts the
-- subscription as active or trialing). Its next event, or the reconcile job (which now finds
-- the items' new price columns empty and rewrites them), writes a row with the amount.
INSERT INTO "subscription_history" ("organization_id", "subscription_id", "status", "plan_id", "quantity",
  "mrr_amount", "currency", "interval", "interval_count", "stripe_event_id", "source", "occurred_at")
SELECT "organization_id", "id", "status", "plan_id", "quantity", 0, NULL, NULL, NULL, NULL, 'backfill', "created_at"
FROM "subscription";
