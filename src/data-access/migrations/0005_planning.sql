-- Planning supervision: agreements with versions and signatures, the forward planner's
-- sessions with their preparation, notifications in the app and by email, background jobs
-- with PostgreSQL as the queue, and private calendar feeds.

-- A session as planned: when in the day, where, who booked it, and what it replaced.
ALTER TABLE supervision_session
  ADD COLUMN starts_at time,
  ADD COLUMN location text,
  ADD COLUMN status_reason text,
  ADD COLUMN rescheduled_from_id uuid,
  ADD COLUMN created_by uuid,
  ADD FOREIGN KEY (organisation_id, rescheduled_from_id)
    REFERENCES supervision_session (organisation_id, id);

-- Preparation: the supervisee's agenda and the children either party wants to discuss.
CREATE TABLE session_agenda_item (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL,
  added_by uuid NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, session_id) REFERENCES supervision_session (organisation_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, added_by) REFERENCES staff_member (organisation_id, id)
);
CREATE INDEX session_agenda_item_session ON session_agenda_item (organisation_id, session_id);

CREATE TABLE session_child (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  session_id uuid NOT NULL,
  child_id uuid NOT NULL,
  added_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, session_id, child_id),
  FOREIGN KEY (organisation_id, session_id) REFERENCES supervision_session (organisation_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id),
  FOREIGN KEY (organisation_id, added_by) REFERENCES staff_member (organisation_id, id)
);

-- A supervision agreement (contract) for one supervisory relationship, on the pack's template.
-- Each change is a new version; a version signed by both parties is never changed.
CREATE TABLE supervision_agreement (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  relationship_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  template_id text NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}',
  -- The agreed frequency of one-to-one supervision, a period {unit, count}; never below the pack.
  agreed_frequency jsonb,
  status text NOT NULL CHECK (status IN ('draft', 'awaiting_signatures', 'signed', 'superseded')),
  supervisee_signed_at timestamptz,
  supervisee_signed_by uuid,
  supervisor_signed_at timestamptz,
  supervisor_signed_by uuid,
  review_due_on date,
  -- The record that evidences the agreement for compliance, made when both have signed.
  record_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, relationship_id, version),
  FOREIGN KEY (organisation_id, relationship_id)
    REFERENCES supervisory_relationship (organisation_id, id),
  FOREIGN KEY (organisation_id, record_id) REFERENCES supervision_record (organisation_id, id),
  CHECK (status <> 'signed' OR (supervisee_signed_at IS NOT NULL AND supervisor_signed_at IS NOT NULL))
);

-- A signed agreement is a record both parties rely on: only its move to 'superseded' is allowed.
CREATE FUNCTION supervision_agreement_signed_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('signed', 'superseded') THEN
    IF TG_OP = 'DELETE' AND current_setting('oversight.removing_organisation', true) = 'on' THEN
      RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'signed' AND NEW.status = 'superseded'
       AND (to_jsonb(NEW) - 'status' - 'updated_at') = (to_jsonb(OLD) - 'status' - 'updated_at') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a signed supervision agreement cannot be changed; make a new version';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER supervision_agreement_signed_fixed BEFORE UPDATE OR DELETE ON supervision_agreement
  FOR EACH ROW EXECUTE FUNCTION supervision_agreement_signed_is_fixed();

-- Notifications shown in the app; dedupe_key makes each one at most once.
CREATE TABLE notification (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  recipient_user_id uuid NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  link text,
  dedupe_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, dedupe_key),
  FOREIGN KEY (organisation_id, recipient_user_id) REFERENCES user_account (organisation_id, id)
    ON DELETE CASCADE
);
CREATE INDEX notification_recipient ON notification (organisation_id, recipient_user_id, created_at);

-- Email on its way out. Without SMTP settings messages stay here and the outbox page shows them.
CREATE TABLE email_message (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  -- An iCalendar invitation (METHOD:REQUEST or CANCEL) to attach, if any.
  calendar text,
  dedupe_key text NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'held')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, dedupe_key)
);
CREATE INDEX email_message_queued ON email_message (state, created_at) WHERE state = 'queued';

-- Background work with PostgreSQL as the queue: workers claim rows with FOR UPDATE SKIP LOCKED,
-- and dedupe_key makes enqueueing the same work twice a no-op, so a restart never repeats it.
CREATE TABLE job (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id uuid REFERENCES organisation (id) ON DELETE CASCADE,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  dedupe_key text NOT NULL UNIQUE,
  run_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX job_due ON job (run_at) WHERE state IN ('pending', 'running');

-- A person's private calendar feed; only the SHA-256 of the URL's token is stored.
CREATE TABLE calendar_feed (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, user_id) REFERENCES user_account (organisation_id, id)
    ON DELETE CASCADE
);
