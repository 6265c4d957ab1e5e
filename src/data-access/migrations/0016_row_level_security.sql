-- Tenant isolation in the database itself: row-level security on organisation_id, so that a
-- query that forgot its organisation filter still cannot read another council's rows.
--
-- The application connects as the owner (who migrates) and switches to the role oversight_app,
-- which owns nothing and is subject to the policies. Each connection says whose rows it may see
-- in the setting oversight.organisation_id: an organisation's id inside a signed-in request, or
-- 'all' for the system's own work (sign-in before the account is known, jobs, the CLI). With no
-- setting at all, nothing is visible. FORCE makes the policies bind the owner too, for servers
-- where the owner is not a superuser and the role cannot be created.

CREATE FUNCTION oversight_tenant_visible(row_organisation uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE current_setting('oversight.organisation_id', true)
      WHEN 'all' THEN true
      WHEN '' THEN false
      ELSE row_organisation = current_setting('oversight.organisation_id', true)::uuid
    END
  $$;

-- Puts one tenant table under the policy; later migrations call it for each table they add.
CREATE FUNCTION oversight_isolate_tenant(tenant_table regclass, key_column text DEFAULT 'organisation_id')
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tenant_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tenant_table);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tenant_table);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (oversight_tenant_visible(%I)) WITH CHECK (oversight_tenant_visible(%I))',
    tenant_table, key_column, key_column);
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

-- The application's role: it may read and write the tables, never change their shape, and never
-- update or delete the audit trail (the trigger on audit_event refuses it as well).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oversight_app') THEN
    CREATE ROLE oversight_app NOLOGIN;
  END IF;
EXCEPTION
  -- Another database on the same server created it at the same moment.
  WHEN duplicate_object OR unique_violation THEN NULL;
  -- An owner without CREATEROLE: no role to switch to, and FORCE binds the owner instead.
  WHEN insufficient_privilege THEN RAISE NOTICE 'oversight_app not created: %', SQLERRM;
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oversight_app') THEN
    EXECUTE format('GRANT oversight_app TO %I', current_user);
    GRANT USAGE ON SCHEMA public TO oversight_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO oversight_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO oversight_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM oversight_app;
    REVOKE INSERT, UPDATE, DELETE ON schema_migration FROM oversight_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO oversight_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO oversight_app;
  END IF;
EXCEPTION
  WHEN insufficient_privilege THEN RAISE NOTICE 'oversight_app not granted: %', SQLERRM;
END $$;
