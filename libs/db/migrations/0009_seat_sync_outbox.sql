CREATE TABLE "seat_sync" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"requested_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"leased_until" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "seat_sync_attempts_check" CHECK ("seat_sync"."attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "seat_sync" ADD CONSTRAINT "seat_sync_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seat_sync_next_attempt_idx" ON "seat_sync" USING btree ("next_attempt_at");--> statement-breakpoint
-- Every membership change asks for a seat sync in its own transaction, whoever made it (Better
-- Auth, the staff console, a script): commit and the worker will bring Stripe to the new count;
-- roll back and nothing was asked. A change while a sync runs moves requested_at, so that sync
-- does not delete the row and the next one sets the newer count. Members deleted with their
-- organization ask for nothing (the organization is already gone when the cascade reaches them).
CREATE FUNCTION request_seat_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  org uuid := COALESCE(NEW.organization_id, OLD.organization_id);
BEGIN
  INSERT INTO seat_sync (organization_id)
  SELECT org WHERE EXISTS (SELECT 1 FROM organization WHERE id = org)
  ON CONFLICT (organization_id) DO UPDATE
    SET requested_at = clock_timestamp(), attempts = 0, next_attempt_at = now(), last_error = NULL;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER member_requests_seat_sync
AFTER INSERT OR DELETE ON member
FOR EACH ROW EXECUTE FUNCTION request_seat_sync();
