-- Supervision agreements (the table itself is in 0005): what each version was made on, and
-- the effectiveness reviews some packs ask for (6-monthly in Durham, 12-monthly in Manchester).

-- The template (sections, questions in the seed's words, fixed text) as it stood when this
-- version was made, so a signed agreement always reads exactly as it was signed, whatever later
-- happens to the organisation's policy pack.
ALTER TABLE supervision_agreement ADD COLUMN template jsonb;

-- At most one version of a relationship's agreement is being written or signed at a time.
CREATE UNIQUE INDEX supervision_agreement_open
  ON supervision_agreement (organisation_id, relationship_id)
  WHERE status IN ('draft', 'awaiting_signatures');

-- A review of how supervision is working: "the content, length, frequency, format and style
-- of supervision", with the supervisee's feedback (Durham 4.11). A fixed record once made; its
-- supervision_record (kind 'effectiveness_review') is the evidence the compliance engine counts.
CREATE TABLE effectiveness_review (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  relationship_id uuid NOT NULL,
  -- The agreement in force when it was held, if there was one.
  agreement_id uuid,
  held_on date NOT NULL,
  review text NOT NULL CHECK (length(review) BETWEEN 1 AND 5000),
  supervisee_feedback text CHECK (length(supervisee_feedback) <= 5000),
  agreement_changes_needed boolean NOT NULL,
  record_id uuid NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, relationship_id)
    REFERENCES supervisory_relationship (organisation_id, id),
  FOREIGN KEY (organisation_id, agreement_id) REFERENCES supervision_agreement (organisation_id, id),
  FOREIGN KEY (organisation_id, record_id) REFERENCES supervision_record (organisation_id, id)
);
CREATE INDEX effectiveness_review_relationship
  ON effectiveness_review (organisation_id, relationship_id, held_on);
