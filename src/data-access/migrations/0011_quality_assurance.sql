-- Quality assurance of supervision (docs/quality-assurance.md): sampling draws, audits worked
-- through in Oversight, audit actions, workers' self-assessments and supervisees' feedback.

-- One draw of a sampling plan for one auditor and period. The pool (every eligible candidate,
-- in id order) and the seed are kept, so anyone can re-run the draw and get the same picks.
CREATE TABLE sample_draw (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  rule_id text NOT NULL,
  auditor_id uuid NOT NULL,
  audit_of text NOT NULL CHECK (audit_of IN ('supervision_records', 'supervision_files')),
  period_from date NOT NULL,
  period_to date NOT NULL,
  seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{32}$'),
  -- Candidates: [{ "id", "subjectStaffId", "recordIds" }] in id order; picks: ids in draw order.
  pool jsonb NOT NULL,
  picks jsonb NOT NULL,
  drawn_on date NOT NULL,
  drawn_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, rule_id, auditor_id, period_from),
  FOREIGN KEY (organisation_id, auditor_id) REFERENCES staff_member (organisation_id, id),
  CHECK (period_to >= period_from)
);

-- An audit is assigned, worked on, completed and its feedback given in Oversight; audits
-- imported from a bundle arrive completed. The tool is kept as it stood when the audit began.
ALTER TABLE quality_audit
  ALTER COLUMN completed_on DROP NOT NULL,
  ADD COLUMN status text NOT NULL DEFAULT 'completed'
    CHECK (status IN ('assigned', 'in_progress', 'completed', 'feedback_given')),
  ADD COLUMN rule_id text,
  ADD COLUMN draw_id uuid,
  ADD COLUMN tool jsonb,
  ADD COLUMN assigned_on date,
  ADD COLUMN due_on date,
  -- The supervisor whose supervision was audited: the feedback goes to them (002 5.2).
  ADD COLUMN feedback_to_id uuid,
  -- The records the auditor may read while the audit is open: the sampled record, or the file.
  ADD COLUMN record_ids uuid[] NOT NULL DEFAULT '{}',
  -- { sectionId: { questionId: { "answer": …, "findings": … } } }
  ADD COLUMN answers jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN summary text CHECK (length(summary) <= 10000),
  ADD COLUMN feedback text CHECK (length(feedback) <= 10000),
  ADD COLUMN next_audit_on date,
  -- Moves on every save, so two people saving the same audit cannot overwrite each other.
  ADD COLUMN revision integer NOT NULL DEFAULT 1,
  ADD FOREIGN KEY (organisation_id, draw_id) REFERENCES sample_draw (organisation_id, id),
  ADD FOREIGN KEY (organisation_id, feedback_to_id) REFERENCES staff_member (organisation_id, id);
UPDATE quality_audit SET status = 'feedback_given' WHERE feedback_on IS NOT NULL;
ALTER TABLE quality_audit
  ADD CONSTRAINT quality_audit_completed
    CHECK ((status IN ('completed', 'feedback_given')) = (completed_on IS NOT NULL)),
  ADD CONSTRAINT quality_audit_feedback CHECK ((status = 'feedback_given') = (feedback_on IS NOT NULL));
-- Each drawn pick becomes one audit.
CREATE UNIQUE INDEX quality_audit_pick ON quality_audit (organisation_id, draw_id, subject_staff_id,
  subject_record_id) NULLS NOT DISTINCT WHERE draw_id IS NOT NULL;
CREATE INDEX quality_audit_open ON quality_audit (organisation_id, auditor_id)
  WHERE status IN ('assigned', 'in_progress', 'completed');
CREATE INDEX quality_audit_records ON quality_audit USING gin (record_ids);

-- Actions from an audit are tracked like supervision actions (same table, same obligations).
ALTER TABLE supervision_action
  ADD COLUMN audit_id uuid,
  ADD FOREIGN KEY (organisation_id, audit_id) REFERENCES quality_audit (organisation_id, id)
    ON DELETE CASCADE;
CREATE INDEX supervision_action_audit ON supervision_action (organisation_id, audit_id)
  WHERE audit_id IS NOT NULL;

-- A worker's self-assessment of pieces of their own work (Manchester's six golden threads),
-- for one supervision session, ready a set time before it.
CREATE TABLE self_assessment (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  staff_id uuid NOT NULL,
  session_id uuid NOT NULL,
  tool jsonb NOT NULL,
  -- [{ "title": …, "answers": { questionId: "red" | "amber" | "green" }, "note": … }]
  pieces jsonb NOT NULL,
  due_on date NOT NULL,
  submitted_on date,
  revision integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, session_id, staff_id),
  FOREIGN KEY (organisation_id, staff_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, session_id) REFERENCES supervision_session (organisation_id, id)
    ON DELETE CASCADE
);

-- A supervisee's feedback on the supervision one supervisor gives them, once in each round.
-- Who responded is kept only to stop a second response; results are shown for groups of at
-- least the pack's minimum, never per person.
CREATE TABLE supervision_feedback (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  survey_id text NOT NULL,
  round_from date NOT NULL,
  round_to date NOT NULL,
  respondent_id uuid NOT NULL,
  supervisor_id uuid NOT NULL,
  -- The respondent's team when they responded: the groups results are shown for.
  unit_id uuid,
  answers jsonb NOT NULL,
  submitted_on date NOT NULL,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, survey_id, round_from, respondent_id, supervisor_id),
  FOREIGN KEY (organisation_id, respondent_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, supervisor_id) REFERENCES staff_member (organisation_id, id),
  CHECK (round_to >= round_from)
);
CREATE INDEX supervision_feedback_round ON supervision_feedback (organisation_id, round_from);
