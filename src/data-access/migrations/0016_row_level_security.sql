-- Tenant isolation in the database itself: row-level security on organisation_id, so that a
-- query that forgot its organisation filter still cannot read or write another council's rows.
--
-- The process connects as the owner, who migrates. Each pooled connection then says whose rows
-- it works on by calling oversight_enter (src/data-access/tenant-scope.ts):
--   - an organisation's id (a signed-in request): the role oversight_app, which sees only rows
--     whose organisation_id equals oversight.organisation_id;
--   - 'all' (sign-in before the account is known, jobs, the CLI): the role oversight_system.
-- Neither role owns anything, so neither can change the schema, and neither may update or delete
-- the audit trail. The tenant policy is a plain equality, which the planner estimates and can use
-- in an index scan like any other.
--
-- Where the owner may not create roles, FORCE binds the owner by the policy `owner_access`
-- instead, read from the same setting.

CREATE FUNCTION oversight_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN current_setting('oversight.organisation_id', true)
                   ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              THEN current_setting('oversight.organisation_id', true)::uuid END
$$;

CREATE FUNCTION oversight_owner_sees(row_organisation uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT current_setting('oversight.organisation_id', true) = 'all'
        OR row_organisation = oversight_tenant()
  $$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oversight_app') THEN
    CREATE ROLE oversight_app NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oversight_system') THEN
    CREATE ROLE oversight_system NOLOGIN;
  END IF;
EXCEPTION
  -- Another database on the same server created them at the same moment.
  WHEN duplicate_object OR unique_violation THEN NULL;
  -- An owner without CREATEROLE: FORCE binds the owner through owner_access instead.
  WHEN insufficient_privilege THEN RAISE NOTICE 'roles not created: %', SQLERRM;
END $$;

-- Puts one tenant table under the policies; later migrations call it for each table they add.
CREATE FUNCTION oversight_isolate_tenant(tenant_table regclass, key_column text DEFAULT 'organisation_id')
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tenant_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tenant_table);
  EXECUTE format(
    'CREATE POLICY owner_access ON %s TO %I USING (oversight_owner_sees(%I)) WITH CHECK (oversight_owner_sees(%I))',
    tenant_table, current_user, key_column, key_column);
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oversight_app') THEN
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %s TO oversight_app USING (%I = oversight_tenant()) WITH CHECK (%I = oversight_tenant())',
      tenant_table, key_column, key_column);
    EXECUTE format(
      'CREATE POLICY system_access ON %s TO oversight_system USING (true) WITH CHECK (true)',
      tenant_table);
  END IF;
END $$;

DO $$
DECLARE
  tenant_table regclass;
BEGIN
  PERFORM oversight_isolate_tenant('organisation'::regclass, 'id');
  FOR tenant_table IN
    SELECT c.oid::regclass FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organisation_id' AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
  LOOP
    PERFORM oversight_isolate_tenant(tenant_table);
  END LOOP;
END $$;

DO $$
DECLARE
  app_role text;
BEGIN
  FOREACH app_role IN ARRAY ARRAY['oversight_app', 'oversight_system'] LOOP
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role);
    EXECUTE format('GRANT %I TO %I', app_role, current_user);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM %I', app_role);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON schema_migration FROM %I', app_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app_role);
  END LOOP;
EXCEPTION
  WHEN insufficient_privilege THEN RAISE NOTICE 'roles not granted: %', SQLERRM;
END $$;

-- Called whenever a pooled connection changes organisation: sets whose rows it sees, and takes
-- the role that goes with it when the roles exist and the connecting user may use them.
CREATE FUNCTION oversight_enter(tenant text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  app_role text := CASE WHEN tenant = 'all' THEN 'oversight_system' ELSE 'oversight_app' END;
BEGIN
  PERFORM set_config('oversight.organisation_id', tenant, false);
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role)
     AND pg_has_role(session_user, app_role, 'MEMBER') THEN
    EXECUTE format('SET ROLE %I', app_role);
  END IF;
END $$;
