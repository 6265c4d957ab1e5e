-- Issue 13: every policy an organisation saves is a version, with who, when and why, so
-- compliance and reports as of a date use the version in force then (services/policy-versions.ts).
-- A version is a base pack with the organisation's overrides on it: a built-in pack by id, or a
-- whole pack imported from a file (`pack`). Versions are never changed: a restore is a new one.
-- organisation.policy_pack_id/overrides stay in step with the latest version.

CREATE TABLE policy_version (
  organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  base_pack_id text NOT NULL,
  overrides jsonb,
  -- The whole base pack when it was imported from a file; null: the built-in pack base_pack_id.
  pack jsonb,
  reason text NOT NULL CHECK (reason <> ''),
  created_by uuid,
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  restored_from integer,
  PRIMARY KEY (organisation_id, version),
  FOREIGN KEY (organisation_id, restored_from) REFERENCES policy_version (organisation_id, version)
);

-- "In force on a date" reads the latest version created on or before it.
CREATE INDEX policy_version_created ON policy_version (organisation_id, created_at);

INSERT INTO policy_version (organisation_id, version, base_pack_id, overrides, reason,
                            created_by_name)
SELECT id, 1, policy_pack_id, overrides, 'Pack in use when versions began', 'Oversight'
FROM organisation;

CREATE FUNCTION policy_version_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only removing a whole organisation (demo reset, tenant off-boarding) takes its versions.
  IF TG_OP = 'DELETE' AND current_setting('oversight.removing_organisation', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'policy_version is append-only';
END $$;
CREATE TRIGGER policy_version_append_only BEFORE UPDATE OR DELETE ON policy_version
  FOR EACH ROW EXECUTE FUNCTION policy_version_is_append_only();

-- A writer other than the policy versions service (a new organisation, an organisation bundle
-- imported) still makes a version, so the history is whole. It says who and why with
-- transaction-local settings (oversight.policy_author_id, _name, oversight.policy_reason, as
-- data-access/organisation-data-repository.ts sets them); without them it is recorded as
-- Oversight's own. The service writes its version first, so it finds nothing to add here. An
-- imported base pack is carried forward while the organisation keeps its id.
CREATE FUNCTION note_policy_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  latest policy_version%ROWTYPE;
  author_id text := nullif(current_setting('oversight.policy_author_id', true), '');
  author_name text := nullif(current_setting('oversight.policy_author_name', true), '');
  why text := nullif(current_setting('oversight.policy_reason', true), '');
BEGIN
  SELECT * INTO latest FROM policy_version
  WHERE organisation_id = NEW.id ORDER BY version DESC LIMIT 1;
  IF FOUND AND latest.base_pack_id = NEW.policy_pack_id
     AND latest.overrides IS NOT DISTINCT FROM NEW.overrides THEN
    RETURN NULL;
  END IF;
  INSERT INTO policy_version (organisation_id, version, base_pack_id, overrides, pack, reason,
                              created_by, created_by_name)
  VALUES (NEW.id, coalesce(latest.version, 0) + 1, NEW.policy_pack_id, NEW.overrides,
          CASE WHEN latest.base_pack_id = NEW.policy_pack_id THEN latest.pack END,
          coalesce(why, CASE WHEN TG_OP = 'INSERT' THEN 'Pack chosen when the organisation was created'
                             ELSE 'Changed outside the policy pages' END),
          author_id::uuid, coalesce(author_name, 'Oversight'));
  RETURN NULL;
END $$;
CREATE TRIGGER organisation_policy_version
  AFTER INSERT OR UPDATE OF policy_pack_id, overrides ON organisation
  FOR EACH ROW EXECUTE FUNCTION note_policy_change();

SELECT oversight_isolate_tenant('policy_version');

DO $$
DECLARE
  app_role text;
BEGIN
  FOREACH app_role IN ARRAY ARRAY['oversight_app', 'oversight_system'] LOOP
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON policy_version FROM %I', app_role);
  END LOOP;
EXCEPTION
  WHEN insufficient_privilege THEN RAISE NOTICE 'privileges not revoked: %', SQLERRM;
END $$;
