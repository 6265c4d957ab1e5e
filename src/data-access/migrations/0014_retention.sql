-- Retention (docs/retention-and-subject-access.md): legal holds, retention runs (a dry run,
-- then its confirmation), and the tombstone a deleted record leaves, which holds no content.

-- A legal hold keeps everything about a staff member or a child, or one record, whatever its age.
CREATE TABLE legal_hold (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  subject_kind text NOT NULL CHECK (subject_kind IN ('staff', 'child', 'record')),
  subject_id uuid NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  placed_by uuid,
  placed_at timestamptz NOT NULL DEFAULT now(),
  released_by uuid,
  released_at timestamptz,
  release_reason text CHECK (length(release_reason) BETWEEN 1 AND 2000),
  PRIMARY KEY (organisation_id, id),
  CHECK ((released_at IS NULL) = (release_reason IS NULL))
);
CREATE INDEX legal_hold_live ON legal_hold (organisation_id) WHERE released_at IS NULL;

-- A run is made as a dry run listing what is due; confirming it deletes exactly that list.
-- The lists hold ids, kinds, dates and rule ids: never what a record says.
CREATE TABLE retention_run (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  as_of date NOT NULL,
  policy text NOT NULL,
  -- [{ recordId, kind, date, ruleId, dueSince }]
  due jsonb NOT NULL,
  -- [{ recordId, kind, date, ruleId, dueSince, holdIds }]
  spared jsonb NOT NULL,
  -- [{ kind, ruleId, reason, count }]
  no_period jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_count integer,
  completed_by uuid,
  completed_at timestamptz,
  PRIMARY KEY (organisation_id, id),
  CHECK ((completed_at IS NULL) = (deleted_count IS NULL))
);
CREATE INDEX retention_run_created ON retention_run (organisation_id, created_at);

-- What is left of a deleted record, so a link to it can say so. No content, by design.
CREATE TABLE record_tombstone (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL,
  record_date date NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now(),
  run_id uuid NOT NULL,
  rule_id text NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, run_id) REFERENCES retention_run (organisation_id, id)
);

-- An audit, or an agreement's evidence, may name a record that retention later deletes: the id
-- then leads to its tombstone, so these references no longer insist on a live record.
ALTER TABLE quality_audit DROP CONSTRAINT quality_audit_organisation_id_subject_record_id_fkey;
ALTER TABLE supervision_agreement DROP CONSTRAINT supervision_agreement_organisation_id_record_id_fkey;

-- A retention run sets oversight.retention_run in its own transaction: like removing an
-- organisation, it may delete locked versions, their signatures and the progress given in them.
CREATE OR REPLACE FUNCTION record_version_locked_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'locked' THEN
    IF TG_OP = 'DELETE' AND (current_setting('oversight.removing_organisation', true) = 'on'
                             OR current_setting('oversight.retention_run', true) = 'on') THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'version % of supervision record % is locked and cannot be changed; amend it with a new version',
      OLD.version, OLD.record_id;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION record_signature_locked_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target record;
BEGIN
  target := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
  IF TG_OP = 'DELETE' AND (current_setting('oversight.removing_organisation', true) = 'on'
                           OR current_setting('oversight.retention_run', true) = 'on') THEN
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

CREATE OR REPLACE FUNCTION action_update_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND (current_setting('oversight.removing_organisation', true) = 'on'
                           OR current_setting('oversight.retention_run', true) = 'on') THEN
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
