-- The AI assistant: one row per chat message (ai_message, replacing ai_chat.messages), usage and
-- credits per answer (ai_usage), and chats private to their author inside the organization.
CREATE TABLE "ai_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chat_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"role" text NOT NULL,
	"parts" jsonb NOT NULL,
	"status" text DEFAULT 'complete' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_message_chat_message_unique" UNIQUE("chat_id","message_id"),
	CONSTRAINT "ai_message_parts_array_check" CHECK (jsonb_typeof("ai_message"."parts") = 'array'),
	CONSTRAINT "ai_message_role_check" CHECK ("ai_message"."role" in ('user', 'assistant')),
	CONSTRAINT "ai_message_status_check" CHECK ("ai_message"."status" in ('complete', 'stopped', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "ai_message" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ai_usage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid,
	"chat_id" uuid,
	"model" text NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"reserved_credits" integer NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"credits" integer DEFAULT 0 NOT NULL,
	"allowance_credits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "ai_usage_status_check" CHECK ("ai_usage"."status" in ('reserved', 'settled')),
	CONSTRAINT "ai_usage_credits_check" CHECK ("ai_usage"."reserved_credits" > 0 and "ai_usage"."credits" between 0 and "ai_usage"."reserved_credits" and "ai_usage"."allowance_credits" between 0 and "ai_usage"."credits" and "ai_usage"."input_tokens" >= 0 and "ai_usage"."output_tokens" >= 0)
);
--> statement-breakpoint
ALTER TABLE "ai_usage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "ai_chat" DROP CONSTRAINT "ai_chat_messages_array_check";--> statement-breakpoint
ALTER TABLE "ai_chat" ADD CONSTRAINT "ai_chat_id_organization_user_unique" UNIQUE("id","organization_id","user_id");--> statement-breakpoint
ALTER TABLE "ai_message" ADD CONSTRAINT "ai_message_chat_fk" FOREIGN KEY ("chat_id","organization_id","user_id") REFERENCES "public"."ai_chat"("id","organization_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_message_chat_created_idx" ON "ai_message" USING btree ("chat_id","created_at","id");--> statement-breakpoint
CREATE INDEX "ai_usage_organization_created_idx" ON "ai_usage" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_usage_reserved_idx" ON "ai_usage" USING btree ("organization_id") WHERE "ai_usage"."status" = 'reserved';--> statement-breakpoint
-- The chats' message arrays (the seed's shape, unused by the code so far) become one row per
-- message, in their order; anything that is not a user or assistant message is left out.
INSERT INTO "ai_message" ("chat_id", "organization_id", "user_id", "message_id", "role", "parts", "created_at", "updated_at")
SELECT c."id", c."organization_id", c."user_id",
       coalesce(m.message->>'id', 'migrated-' || m.position),
       m.message->>'role',
       CASE WHEN jsonb_typeof(m.message->'parts') = 'array' THEN m.message->'parts'
            ELSE jsonb_build_array(jsonb_build_object('type', 'text', 'text', coalesce(m.message->>'content', ''))) END,
       c."created_at" + m.position * interval '1 millisecond',
       c."updated_at"
FROM "ai_chat" c, jsonb_array_elements(c."messages") WITH ORDINALITY AS m(message, position)
WHERE m.message->>'role' IN ('user', 'assistant')
ON CONFLICT ("chat_id", "message_id") DO NOTHING;--> statement-breakpoint
ALTER TABLE "ai_chat" DROP COLUMN "messages";--> statement-breakpoint
DROP POLICY "ai_chat_tenant_isolation" ON "ai_chat" CASCADE;--> statement-breakpoint
CREATE POLICY "ai_chat_author_only" ON "ai_chat" AS PERMISSIVE FOR ALL TO "app_tenant" USING ("ai_chat"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid and "ai_chat"."user_id" = nullif(current_setting('app.current_user_id', true), '')::uuid) WITH CHECK ("ai_chat"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid and "ai_chat"."user_id" = nullif(current_setting('app.current_user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "ai_message_author_only" ON "ai_message" AS PERMISSIVE FOR ALL TO "app_tenant" USING ("ai_message"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid and "ai_message"."user_id" = nullif(current_setting('app.current_user_id', true), '')::uuid) WITH CHECK ("ai_message"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid and "ai_message"."user_id" = nullif(current_setting('app.current_user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "ai_usage_tenant_read" ON "ai_usage" AS PERMISSIVE FOR SELECT TO "app_tenant" USING ("ai_usage"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid);--> statement-breakpoint
-- A chat and its messages are the author's (the policies above); usage is the organization's to read.
GRANT SELECT, INSERT, UPDATE, DELETE ON "ai_message" TO app_tenant;--> statement-breakpoint
GRANT SELECT ON "ai_usage" TO app_tenant;
