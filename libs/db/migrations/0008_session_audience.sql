-- Which app issued a session: only that app accepts it, so a customer's web session cookie copied
-- under the staff console's cookie name is no console session (and the other way round).
-- Sessions that exist already are counted as the web app's: a staff member signs in to the
-- console again once. New sessions must name their app (no default).
ALTER TABLE "session" ADD COLUMN "audience" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "session" ALTER COLUMN "audience" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_audience_check" CHECK ("session"."audience" in ('customer', 'staff'));
