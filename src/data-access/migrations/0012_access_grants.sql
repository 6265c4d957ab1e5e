-- Access grants (docs/access.md): time-bounded, read-only access for an investigating officer or
-- an inspector, given by an administrator with a reason, scoped to one person, one child, or a
-- team (the unit and every unit beneath it). A grant is live while starts_at <= now() <
-- expires_at and it is not revoked; it is never deleted, so the trail can always name it.
CREATE TABLE access_grant (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  holder_user_id uuid NOT NULL,
  scope_kind text NOT NULL CHECK (scope_kind IN ('person', 'child', 'team')),
  staff_id uuid,
  child_id uuid,
  unit_id uuid,
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  starts_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  granted_by uuid NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid,
  revoke_reason text CHECK (length(btrim(revoke_reason)) BETWEEN 1 AND 2000),
  PRIMARY KEY (organisation_id, id),
  CHECK (expires_at > starts_at),
  -- The scope names exactly the one thing its kind says.
  CHECK ((scope_kind = 'person') = (staff_id IS NOT NULL)
    AND (scope_kind = 'child') = (child_id IS NOT NULL)
    AND (scope_kind = 'team') = (unit_id IS NOT NULL)),
  -- Revoked by someone, for a reason, or not at all.
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)
    AND (revoked_at IS NULL) = (revoke_reason IS NULL)),
  FOREIGN KEY (organisation_id, holder_user_id) REFERENCES user_account (organisation_id, id),
  FOREIGN KEY (organisation_id, granted_by) REFERENCES user_account (organisation_id, id),
  FOREIGN KEY (organisation_id, revoked_by) REFERENCES user_account (organisation_id, id),
  FOREIGN KEY (organisation_id, staff_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES org_unit (organisation_id, id)
);
-- Read on every request of a holder: their grants not yet expired.
CREATE INDEX access_grant_holder ON access_grant (organisation_id, holder_user_id, expires_at);

-- Only an investigating officer or an inspector holds a grant: no other role is read-only by
-- design, so a grant to anyone else would widen what they can change (the service checks too).
CREATE FUNCTION access_grant_holder_has_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM user_account u
                 WHERE u.organisation_id = NEW.organisation_id AND u.id = NEW.holder_user_id
                   AND u.roles && ARRAY['investigating_officer', 'inspector']::text[]) THEN
    RAISE EXCEPTION 'an access grant is held only by an investigating officer or an inspector';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER access_grant_holder_role BEFORE INSERT OR UPDATE OF holder_user_id ON access_grant
  FOR EACH ROW EXECUTE FUNCTION access_grant_holder_has_role();
