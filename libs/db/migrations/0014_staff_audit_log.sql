-- The staff console's audit trail: append-only. A trigger refuses UPDATE, DELETE and TRUNCATE
-- whoever asks (the apps connect as the tables' owner, whom grants would not stop).
CREATE TABLE "staff_audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid NOT NULL,
	"actor_email" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"subject_organization_id" uuid,
	"reason" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_audit_log_action_check" CHECK ("staff_audit_log"."action" ~ '^[a-z_]+(\.[a-z_]+)+$')
);
--> statement-breakpoint
CREATE INDEX "staff_audit_log_created_idx" ON "staff_audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "staff_audit_log_actor_idx" ON "staff_audit_log" USING btree ("actor_id","created_at");--> statement-breakpoint
CREATE INDEX "staff_audit_log_target_idx" ON "staff_audit_log" USING btree ("target_type","target_id","created_at");--> statement-breakpoint
CREATE INDEX "staff_audit_log_organization_idx" ON "staff_audit_log" USING btree ("subject_organization_id","created_at");--> statement-breakpoint
CREATE OR REPLACE FUNCTION "staff_audit_log_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'staff_audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "staff_audit_log_no_update_or_delete"
BEFORE UPDATE OR DELETE ON "staff_audit_log"
FOR EACH ROW EXECUTE FUNCTION "staff_audit_log_append_only"();--> statement-breakpoint
CREATE TRIGGER "staff_audit_log_no_truncate"
BEFORE TRUNCATE ON "staff_audit_log"
FOR EACH STATEMENT EXECUTE FUNCTION "staff_audit_log_append_only"();
