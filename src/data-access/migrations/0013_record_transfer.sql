-- Records on a change of supervisor (Durham 4.8, 4.9, 6.6; Manchester 2.4). Where the pack asks
-- for it, a supervisee's personal records pass to a new supervisor or line manager only once the
-- supervisee agrees: one decision per supervisee and new supervisor, which they may change (each
-- decision is on the audit trail). The manager of the original supervisor may lay a redaction
-- over a record's text: an overlay, the signed version is never changed (A48).

CREATE TABLE record_transfer_consent (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  supervisee_id uuid NOT NULL,
  supervisor_id uuid NOT NULL,
  decision text NOT NULL CHECK (decision IN ('given', 'declined')),
  decided_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid NOT NULL,
  PRIMARY KEY (organisation_id, supervisee_id, supervisor_id),
  CHECK (supervisee_id <> supervisor_id),
  FOREIGN KEY (organisation_id, supervisee_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, supervisor_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, decided_by) REFERENCES user_account (organisation_id, id)
);

-- One passage of one answer hidden from those who may not read the original, from this version
-- on (an amendment copies the words, so the later versions are covered too). Withdrawn, never
-- edited: the words, the reason and who laid it are fixed.
CREATE TABLE record_redaction (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL,
  version integer NOT NULL,
  -- The answer's key in the version (`<sectionId>.<fieldId>` or `<sectionId>`).
  field text NOT NULL CHECK (length(field) BETWEEN 1 AND 200),
  -- The exact words removed; every occurrence in the answer is shown as the replacement.
  passage text NOT NULL CHECK (length(passage) BETWEEN 1 AND 10000),
  replacement text NOT NULL DEFAULT '[redacted]' CHECK (length(replacement) BETWEEN 1 AND 100),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  redacted_by uuid NOT NULL,
  redacted_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid,
  withdraw_reason text CHECK (length(btrim(withdraw_reason)) BETWEEN 1 AND 2000),
  PRIMARY KEY (organisation_id, id),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL)
    AND (withdrawn_at IS NULL) = (withdraw_reason IS NULL)),
  FOREIGN KEY (organisation_id, record_id, version)
    REFERENCES record_version (organisation_id, record_id, version) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, redacted_by) REFERENCES user_account (organisation_id, id),
  FOREIGN KEY (organisation_id, withdrawn_by) REFERENCES user_account (organisation_id, id)
);
CREATE INDEX record_redaction_record ON record_redaction (organisation_id, record_id);

-- A redaction is laid once and may be withdrawn once; nothing else about it changes.
CREATE FUNCTION record_redaction_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.withdrawn_at IS NOT NULL
     OR (NEW.organisation_id, NEW.id, NEW.record_id, NEW.version, NEW.field, NEW.passage,
         NEW.replacement, NEW.reason, NEW.redacted_by, NEW.redacted_at)
        IS DISTINCT FROM
        (OLD.organisation_id, OLD.id, OLD.record_id, OLD.version, OLD.field, OLD.passage,
         OLD.replacement, OLD.reason, OLD.redacted_by, OLD.redacted_at) THEN
    RAISE EXCEPTION 'a redaction is never edited: withdraw it and lay another';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER record_redaction_fixed BEFORE UPDATE ON record_redaction
  FOR EACH ROW EXECUTE FUNCTION record_redaction_fixed();
