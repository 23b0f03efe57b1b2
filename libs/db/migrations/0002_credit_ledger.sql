CREATE TABLE "credit_transaction" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"reason" text NOT NULL,
	"order_id" uuid,
	"idempotency_key" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_transaction_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "credit_transaction_reason_check" CHECK ("credit_transaction"."reason" in ('purchase', 'refund', 'usage', 'adjustment')),
	CONSTRAINT "credit_transaction_amount_check" CHECK ("credit_transaction"."amount" <> 0)
);
--> statement-breakpoint
ALTER TABLE "credit_transaction" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "credit_transaction" ADD CONSTRAINT "credit_transaction_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transaction" ADD CONSTRAINT "credit_transaction_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_transaction_organization_created_idx" ON "credit_transaction" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_transaction_order_id_idx" ON "credit_transaction" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_transaction_order_purchase_unique" ON "credit_transaction" USING btree ("order_id") WHERE "credit_transaction"."reason" = 'purchase';--> statement-breakpoint
CREATE POLICY "credit_transaction_tenant_read" ON "credit_transaction" AS PERMISSIVE FOR SELECT TO "app_tenant" USING ("credit_transaction"."organization_id" = nullif(current_setting('app.current_organization_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written epilogue: tenant code may read its own organization's ledger (the worker writes it).
GRANT SELECT ON "credit_transaction" TO app_tenant;
