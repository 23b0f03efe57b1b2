-- Custom migration: every organization keeps at least one owner.
-- Better Auth refuses to demote or remove the last owner, but it checks and writes in separate
-- statements, so two owners demoting (or removing) each other at the same moment could both pass
-- the check. This trigger re-checks after the write, serialized per organization by a row lock,
-- and fails the statement that would leave the organization without an owner.
-- Not demotions, and so allowed: deleting the organization (Better Auth deletes its members
-- first, all at once, leaving no member at all), and deleting a user (which cascades to their
-- memberships).
CREATE OR REPLACE FUNCTION "member_keep_an_owner"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."role" <> 'owner' OR (TG_OP = 'UPDATE' AND NEW."role" = 'owner') THEN
    RETURN NULL;
  END IF;
  -- Locks the organization row: concurrent owner changes of one organization run one at a time,
  -- and each sees what the previous one committed.
  PERFORM 1 FROM "organization" WHERE "id" = OLD."organization_id" FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "user" WHERE "id" = OLD."user_id") THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM "member" WHERE "organization_id" = OLD."organization_id")
     AND NOT EXISTS (SELECT 1 FROM "member" WHERE "organization_id" = OLD."organization_id" AND "role" = 'owner') THEN
    RAISE EXCEPTION 'organization % must keep at least one owner', OLD."organization_id"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'member_keep_an_owner';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "member_keep_an_owner"
AFTER UPDATE OF "role" OR DELETE ON "member"
FOR EACH ROW EXECUTE FUNCTION "member_keep_an_owner"();
