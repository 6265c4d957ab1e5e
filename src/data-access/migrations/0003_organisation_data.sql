-- Organisation data: everything a bundle holds (docs/bundle.md) lives in these tables, keyed
-- within the organisation by external_id (the id in the HR or case-management system, or for
-- rows made in Oversight their own uuid), so an import upserts and an export round-trips.

ALTER TABLE organisation ADD COLUMN overrides jsonb;

ALTER TABLE org_unit DROP CONSTRAINT org_unit_kind_check;
ALTER TABLE org_unit ADD CHECK (kind IN ('organisation', 'service', 'area', 'team'));
ALTER TABLE org_unit ADD COLUMN team_type text
  CHECK (team_type IN ('family_help', 'social_work', 'school_cluster', 'other'));
ALTER TABLE org_unit ADD COLUMN manager_id uuid;
ALTER TABLE org_unit ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE org_unit SET external_id = id::text WHERE external_id IS NULL;
ALTER TABLE org_unit ALTER COLUMN external_id SET NOT NULL;

ALTER TABLE staff_member DROP CONSTRAINT staff_member_contracted_hours_check;
ALTER TABLE staff_member ADD CHECK (contracted_hours > 0 AND contracted_hours <= 80);
ALTER TABLE staff_member ALTER COLUMN job_title DROP NOT NULL;
UPDATE staff_member SET external_id = id::text WHERE external_id IS NULL;
ALTER TABLE staff_member ALTER COLUMN external_id SET NOT NULL;
ALTER TABLE staff_member
  ADD COLUMN probation_end_date date,
  -- The worker's details: seen only by the worker, their line manager and administrators.
  ADD COLUMN registration_body text,
  ADD COLUMN registration_number text,
  ADD COLUMN registration_expires_on date,
  ADD COLUMN dbs_certificate_number text,
  ADD COLUMN dbs_issued_on date,
  ADD COLUMN emergency_contact_name text,
  ADD COLUMN emergency_contact_phone text,
  ADD COLUMN emergency_contact_relationship text;

ALTER TABLE org_unit ADD FOREIGN KEY (organisation_id, manager_id)
  REFERENCES staff_member (organisation_id, id);

ALTER TABLE supervisory_relationship ADD COLUMN external_id text;
UPDATE supervisory_relationship SET external_id = id::text;
ALTER TABLE supervisory_relationship ALTER COLUMN external_id SET NOT NULL;
ALTER TABLE supervisory_relationship ADD UNIQUE (organisation_id, external_id);
ALTER TABLE supervisory_relationship ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE absence (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL,
  staff_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('annual_leave', 'sickness', 'maternity', 'other')),
  starts_on date NOT NULL,
  -- The last day away; null while the person is still away.
  ends_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, external_id),
  FOREIGN KEY (organisation_id, staff_id) REFERENCES staff_member (organisation_id, id),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX absence_staff ON absence (organisation_id, staff_id);

CREATE TABLE child (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL,
  -- The number in Liquidlogic, Mosaic or Eclipse.
  case_id text NOT NULL,
  name text,
  date_of_birth date,
  expected_date_of_birth date,
  opened_on date NOT NULL,
  closed_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, external_id),
  CHECK (closed_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX child_case_id ON child (organisation_id, case_id);

-- A child's episodes, flags, allocations and events have no ids of their own in any source
-- system; each is known by what it is and when it started.
CREATE TABLE child_status_episode (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  child_id uuid NOT NULL,
  status text NOT NULL,
  starts_on date NOT NULL,
  ends_on date,
  PRIMARY KEY (organisation_id, child_id, status, starts_on),
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id) ON DELETE CASCADE,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE child_flag (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  child_id uuid NOT NULL,
  flag text NOT NULL,
  starts_on date NOT NULL,
  ends_on date,
  PRIMARY KEY (organisation_id, child_id, flag, starts_on),
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id) ON DELETE CASCADE,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE child_allocation (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  child_id uuid NOT NULL,
  worker_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('key_worker', 'lead_professional', 'involved')),
  starts_on date NOT NULL,
  ends_on date,
  PRIMARY KEY (organisation_id, child_id, worker_id, role, starts_on),
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, worker_id) REFERENCES staff_member (organisation_id, id),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX child_allocation_worker ON child_allocation (organisation_id, worker_id);

CREATE TABLE child_event (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  child_id uuid NOT NULL,
  kind text NOT NULL,
  occurred_on date NOT NULL,
  PRIMARY KEY (organisation_id, child_id, kind, occurred_on),
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id) ON DELETE CASCADE
);

-- Supervision sessions and record metadata as the bundle carries them; the planning and
-- recording features add their content.
CREATE TABLE supervision_session (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('one_to_one', 'unplanned', 'group', 'group_learning')),
  held_on date NOT NULL,
  minutes integer CHECK (minutes > 0),
  supervisor_id uuid NOT NULL,
  team_id uuid,
  status text NOT NULL
    CHECK (status IN ('planned', 'held', 'postponed', 'cancelled', 'not_held')),
  cancellation_reason text,
  rescheduled_to date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, external_id),
  FOREIGN KEY (organisation_id, supervisor_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, team_id) REFERENCES org_unit (organisation_id, id)
);
CREATE INDEX supervision_session_supervisor
  ON supervision_session (organisation_id, supervisor_id, held_on);

CREATE TABLE session_participant (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  session_id uuid NOT NULL,
  staff_id uuid NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (organisation_id, session_id, staff_id),
  FOREIGN KEY (organisation_id, session_id) REFERENCES supervision_session (organisation_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, staff_id) REFERENCES staff_member (organisation_id, id)
);
CREATE INDEX session_participant_staff ON session_participant (organisation_id, staff_id);

CREATE TABLE supervision_record (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL,
  kind text NOT NULL,
  meeting_date date NOT NULL,
  session_id uuid,
  author_id uuid,
  observer_id uuid,
  written_on date,
  shared_on date,
  signed_on date,
  on_child_record_on date,
  date_recorded_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, external_id),
  FOREIGN KEY (organisation_id, session_id) REFERENCES supervision_session (organisation_id, id),
  FOREIGN KEY (organisation_id, author_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, observer_id) REFERENCES staff_member (organisation_id, id)
);

CREATE TABLE record_staff (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  record_id uuid NOT NULL,
  staff_id uuid NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (organisation_id, record_id, staff_id),
  FOREIGN KEY (organisation_id, record_id) REFERENCES supervision_record (organisation_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, staff_id) REFERENCES staff_member (organisation_id, id)
);
CREATE INDEX record_staff_staff ON record_staff (organisation_id, staff_id);

CREATE TABLE record_child (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  record_id uuid NOT NULL,
  child_id uuid NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (organisation_id, record_id, child_id),
  FOREIGN KEY (organisation_id, record_id) REFERENCES supervision_record (organisation_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id)
);
CREATE INDEX record_child_child ON record_child (organisation_id, child_id);

CREATE TABLE quality_audit (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL,
  auditor_id uuid NOT NULL,
  subject_staff_id uuid,
  subject_record_id uuid,
  audit_of text NOT NULL CHECK (audit_of IN ('supervision_records', 'supervision_files')),
  completed_on date NOT NULL,
  feedback_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, external_id),
  FOREIGN KEY (organisation_id, auditor_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, subject_staff_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, subject_record_id)
    REFERENCES supervision_record (organisation_id, id)
);

CREATE TABLE supervision_action (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL,
  description text NOT NULL,
  owner_id uuid NOT NULL,
  record_id uuid,
  child_id uuid,
  staff_id uuid,
  set_on date NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'completed', 'dropped')),
  completed_on date,
  drop_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, external_id),
  FOREIGN KEY (organisation_id, owner_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, record_id) REFERENCES supervision_record (organisation_id, id),
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id),
  FOREIGN KEY (organisation_id, staff_id) REFERENCES staff_member (organisation_id, id)
);
CREATE INDEX supervision_action_owner ON supervision_action (organisation_id, owner_id, status);

-- A decision that an obligation is not owed for a while, with the reason (docs/bundle.md).
CREATE TABLE obligation_waiver (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  kind text NOT NULL,
  subject_external_id text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (organisation_id, kind, subject_external_id, starts_on),
  CHECK (ends_on >= starts_on)
);

-- An uploaded file on its way in: checked, then imported on confirmation. The file is kept
-- only until it is imported or abandoned.
CREATE TABLE import_job (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_by uuid,
  file_name text NOT NULL,
  file_kind text NOT NULL,
  content bytea,
  state text NOT NULL CHECK (state IN ('checking', 'checked', 'rejected', 'importing',
    'imported', 'failed', 'abandoned')),
  rows_read integer NOT NULL DEFAULT 0,
  rows_total integer,
  report jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id)
);
