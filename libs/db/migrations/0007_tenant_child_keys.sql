-- Order items, subscription items and credit transactions name their order or subscription by id
-- alone, so a row of one organization could hang off another organization's order or subscription
-- (foreign-key checks bypass row-level security). Their keys become composite with organization_id,
-- as for leads' assignees: a child row cannot point into another tenant. ON DELETE stays CASCADE.
-- The composite keys child rows reference, before the foreign keys that need them.
ALTER TABLE "order" ADD CONSTRAINT "order_organization_id_id_unique" UNIQUE("id","organization_id");--> statement-breakpoint
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_organization_id_id_unique" UNIQUE("id","organization_id");--> statement-breakpoint
-- The new keys are checked against the existing rows: a row that already points into another
-- tenant fails this migration (23503, naming the key) rather than being changed or deleted.
-- credit_transaction.order_id may be NULL (usage, adjustments): MATCH SIMPLE does not check those.
ALTER TABLE "order_item" ADD CONSTRAINT "order_item_order_fk" FOREIGN KEY ("order_id","organization_id") REFERENCES "public"."order"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_item" ADD CONSTRAINT "subscription_item_subscription_fk" FOREIGN KEY ("subscription_id","organization_id") REFERENCES "public"."subscription"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transaction" ADD CONSTRAINT "credit_transaction_order_fk" FOREIGN KEY ("order_id","organization_id") REFERENCES "public"."order"("id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The single-column keys they replace go last, so there is no moment without a key.
ALTER TABLE "order_item" DROP CONSTRAINT "order_item_order_id_order_id_fk";--> statement-breakpoint
ALTER TABLE "subscription_item" DROP CONSTRAINT "subscription_item_subscription_id_subscription_id_fk";--> statement-breakpoint
ALTER TABLE "credit_transaction" DROP CONSTRAINT "credit_transaction_order_id_order_id_fk";
