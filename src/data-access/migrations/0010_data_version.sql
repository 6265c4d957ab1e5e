-- A number per organisation that changes whenever anything compliance is derived from changes, so
-- figures worked out from one version can be reused until the next (services/compliance-service).
-- Bumped once per statement, in the writing transaction, so a reader sees the new number exactly
-- when it sees the new rows. No foreign key: rows of a deleted organisation go with it below.
CREATE TABLE organisation_data_version (
  organisation_id uuid PRIMARY KEY,
  version bigint NOT NULL
);

CREATE FUNCTION note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO organisation_data_version AS v (organisation_id, version)
  SELECT DISTINCT organisation_id, 1 FROM changed_rows
  ON CONFLICT (organisation_id) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION note_organisation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM organisation_data_version WHERE organisation_id = OLD.id;
  ELSE
    INSERT INTO organisation_data_version AS v (organisation_id, version) VALUES (NEW.id, 1)
    ON CONFLICT (organisation_id) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER organisation_data_version AFTER INSERT OR UPDATE OR DELETE ON organisation
  FOR EACH ROW EXECUTE FUNCTION note_organisation_change();

-- Statement-level triggers see the changed rows as a transition table, one per event.
DO $$
DECLARE
  t text;
  event text;
BEGIN
  FOREACH t IN ARRAY ARRAY['org_unit', 'staff_member', 'supervisory_relationship', 'absence',
    'child', 'child_status_episode', 'child_flag', 'child_allocation', 'child_event',
    'supervision_session', 'session_participant', 'session_child', 'supervision_record',
    'record_staff', 'record_child', 'quality_audit', 'supervision_action', 'obligation_waiver',
    'supervision_agreement']
  LOOP
    FOREACH event IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
      EXECUTE format(
        'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed_rows
         FOR EACH STATEMENT EXECUTE FUNCTION note_data_change()',
        t || '_data_version_' || lower(event), event, t,
        CASE event WHEN 'DELETE' THEN 'OLD' ELSE 'NEW' END);
    END LOOP;
  END LOOP;
END $$;

-- A record's people and children are read by record (a team's slice: some thousands of records)
-- from the index alone, in their stored order.
CREATE INDEX record_staff_members ON record_staff (organisation_id, record_id)
  INCLUDE (staff_id, position);
CREATE INDEX record_child_members ON record_child (organisation_id, record_id)
  INCLUDE (child_id, position);
CREATE INDEX session_participant_members ON session_participant (organisation_id, session_id)
  INCLUDE (staff_id, position);
