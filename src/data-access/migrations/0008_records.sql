-- Records written in Oversight. supervision_record keeps what the compliance engine reads (kind,
-- date, people, the date of each recording step); its content lives in versions. A version is a
-- draft, then shared with those who sign it, then locked once all have signed. A locked version,
-- its signatures and its disagreement never change: the triggers below refuse it, whatever the
-- code does. An amendment is a new version with a reason.

-- The record's template id and, for records made here, who started it. Records imported from
-- another system have no versions: Oversight holds only their dates.
ALTER TABLE supervision_record
  ADD COLUMN template_id text,
  ADD COLUMN created_by uuid,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE record_version (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  record_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('draft', 'shared', 'locked')),
  -- The template as it stood when this version was made, so it always reads as it was written.
  template jsonb NOT NULL,
  headline text NOT NULL CHECK (length(headline) BETWEEN 1 AND 300),
  answers jsonb NOT NULL DEFAULT '{}',
  actions jsonb NOT NULL DEFAULT '[]',
  reviews jsonb NOT NULL DEFAULT '[]',
  -- Who signs, fixed when it is shared: [{ party, staffId }].
  signatories jsonb,
  amendment_reason text CHECK (length(amendment_reason) <= 2000),
  -- Bumped by every save, so two people editing one draft get a conflict, not a lost edit.
  revision integer NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  shared_at timestamptz,
  shared_by uuid,
  locked_at timestamptz,
  PRIMARY KEY (organisation_id, record_id, version),
  FOREIGN KEY (organisation_id, record_id) REFERENCES supervision_record (organisation_id, id)
    ON DELETE CASCADE,
  CHECK (version = 1 OR amendment_reason IS NOT NULL),
  CHECK (status = 'draft' OR (signatories IS NOT NULL AND shared_at IS NOT NULL)),
  CHECK (status <> 'locked' OR locked_at IS NOT NULL)
);
-- One version of a record is open (a draft or shared) at a time.
CREATE UNIQUE INDEX record_version_open ON record_version (organisation_id, record_id)
  WHERE status <> 'locked';
CREATE INDEX record_version_open_shared ON record_version (organisation_id, status)
  WHERE status = 'shared';

CREATE TABLE record_signature (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  record_id uuid NOT NULL,
  version integer NOT NULL,
  party text NOT NULL CHECK (party IN ('supervisee', 'supervisor', 'observer', 'line_manager')),
  staff_id uuid NOT NULL,
  user_id uuid NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now(),
  -- The supervisee's disagreement: signed, but not agreed; it stays with the record.
  disagreement text CHECK (length(disagreement) BETWEEN 1 AND 10000),
  PRIMARY KEY (organisation_id, record_id, version, party),
  FOREIGN KEY (organisation_id, record_id, version)
    REFERENCES record_version (organisation_id, record_id, version) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, staff_id) REFERENCES staff_member (organisation_id, id)
);

-- A disagreement taken to the supervisor's line manager, and their response.
CREATE TABLE record_escalation (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL,
  version integer NOT NULL,
  raised_by uuid NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
  -- The supervisor's line manager when it was raised.
  to_staff_id uuid NOT NULL,
  response text CHECK (length(response) BETWEEN 1 AND 5000),
  responded_by uuid,
  responded_at timestamptz,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, record_id, version)
    REFERENCES record_version (organisation_id, record_id, version) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, to_staff_id) REFERENCES staff_member (organisation_id, id),
  CHECK ((response IS NULL) = (responded_at IS NULL))
);
CREATE INDEX record_escalation_to ON record_escalation (organisation_id, to_staff_id);

-- Actions remember the version that agreed them and their place in it.
ALTER TABLE supervision_action
  ADD COLUMN record_version integer,
  ADD COLUMN draft_key text;
CREATE UNIQUE INDEX supervision_action_draft_key
  ON supervision_action (organisation_id, record_id, draft_key) WHERE draft_key IS NOT NULL;
CREATE INDEX supervision_action_staff ON supervision_action (organisation_id, staff_id, status);
CREATE INDEX supervision_action_child ON supervision_action (organisation_id, child_id, status);

-- Progress on an action given in a later supervision ('review of actions').
CREATE TABLE action_update (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL,
  record_id uuid NOT NULL,
  recorded_on date NOT NULL,
  progress text NOT NULL CHECK (length(progress) BETWEEN 1 AND 5000),
  outcome text NOT NULL CHECK (outcome IN ('open', 'completed', 'dropped')),
  drop_reason text CHECK (length(drop_reason) BETWEEN 1 AND 2000),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, action_id, record_id),
  FOREIGN KEY (organisation_id, action_id) REFERENCES supervision_action (organisation_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, record_id) REFERENCES supervision_record (organisation_id, id)
    ON DELETE CASCADE,
  CHECK (outcome <> 'dropped' OR drop_reason IS NOT NULL)
);
CREATE INDEX action_update_action ON action_update (organisation_id, action_id, recorded_on);

-- A locked version is what a child, an inspector or a court relies on. Only removing the whole
-- organisation (or, later, a retention run) may delete it.
CREATE FUNCTION record_version_locked_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'locked' THEN
    IF TG_OP = 'DELETE' AND current_setting('oversight.removing_organisation', true) = 'on' THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'version % of supervision record % is locked and cannot be changed; amend it with a new version',
      OLD.version, OLD.record_id;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER record_version_locked_fixed BEFORE UPDATE OR DELETE ON record_version
  FOR EACH ROW EXECUTE FUNCTION record_version_locked_is_fixed();

-- Signatures of a locked version cannot be added, changed or taken away.
CREATE FUNCTION record_signature_locked_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target record;
BEGIN
  target := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
  IF TG_OP = 'DELETE' AND current_setting('oversight.removing_organisation', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF EXISTS (
    SELECT 1 FROM record_version v
    WHERE v.organisation_id = target.organisation_id AND v.record_id = target.record_id
      AND v.version = target.version AND v.status = 'locked'
  ) THEN
    RAISE EXCEPTION 'the signatures of locked version % of supervision record % cannot be changed',
      target.version, target.record_id;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'a signature cannot be changed once given';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER record_signature_fixed BEFORE INSERT OR UPDATE OR DELETE ON record_signature
  FOR EACH ROW EXECUTE FUNCTION record_signature_locked_is_fixed();

-- Progress given in a locked record stays as it was given.
CREATE FUNCTION action_update_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('oversight.removing_organisation', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF EXISTS (
    SELECT 1 FROM record_version v
    WHERE v.organisation_id = OLD.organisation_id AND v.record_id = OLD.record_id
      AND v.status = 'locked'
      AND NOT EXISTS (
        SELECT 1 FROM record_version o
        WHERE o.organisation_id = v.organisation_id AND o.record_id = v.record_id
          AND o.status <> 'locked'
      )
  ) THEN
    RAISE EXCEPTION 'progress given in a locked supervision record cannot be changed';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER action_update_fixed BEFORE UPDATE OR DELETE ON action_update
  FOR EACH ROW EXECUTE FUNCTION action_update_is_fixed();
