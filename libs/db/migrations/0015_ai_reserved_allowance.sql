-- An AI answer's share of the monthly allowance is decided when its credits are reserved (under
-- the organization's lock), so settling needs no lock of its own. Settled rows keep what they took.
ALTER TABLE "ai_usage" ADD COLUMN "reserved_allowance_credits" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "ai_usage" SET "reserved_allowance_credits" = "allowance_credits" WHERE "status" = 'settled';--> statement-breakpoint
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_reserved_allowance_check" CHECK ("ai_usage"."reserved_allowance_credits" between 0 and "ai_usage"."reserved_credits");