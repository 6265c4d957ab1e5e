-- Indexes for the hot paths whose plans are in docs/query-plans.md (scripts/query-plans.ts).

-- A person's records (the records list, `involving`): the records they observed. Most records
-- have no observer, so only those that do are indexed.
CREATE INDEX supervision_record_observer ON supervision_record (organisation_id, observer_id)
  WHERE observer_id IS NOT NULL;

-- The same list: the records naming them as a signatory (`signatories @> [{"staffId": …}]`).
CREATE INDEX record_version_signatories ON record_version USING gin (signatories jsonb_path_ops);
