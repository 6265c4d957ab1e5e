-- Issue 12: syncs of children from the case-management system, through the watched folder or
-- the push API (docs/sync.md). Each run is kept with its report: what it added, changed and
-- closed, or every reason it was rejected. Runs are written after the import's own transaction,
-- so a crash between the two loses the run's row, never data: the next run finds it unchanged.

CREATE TABLE sync_run (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  source text NOT NULL CHECK (source IN ('folder', 'api')),
  -- The folder's files as [{ name, kind, rows }]; null for a push.
  files jsonb,
  -- A push: the SHA-256 of its body (canonical JSON, or the text when it was not JSON) and
  -- the number of children in it. Null for the folder.
  request_sha256 text,
  request_children integer,
  received_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'rejected')),
  report jsonb NOT NULL,
  -- Whose API token pushed it.
  api_user_id uuid,
  idempotency_key text CHECK (idempotency_key <> ''),
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, api_user_id) REFERENCES user_account (organisation_id, id),
  CHECK (finished_at >= received_at),
  CHECK ((source = 'api') = (request_sha256 IS NOT NULL))
);

-- The runs page lists the newest first.
CREATE INDEX sync_run_received ON sync_run (organisation_id, received_at DESC);
CREATE INDEX sync_run_api_user_id_fk ON sync_run (organisation_id, api_user_id)
  WHERE api_user_id IS NOT NULL;
-- A key names one run that was written (applied or unchanged); a rejected push keeps its key
-- for the record but does not use it up, so the corrected request may send it again.
CREATE UNIQUE INDEX sync_run_idempotency_key ON sync_run (organisation_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL AND outcome <> 'rejected';

SELECT oversight_isolate_tenant('sync_run');
