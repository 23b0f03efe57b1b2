-- btree_gin lets one GIN index hold the organization beside the search trigrams (lead_search_idx).
-- Trusted since PostgreSQL 13, so the database owner creates it without a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE TABLE "lead_activity" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_activity_kind_check" CHECK ("lead_activity"."kind" in ('status', 'assignee'))
);
--> statement-breakpoint
ALTER TABLE "lead_activity" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "lead_import_chunk" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lead_import_chunk" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "lead_import_error" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"column" text NOT NULL,
	"message" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lead_import_error" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "lead_import" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_by_id" uuid,
	"file_name" text NOT NULL,
	"file_bytes" integer NOT NULL,
	"header" jsonb NOT NULL,
	"mapping" jsonb,
	"duplicate_mode" text,
	"skip_invalid_rows" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"inserted_rows" integer DEFAULT 0 NOT NULL,
	"updated_rows" integer DEFAULT 0 NOT NULL,
	"skipped_rows" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"locked_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_import_organization_id_id_unique" UNIQUE("id","organization_id"),
	CONSTRAINT "lead_import_status_check" CHECK ("lead_import"."status" in ('uploaded', 'queued', 'running', 'needs_review', 'completed', 'failed', 'canceled')),
	CONSTRAINT "lead_import_duplicate_mode_check" CHECK ("lead_import"."duplicate_mode" in ('skip', 'update', 'create')),
	CONSTRAINT "lead_import_counts_check" CHECK ("lead_import"."processed_rows" >= 0 and "lead_import"."inserted_rows" >= 0 and "lead_import"."updated_rows" >= 0 and "lead_import"."skipped_rows" >= 0 and "lead_import"."error_rows" >= 0)
);
--> statement-breakpoint
ALTER TABLE "lead_import" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "lead" DROP CONSTRAINT "lead_assigned_to_id_user_id_fk";
--> statement-breakpoint
DROP INDEX "lead_organization_status_idx";--> statement-breakpoint
DROP INDEX "lead_organization_created_idx";--> statement-breakpoint
DROP INDEX "lead_first_name_trgm_idx";--> statement-breakpoint
DROP INDEX "lead_last_name_trgm_idx";--> statement-breakpoint
DROP INDEX "lead_email_trgm_idx";--> statement-breakpoint
DROP INDEX "lead_company_trgm_idx";--> statement-breakpoint
DROP INDEX "lead_assigned_to_id_idx";--> statement-breakpoint
-- New leads go on top of their board column: minus the creation time, in epoch seconds.
CREATE FUNCTION "lead_default_position"() RETURNS numeric LANGUAGE sql VOLATILE AS $$ SELECT -extract(epoch from clock_timestamp()) $$;--> statement-breakpoint
ALTER TABLE "lead" ADD COLUMN "position" numeric DEFAULT lead_default_position() NOT NULL;--> statement-breakpoint
-- Existing leads: newest on top of their column, as new ones will be.
UPDATE "lead" SET "position" = -extract(epoch from "created_at");--> statement-breakpoint
ALTER TABLE "lead" ADD COLUMN "sort_name" text GENERATED ALWAYS AS (lower("lead"."first_name" || ' ' || "lead"."last_name")) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "lead" ADD COLUMN "sort_company" text GENERATED ALWAYS AS (lower(coalesce("lead"."company", ''))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "lead" ADD COLUMN "sort_value" numeric GENERATED ALWAYS AS (coalesce("lead"."estimated_value", -1)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "lead" ADD COLUMN "status_rank" integer GENERATED ALWAYS AS (array_position(array['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost']::text[], "lead"."status")) STORED;--> statement-breakpoint
ALTER TABLE "lead" ADD COLUMN "search" text GENERATED ALWAYS AS (lower("lead"."first_name" || ' ' || "lead"."last_name" || ' ' || coalesce("lead"."email", '') || ' ' || coalesce("lead"."company", ''))) STORED NOT NULL;--> statement-breakpoint
-- The composite keys child rows reference, before the foreign keys that need them.
CREATE UNIQUE INDEX "lead_import_chunk_import_seq_unique" ON "lead_import_chunk" USING btree ("import_id","seq");--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_organization_id_id_unique" UNIQUE("id","organization_id");--> statement-breakpoint
-- The existing unique index becomes the constraint, without a rebuild or a moment without it.
ALTER TABLE "member" ADD CONSTRAINT "member_organization_user_unique" UNIQUE USING INDEX "member_organization_user_unique";--> statement-breakpoint
-- A lead's assignee is a member of the lead's organization, enforced by the database (a plain
-- foreign key to "user" let it point at anyone on the platform: foreign-key checks bypass
-- row-level security). Assignees who are not members are unassigned first. When a member
-- leaves, only assigned_to_id is set to NULL (PostgreSQL 15+ column list), never organization_id.
UPDATE "lead" SET "assigned_to_id" = NULL
  WHERE "assigned_to_id" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "member" WHERE "member"."organization_id" = "lead"."organization_id" AND "member"."user_id" = "lead"."assigned_to_id");--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_assignee_member_fk" FOREIGN KEY ("organization_id","assigned_to_id") REFERENCES "public"."member"("organization_id","user_id") ON DELETE SET NULL ("assigned_to_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_activity" ADD CONSTRAINT "lead_activity_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_activity" ADD CONSTRAINT "lead_activity_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_activity" ADD CONSTRAINT "lead_activity_lead_fk" FOREIGN KEY ("lead_id","organization_id") REFERENCES "public"."lead"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_import_chunk" ADD CONSTRAINT "lead_import_chunk_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_import_chunk" ADD CONSTRAINT "lead_import_chunk_import_fk" FOREIGN KEY ("import_id","organization_id") REFERENCES "public"."lead_import"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_import_error" ADD CONSTRAINT "lead_import_error_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_import_error" ADD CONSTRAINT "lead_import_error_import_fk" FOREIGN KEY ("import_id","organization_id") REFERENCES "public"."lead_import"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_import" ADD CONSTRAINT "lead_import_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_import" ADD CONSTRAINT "lead_import_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_activity_lead_idx" ON "lead_activity" USING btree ("organization_id","lead_id","created_at");--> statement-breakpoint
CREATE INDEX "lead_import_error_import_idx" ON "lead_import_error" USING btree ("organization_id","import_id","line");--> statement-breakpoint
CREATE INDEX "lead_import_organization_created_idx" ON "lead_import" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "lead_import_runnable_idx" ON "lead_import" USING btree ("locked_until") WHERE "lead_import"."status" in ('queued', 'running');--> statement-breakpoint

CREATE INDEX "lead_email_idx" ON "lead" USING btree ("organization_id","email");--> statement-breakpoint
CREATE INDEX "lead_sort_created_idx" ON "lead" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "lead_sort_updated_idx" ON "lead" USING btree ("organization_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "lead_sort_name_idx" ON "lead" USING btree ("organization_id","sort_name","id");--> statement-breakpoint
CREATE INDEX "lead_sort_company_idx" ON "lead" USING btree ("organization_id","sort_company","id");--> statement-breakpoint
CREATE INDEX "lead_sort_status_idx" ON "lead" USING btree ("organization_id","status_rank","id");--> statement-breakpoint
CREATE INDEX "lead_sort_value_idx" ON "lead" USING btree ("organization_id","sort_value","id");--> statement-breakpoint
CREATE INDEX "lead_board_idx" ON "lead" USING btree ("organization_id","status","position","id");--> statement-breakpoint
CREATE INDEX "lead_search_idx" ON "lead" USING gin ("organization_id","search" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "lead_assigned_to_id_idx" ON "lead" USING btree ("organization_id","assigned_to_id");--> statement-breakpoint
CREATE POLICY "lead_activity_tenant_read" ON "lead_activity" AS PERMISSIVE FOR SELECT TO "app_tenant" USING ("lead_activity"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "lead_import_chunk_tenant_isolation" ON "lead_import_chunk" AS PERMISSIVE FOR ALL TO "app_tenant" USING ("lead_import_chunk"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid) WITH CHECK ("lead_import_chunk"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "lead_import_error_tenant_isolation" ON "lead_import_error" AS PERMISSIVE FOR ALL TO "app_tenant" USING ("lead_import_error"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid) WITH CHECK ("lead_import_error"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "lead_import_tenant_isolation" ON "lead_import" AS PERMISSIVE FOR ALL TO "app_tenant" USING ("lead_import"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid) WITH CHECK ("lead_import"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written epilogue -------------------------------------------------------------------------
-- Every update of a lead moves updated_at forward by at least a millisecond (the precision a
-- browser keeps), so an edit that started from an older updated_at is always recognised as stale.
CREATE FUNCTION "lead_touch_updated_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := date_trunc('milliseconds', greatest(clock_timestamp(), OLD.updated_at + interval '1 millisecond'));
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "lead_touch_updated_at" BEFORE UPDATE ON "lead" FOR EACH ROW EXECUTE FUNCTION "lead_touch_updated_at"();--> statement-breakpoint
-- The history of status and assignee changes, whatever wrote them (a form, the board, a bulk
-- action, an import, a member leaving). SECURITY DEFINER: tenant code may read the history but not
-- write it; the row written is the updated lead's own organization, so it cannot cross tenants.
CREATE FUNCTION "lead_record_activity"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  actor uuid := nullif(current_setting('app.current_user_id', true), '')::uuid;
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    INSERT INTO "lead_activity" ("organization_id", "lead_id", "actor_id", "kind", "from_value", "to_value")
      VALUES (NEW.organization_id, NEW.id, actor, 'status', OLD.status, NEW.status);
  END IF;
  IF NEW.assigned_to_id IS DISTINCT FROM OLD.assigned_to_id THEN
    INSERT INTO "lead_activity" ("organization_id", "lead_id", "actor_id", "kind", "from_value", "to_value")
      VALUES (NEW.organization_id, NEW.id, actor, 'assignee', OLD.assigned_to_id::text, NEW.assigned_to_id::text);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "lead_record_activity" AFTER UPDATE OF "status", "assigned_to_id" ON "lead" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assigned_to_id IS DISTINCT FROM NEW.assigned_to_id)
  EXECUTE FUNCTION "lead_record_activity"();--> statement-breakpoint
GRANT SELECT ON "lead_activity" TO app_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "lead_import", "lead_import_chunk", "lead_import_error" TO app_tenant;--> statement-breakpoint
-- Substring search under row-level security: LIKE is not a leakproof operator, so PostgreSQL does
-- not use it as an index condition for a restricted role, and a tenant's search would read every
-- row of its organization. This function runs the search on the trigram index as the table's
-- owner, but only ever within the organization of the calling transaction (the same setting the
-- policies use) — no parameter names an organization, so it cannot be pointed at another one.
-- The patterns are parameters of the dynamic query (never spliced into it).
CREATE FUNCTION "lead_search_ids"(patterns text[]) RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  organization uuid := nullif(current_setting('app.current_organization_id', true), '')::uuid;
  conditions text := '';
BEGIN
  IF organization IS NULL OR coalesce(array_length(patterns, 1), 0) = 0 THEN
    RETURN;
  END IF;
  FOR i IN 1 .. array_length(patterns, 1) LOOP
    conditions := conditions || format(' AND search LIKE $2[%s]', i);
  END LOOP;
  RETURN QUERY EXECUTE 'SELECT id FROM lead WHERE organization_id = $1' || conditions USING organization, patterns;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "lead_search_ids"(text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION "lead_search_ids"(text[]) TO app_tenant;
