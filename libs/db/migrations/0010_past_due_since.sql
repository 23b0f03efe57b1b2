ALTER TABLE "subscription" ADD COLUMN "past_due_since" timestamp with time zone;--> statement-breakpoint
-- The payment grace period counts from the moment a subscription first went past due: kept
-- through past_due → unpaid, cleared once it is paid (active), canceled or anything else. A
-- trigger, so every writer (webhooks, the reconcile job, a script) keeps it right.
CREATE FUNCTION track_past_due_since() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('past_due', 'unpaid') THEN
    -- Staying overdue keeps the start (or the value an update sets explicitly, e.g. a backfill).
    NEW.past_due_since := CASE
      WHEN TG_OP = 'UPDATE' AND OLD.status IN ('past_due', 'unpaid') THEN COALESCE(NEW.past_due_since, OLD.past_due_since, now())
      ELSE now()
    END;
  ELSE
    NEW.past_due_since := NULL;
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER subscription_tracks_past_due_since
BEFORE INSERT OR UPDATE ON subscription
FOR EACH ROW EXECUTE FUNCTION track_past_due_since();
--> statement-breakpoint
-- Subscriptions already past due when this runs: their grace period starts now.
UPDATE subscription SET past_due_since = now() WHERE status IN ('past_due', 'unpaid');
