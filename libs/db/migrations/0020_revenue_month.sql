CREATE TABLE "revenue_month" (
	"month" timestamp with time zone PRIMARY KEY NOT NULL,
	"history_version" bigint DEFAULT 0 NOT NULL,
	"history" jsonb,
	"payments_version" bigint DEFAULT 0 NOT NULL,
	"payments" jsonb
);
--> statement-breakpoint
DROP INDEX "subscription_history_occurred_idx";--> statement-breakpoint
ALTER TABLE "subscription_history" ADD COLUMN "seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD COLUMN "previous_status" text;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD COLUMN "previous_mrr_amount" bigint;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD COLUMN "previous_currency" text;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD COLUMN "trial_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD COLUMN "starts_trial" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_history" ADD COLUMN "converts_trial" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "billing_event_invoice_created_idx" ON "billing_event" USING btree ("type","stripe_created") WHERE "billing_event"."status" = 'processed' and "billing_event"."type" in ('invoice.paid', 'invoice.payment_failed');--> statement-breakpoint
CREATE INDEX "billing_event_failed_invoice_idx" ON "billing_event" USING btree (("payload" #>> '{data,object,id}')) WHERE "billing_event"."status" = 'processed' and "billing_event"."type" = 'invoice.payment_failed';--> statement-breakpoint
-- Hand-written from here.
--
-- The derived columns of the rows written so far, in the order the report has read them in
-- (time, then when stored); then the unique numbering can be enforced.
UPDATE "subscription_history" h
SET "seq" = d.seq, "previous_status" = d.previous_status, "previous_mrr_amount" = d.previous_mrr_amount,
  "previous_currency" = d.previous_currency, "trial_started_at" = d.trial_started_at,
  "starts_trial" = d.starts_trial, "converts_trial" = d.converts_trial
FROM (
  SELECT id, seq, previous_status, previous_mrr_amount, previous_currency, trial_started_at,
    status = 'trialing' AND trialing_rows = 1 AS starts_trial,
    status = 'active' AND previous_status = 'trialing'
      AND count(*) FILTER (WHERE status = 'active' AND previous_status = 'trialing') OVER w = 1 AS converts_trial
  FROM (
    SELECT id, subscription_id, occurred_at, created_at, status,
      row_number() OVER w AS seq, lag(status) OVER w AS previous_status,
      lag(mrr_amount) OVER w AS previous_mrr_amount, lag(currency) OVER w AS previous_currency,
      min(occurred_at) FILTER (WHERE status = 'trialing') OVER w AS trial_started_at,
      count(*) FILTER (WHERE status = 'trialing') OVER w AS trialing_rows
    FROM "subscription_history"
    WINDOW w AS (PARTITION BY subscription_id ORDER BY occurred_at, created_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
  ) numbered
  WINDOW w AS (PARTITION BY subscription_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
) d
WHERE d.id = h.id;--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_history_seq_unique" ON "subscription_history" USING btree ("subscription_id","seq");--> statement-breakpoint
CREATE INDEX "subscription_history_month_idx" ON "subscription_history" USING btree ("occurred_at","subscription_id","seq","status","currency","mrr_amount","previous_status","previous_currency","previous_mrr_amount","starts_trial","converts_trial","trial_started_at");--> statement-breakpoint
-- Every insert is appended after the subscription's latest row. Under the subscription's row lock
-- (the inbox's write already holds it), so the latest row read here is the one committed last,
-- not the one a concurrent write's snapshot showed: a row that changes nothing followed is
-- dropped (a write that repeated a concurrent one), and no row is lost because a snapshot hid the
-- change it reverts (the writer leaves the comparison to this trigger). A row's time never goes
-- before the latest's, so the order by seq is the order in time. What the insert says of the
-- derived columns is ignored.
CREATE FUNCTION "subscription_history_append"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  latest "subscription_history";
BEGIN
  PERFORM 1 FROM "subscription" WHERE id = NEW.subscription_id FOR NO KEY UPDATE;
  SELECT * INTO latest FROM "subscription_history" WHERE subscription_id = NEW.subscription_id ORDER BY seq DESC LIMIT 1;
  IF NOT FOUND THEN
    NEW.seq := 1;
    NEW.previous_status := NULL;
    NEW.previous_mrr_amount := NULL;
    NEW.previous_currency := NULL;
    NEW.trial_started_at := CASE WHEN NEW.status = 'trialing' THEN NEW.occurred_at END;
    NEW.starts_trial := NEW.status = 'trialing';
    NEW.converts_trial := false;
    RETURN NEW;
  END IF;
  IF (latest.status, latest.plan_id, latest.quantity, latest.mrr_amount, latest.currency, latest.interval, latest.interval_count)
     IS NOT DISTINCT FROM (NEW.status, NEW.plan_id, NEW.quantity, NEW.mrr_amount, NEW.currency, NEW.interval, NEW.interval_count) THEN
    RETURN NULL;
  END IF;
  NEW.seq := latest.seq + 1;
  NEW.occurred_at := greatest(NEW.occurred_at, latest.occurred_at);
  NEW.previous_status := latest.status;
  NEW.previous_mrr_amount := latest.mrr_amount;
  NEW.previous_currency := latest.currency;
  NEW.trial_started_at := coalesce(latest.trial_started_at, CASE WHEN NEW.status = 'trialing' THEN NEW.occurred_at END);
  NEW.starts_trial := NEW.status = 'trialing' AND latest.trial_started_at IS NULL;
  NEW.converts_trial := NEW.status = 'active' AND latest.status = 'trialing'
    AND NOT EXISTS (SELECT 1 FROM "subscription_history" WHERE subscription_id = NEW.subscription_id AND converts_trial);
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "subscription_history_append"
BEFORE INSERT ON "subscription_history"
FOR EACH ROW EXECUTE FUNCTION "subscription_history_append"();--> statement-breakpoint
CREATE FUNCTION "subscription_history_no_update"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'subscription_history is append-only: a change is a new row'
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "subscription_history_no_update"
BEFORE UPDATE ON "subscription_history"
FOR EACH ROW EXECUTE FUNCTION "subscription_history_no_update"();--> statement-breakpoint
-- The revenue report's cache (revenue_month): a change invalidates one part ('history' or
-- 'payments') of the months it touches, from first_months[i] through last_months[i], in the
-- changing transaction. Only months that have ended or end within 10 minutes: the report stores a
-- month only once it ended 10 minutes before its snapshot, so a write that skips an open month
-- here is committed before any report stores that month — as long as no transaction writing
-- history or billing events lasts 20 minutes. Months are locked in order (no deadlock between two
-- writers).
CREATE FUNCTION "revenue_month_invalidate"(part text, first_months timestamptz[], last_months timestamptz[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  open_from timestamptz := date_trunc('month', now() + interval '10 minutes', 'UTC');
BEGIN
  -- The usual change is in the current month: nothing to do, and no row to lock.
  IF NOT EXISTS (SELECT 1 FROM unnest(first_months) AS f WHERE f < open_from) THEN
    RETURN;
  END IF;
  INSERT INTO "revenue_month" AS r ("month", "history_version", "payments_version")
  SELECT DISTINCT m, (part = 'history')::int, (part = 'payments')::int
  FROM unnest(first_months, last_months) AS c(first_month, last_month)
  CROSS JOIN LATERAL generate_series(c.first_month, least(c.last_month, open_from - interval '1 microsecond'), interval '1 month', 'UTC') AS m
  ORDER BY m
  ON CONFLICT ("month") DO UPDATE SET
    "history_version" = r."history_version" + (part = 'history')::int,
    "history" = CASE WHEN part = 'history' THEN NULL ELSE r."history" END,
    "payments_version" = r."payments_version" + (part = 'payments')::int,
    "payments" = CASE WHEN part = 'payments' THEN NULL ELSE r."payments" END;
END;
$$;--> statement-breakpoint
-- TRUNCATE: every month of the part named by the trigger's argument.
CREATE FUNCTION "revenue_month_invalidate_all"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "revenue_month_invalidate"(TG_ARGV[0], array[min("month")], array['infinity'::timestamptz])
  FROM "revenue_month" HAVING count(*) > 0;
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- A new row (appended in order) changes its own month; a removed one every month from its own
-- (later rows were derived from it).
CREATE FUNCTION "subscription_history_revenue_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "revenue_month_invalidate"('history', array_agg(m), array_agg(m))
    FROM (SELECT DISTINCT date_trunc('month', occurred_at, 'UTC') AS m FROM new_rows) months;
  ELSE
    PERFORM "revenue_month_invalidate"('history', array[min(date_trunc('month', occurred_at, 'UTC'))], array['infinity'::timestamptz])
    FROM old_rows HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "subscription_history_revenue_insert"
AFTER INSERT ON "subscription_history" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "subscription_history_revenue_changed"();--> statement-breakpoint
CREATE TRIGGER "subscription_history_revenue_delete"
AFTER DELETE ON "subscription_history" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "subscription_history_revenue_changed"();--> statement-breakpoint
CREATE TRIGGER "subscription_history_revenue_truncate"
AFTER TRUNCATE ON "subscription_history"
FOR EACH STATEMENT EXECUTE FUNCTION "revenue_month_invalidate_all"('history');--> statement-breakpoint
-- A processed invoice event counts in the month of its Stripe `created`; a failed one also in
-- every month after (it makes a later payment of its invoice a recovered one). Row triggers whose
-- WHEN leaves out every other event without calling anything: the inbox inserts and updates
-- billing_event on every delivery.
CREATE FUNCTION "billing_event_revenue_month"(changed "billing_event") RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  m timestamptz := date_trunc('month', to_timestamp(changed.stripe_created), 'UTC');
BEGIN
  IF changed.status = 'processed' AND changed.type IN ('invoice.paid', 'invoice.payment_failed') THEN
    PERFORM "revenue_month_invalidate"('payments', array[m],
      array[CASE WHEN changed.type = 'invoice.payment_failed' THEN 'infinity'::timestamptz ELSE m END]);
  END IF;
END;
$$;--> statement-breakpoint
CREATE FUNCTION "billing_event_revenue_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM "billing_event_revenue_month"(OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM "billing_event_revenue_month"(NEW);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "billing_event_revenue_insert"
AFTER INSERT ON "billing_event" FOR EACH ROW
WHEN (NEW.status = 'processed' AND NEW.type IN ('invoice.paid', 'invoice.payment_failed'))
EXECUTE FUNCTION "billing_event_revenue_changed"();--> statement-breakpoint
CREATE TRIGGER "billing_event_revenue_update"
AFTER UPDATE ON "billing_event" FOR EACH ROW
WHEN ((OLD.status = 'processed' OR NEW.status = 'processed')
  AND (OLD.type IN ('invoice.paid', 'invoice.payment_failed') OR NEW.type IN ('invoice.paid', 'invoice.payment_failed')))
EXECUTE FUNCTION "billing_event_revenue_changed"();--> statement-breakpoint
CREATE TRIGGER "billing_event_revenue_delete"
AFTER DELETE ON "billing_event" FOR EACH ROW
WHEN (OLD.status = 'processed' AND OLD.type IN ('invoice.paid', 'invoice.payment_failed'))
EXECUTE FUNCTION "billing_event_revenue_changed"();--> statement-breakpoint
CREATE TRIGGER "billing_event_revenue_truncate"
AFTER TRUNCATE ON "billing_event"
FOR EACH STATEMENT EXECUTE FUNCTION "revenue_month_invalidate_all"('payments');
