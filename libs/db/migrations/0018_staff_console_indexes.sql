DROP INDEX "billing_event_type_idx";--> statement-breakpoint
CREATE INDEX "billing_event_created_idx" ON "billing_event" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "billing_event_status_created_idx" ON "billing_event" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "billing_event_type_created_idx" ON "billing_event" USING btree ("type","created_at","id");--> statement-breakpoint
CREATE INDEX "user_name_idx" ON "user" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "user_staff_idx" ON "user" USING btree ("created_at","id") WHERE "user"."role" = 'admin';--> statement-breakpoint
CREATE INDEX "user_banned_idx" ON "user" USING btree ("created_at","id") WHERE "user"."banned";