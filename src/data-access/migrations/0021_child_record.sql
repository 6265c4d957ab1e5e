-- Issue 12: supervision notes delivered to the child's record (docs/child-record.md). When a
-- version of a record kept on the child's record locks, one delivery per child it names is
-- written in the same transaction (a transactional outbox), keyed `<record>.<version>.<child>`.
-- It is then sent to the organisation's webhook, put in the daily export, or acknowledged at
-- once where Oversight is the child's record. An acknowledged delivery dates
-- supervision_record.on_child_record_on, which the compliance engine reads.

-- How the organisation's notes reach the child's record. No row reads as 'export'. The signing
-- secret is kept as it is (HMAC needs it); the pages show it once, when it is made. After a new
-- secret is made the one it replaced still signs beside it until `previous_secret_until`, so a
-- receiver has a day to take the new one without refusing a note.
CREATE TABLE child_record_link (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  mode text NOT NULL DEFAULT 'export' CHECK (mode IN ('export', 'webhook', 'oversight')),
  webhook_url text CHECK (length(webhook_url) BETWEEN 1 AND 2000),
  signing_secret text,
  secret_created_at timestamptz,
  previous_secret text,
  previous_secret_until timestamptz,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id),
  CHECK (mode <> 'webhook' OR (webhook_url IS NOT NULL AND signing_secret IS NOT NULL)),
  CHECK ((signing_secret IS NULL) = (secret_created_at IS NULL)),
  CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL))
);

-- A day's export: the notes not yet delivered, downloaded as CSV until it is confirmed imported.
CREATE TABLE child_note_export (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_on date NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_on date,
  confirmed_by uuid,
  confirmed_at timestamptz,
  -- Discarded unconfirmed: its notes were freed for the next export.
  discarded_by uuid,
  discarded_at timestamptz,
  PRIMARY KEY (organisation_id, id),
  CHECK ((confirmed_on IS NULL) = (confirmed_at IS NULL)),
  CHECK (confirmed_at IS NULL OR discarded_at IS NULL)
);
CREATE INDEX child_note_export_created ON child_note_export (organisation_id, created_at DESC);
CREATE INDEX child_note_export_unconfirmed ON child_note_export (organisation_id)
  WHERE confirmed_on IS NULL AND discarded_at IS NULL;

CREATE TABLE child_note_delivery (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- `<record id>.<version>.<child id>`: the same on every attempt, in every export.
  idempotency_key text NOT NULL,
  record_id uuid NOT NULL,
  version integer NOT NULL,
  child_id uuid NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  -- How it was acknowledged: a webhook's 2xx, an export confirmed, or Oversight itself.
  channel text CHECK (channel IN ('webhook', 'export', 'oversight')),
  acknowledged_on date,
  -- How many times it was queued for the webhook (on lock, on a change of mode or address, on
  -- "try again"): a job of an earlier round finds it moved on and does nothing.
  round integer NOT NULL DEFAULT 0,
  -- Attempts in this round, each recorded in the transaction that queues the next.
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text CHECK (length(last_error) <= 500),
  -- The note as first sent or exported, so every attempt and every download says the same.
  note jsonb,
  export_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, idempotency_key),
  FOREIGN KEY (organisation_id, record_id, version)
    REFERENCES record_version (organisation_id, record_id, version) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, child_id) REFERENCES child (organisation_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, export_id) REFERENCES child_note_export (organisation_id, id),
  CHECK ((state = 'delivered') = (acknowledged_on IS NOT NULL)),
  CHECK ((state = 'delivered') = (channel IS NOT NULL))
);
CREATE INDEX child_note_delivery_record_id_version_fk
  ON child_note_delivery (organisation_id, record_id, version);
CREATE INDEX child_note_delivery_child_id_fk ON child_note_delivery (organisation_id, child_id);
CREATE INDEX child_note_delivery_export_id_fk ON child_note_delivery (organisation_id, export_id)
  WHERE export_id IS NOT NULL;
-- The delivery page: newest first, all or one state, paged.
CREATE INDEX child_note_delivery_newest ON child_note_delivery (organisation_id, created_at DESC, id);
CREATE INDEX child_note_delivery_state ON child_note_delivery
  (organisation_id, state, created_at DESC, id);

SELECT oversight_isolate_tenant('child_record_link');
SELECT oversight_isolate_tenant('child_note_export');
SELECT oversight_isolate_tenant('child_note_delivery');
