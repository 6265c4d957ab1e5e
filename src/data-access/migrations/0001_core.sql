-- Core model: the tenant, its structure, its people, sign-in and the audit trail.
-- Every tenant table carries organisation_id as the first column of its primary key, so the
-- schema can later be distributed by organisation (docs/architecture.md).

CREATE TABLE organisation (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
  name text NOT NULL,
  policy_pack_id text NOT NULL,
  bank_holiday_region text NOT NULL DEFAULT 'england-and-wales'
    CHECK (bank_holiday_region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  time_zone text NOT NULL DEFAULT 'Europe/London',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_unit (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  parent_id uuid,
  kind text NOT NULL CHECK (kind IN ('service', 'area', 'team')),
  name text NOT NULL,
  external_id text,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, parent_id) REFERENCES org_unit (organisation_id, id),
  UNIQUE (organisation_id, external_id)
);

CREATE TABLE staff_member (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  external_id text,
  name text NOT NULL,
  email text,
  job_title text NOT NULL,
  role_category text NOT NULL CHECK (role_category IN ('social_worker', 'senior_practitioner',
    'family_help_worker', 'school_safeguarding_staff', 'student', 'apprentice', 'team_manager',
    'operations_manager', 'senior_manager', 'business_support')),
  case_holding boolean NOT NULL,
  contracted_hours numeric(4, 1) NOT NULL CHECK (contracted_hours > 0 AND contracted_hours <= 48),
  start_date date NOT NULL,
  asye_start_date date,
  placement_start_date date,
  placement_end_date date,
  line_manager_id uuid,
  team_id uuid,
  leaving_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, line_manager_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, team_id) REFERENCES org_unit (organisation_id, id),
  UNIQUE (organisation_id, external_id),
  CHECK (leaving_date IS NULL OR leaving_date >= start_date)
);
CREATE INDEX staff_member_team ON staff_member (organisation_id, team_id);
CREATE INDEX staff_member_line_manager ON staff_member (organisation_id, line_manager_id);

CREATE TABLE supervisory_relationship (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  supervisee_id uuid NOT NULL,
  supervisor_id uuid NOT NULL,
  kind text NOT NULL
    CHECK (kind IN ('line_management', 'placement_supervisor', 'practice_educator', 'cover')),
  starts_on date NOT NULL,
  ends_on date,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, supervisee_id) REFERENCES staff_member (organisation_id, id),
  FOREIGN KEY (organisation_id, supervisor_id) REFERENCES staff_member (organisation_id, id),
  CHECK (supervisee_id <> supervisor_id),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX supervisory_relationship_supervisor
  ON supervisory_relationship (organisation_id, supervisor_id);
CREATE INDEX supervisory_relationship_supervisee
  ON supervisory_relationship (organisation_id, supervisee_id);

-- Sign-in identities are global (one email signs in to one organisation).
CREATE TABLE user_account (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  email text NOT NULL,
  display_name text NOT NULL,
  staff_member_id uuid,
  roles text[] NOT NULL CHECK (roles <@ ARRAY['practitioner', 'supervisor', 'senior_manager',
    'auditor', 'administrator', 'investigating_officer', 'inspector']::text[]
    AND cardinality(roles) > 0),
  password_hash text,
  disabled_at timestamptz,
  password_changed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, staff_member_id) REFERENCES staff_member (organisation_id, id)
);
CREATE UNIQUE INDEX user_account_email ON user_account (lower(email));

-- Server-side web sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE web_session (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id text NOT NULL,
  user_id uuid NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_expires_at timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, user_id) REFERENCES user_account (organisation_id, id)
    ON DELETE CASCADE
);
CREATE INDEX web_session_id ON web_session (id);

-- Personal API bearer tokens; only the SHA-256 of the token is stored.
CREATE TABLE api_token (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, user_id) REFERENCES user_account (organisation_id, id)
    ON DELETE CASCADE
);
CREATE INDEX api_token_hash ON api_token (token_hash);

-- Failed sign-in counters, keyed by 'account:<email>' or 'address:<ip>'. Not tenant data:
-- an attacker's address belongs to no organisation.
CREATE TABLE sign_in_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);

-- Append-only trail of reads of sensitive records and of every change; each row's hash covers
-- the previous row's hash, so a quiet edit or deletion breaks the chain.
CREATE TABLE audit_event (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  detail jsonb NOT NULL DEFAULT '{}',
  request_id text,
  previous_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only removing a whole organisation (demo reset, tenant off-boarding) may delete its trail.
  IF TG_OP = 'DELETE' AND current_setting('oversight.removing_organisation', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
