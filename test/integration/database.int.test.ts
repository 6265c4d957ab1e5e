import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appendAuditEvent, verifyAuditChain } from '../../src/data-access/audit-log-repository.ts';
import {
  DataDirectoryInUseError,
  startEmbeddedPostgres,
} from '../../src/data-access/embedded-postgres.ts';
import { repositories } from '../../src/data-access/index.ts';
import { migrate, readMigrations } from '../../src/data-access/migrate.ts';
import { authService } from '../../src/services/auth-service.ts';
import { demoAccounts, demoStaff } from '../../src/services/demo/demo-organisation.ts';
import { loadDemoOrganisation } from '../../src/services/demo/load-demo.ts';
import { UserAdminError, userAdminService } from '../../src/services/user-admin-service.ts';
import { runCli } from '../support/cli.ts';
import { freshDatabase, ownerOf } from '../support/database.ts';

describe('database', async () => {
  const pool = await freshDatabase();
  const repos = repositories(pool);

  it('applies migrations once: running them again changes nothing', async () => {
    expect(await migrate(pool)).toEqual([]);
    const { rows } = await pool.query('SELECT version FROM schema_migration ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it('refuses to run when an applied migration was edited', async () => {
    const [first, ...rest] = readMigrations();
    await expect(migrate(pool, [{ ...first!, checksum: 'edited' }, ...rest])).rejects.toThrow(
      /was changed after it was applied/,
    );
  });

  it('puts organisation_id first in the primary key of every tenant table', async () => {
    const { rows } = await pool.query(`
      SELECT c.relname AS table_name, (SELECT attname FROM pg_attribute
        WHERE attrelid = c.oid AND attnum = i.indkey[0]) AS first_key
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
      WHERE n.nspname = 'public' AND c.relkind = 'r'`);
    const global = new Set([
      'organisation',
      'schema_migration',
      'sign_in_throttle',
      'bank_holiday',
      // The job queue serves every organisation (daily digests run across them all).
      'job',
    ]);
    const tenant = rows.filter((row) => !global.has(row.table_name));
    expect(tenant.length).toBeGreaterThan(5);
    for (const row of tenant) expect(row.first_key, row.table_name).toBe('organisation_id');
  });

  // Citus distributes each tenant table by organisation_id and co-locates them; it then needs
  // the distribution column in every unique constraint and on both sides of every foreign key
  // between distributed tables (docs/deployment.md, "Past one machine").
  it('meets the Citus prerequisites: organisation_id in every unique index and tenant foreign key', async () => {
    const { rows: tables } = await pool.query(`
      SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
        AND a.attname = 'organisation_id' AND NOT a.attisdropped) AS tenant
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`);
    const tenant = new Set(tables.filter((t) => t.tenant).map((t) => t.name as string));
    // Everything else is global, each for a stated reason; a new global table must be added here.
    const referenceTables = ['organisation', 'bank_holiday']; // small, read everywhere: copied to every node
    const coordinatorTables = ['schema_migration', 'sign_in_throttle']; // keyed before a tenant is known
    // job: the queue serves every organisation (daily digests run across them all) and is claimed
    // FOR UPDATE SKIP LOCKED, which Citus supports only on one node: it stays on the coordinator.
    tenant.delete('job');
    coordinatorTables.push('job');
    expect(
      tables
        .map((t) => t.name)
        .filter((name) => !tenant.has(name))
        .sort(),
    ).toEqual([...referenceTables, ...coordinatorTables].sort());

    const { rows: uniques } = await pool.query(`
      SELECT t.relname AS table_name, i.relname AS index_name,
        EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid
          AND a.attname = 'organisation_id' AND a.attnum = ANY (x.indkey)) AS has_tenant
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND x.indisunique`);
    // One email is one account everywhere: sign-in finds the organisation by it. Under Citus this
    // rule needs a coordinator-side directory of emails (docs/deployment.md, what would need work).
    const globalRules = new Set(['user_account.user_account_email']);
    const missing = uniques
      .filter((u) => tenant.has(u.table_name) && !u.has_tenant)
      .filter((u) => !globalRules.has(`${u.table_name}.${u.index_name}`))
      .map((u) => `${u.table_name}.${u.index_name}`);
    expect(missing, 'unique indexes without organisation_id').toEqual([]);

    const { rows: keys } = await pool.query(`
      SELECT c.conname, f.relname AS from_table, t.relname AS to_table,
        (SELECT array_agg(attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord)
          JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n) AS from_columns,
        (SELECT array_agg(attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord)
          JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n) AS to_columns
      FROM pg_constraint c JOIN pg_class f ON f.oid = c.conrelid JOIN pg_class t ON t.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = f.relnamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`);
    const unaligned = keys
      .filter((k) => tenant.has(k.from_table) && tenant.has(k.to_table))
      .filter((k) => {
        const at = k.from_columns.indexOf('organisation_id');
        return at < 0 || k.to_columns[at] !== 'organisation_id';
      })
      .map(
        (k) =>
          `${k.from_table}.${k.conname} (${k.from_columns}) -> ${k.to_table} (${k.to_columns})`,
      );
    expect(unaligned, 'foreign keys between tenant tables without organisation_id').toEqual([]);
    // A distributed table may refer to a reference table, never to a coordinator-only one.
    const toCoordinator = keys
      .filter((k) => coordinatorTables.includes(k.to_table) && k.from_table !== k.to_table)
      .map((k) => `${k.from_table}.${k.conname}`);
    expect(toCoordinator).toEqual([]);
  });

  it('has an index under every foreign key, so deleting a referenced row never scans', async () => {
    // Without one, each row deleted (an organisation removed, a retention run) scans the
    // referring table: removing the large council took hours instead of minutes.
    const { rows } = await pool.query(`
      WITH fk AS (
        SELECT c.conrelid, c.conname, c.conkey, array(SELECT a.attname::text
          FROM unnest(c.conkey) WITH ORDINALITY k(n, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.ord) AS cols
        FROM pg_constraint c WHERE c.contype = 'f' AND c.confrelid <> 'organisation'::regclass)
      SELECT fk.conrelid::regclass::text || ' (' || array_to_string(fk.cols, ', ') || ')' AS key
      FROM fk WHERE NOT EXISTS (
        SELECT 1 FROM pg_index i WHERE i.indrelid = fk.conrelid
          AND (i.indkey::int2[])[0:cardinality(fk.conkey) - 1] @> fk.conkey
          AND (i.indkey::int2[])[0:cardinality(fk.conkey) - 1] <@ fk.conkey
          -- a partial index serves the check only when it leaves out the rows with no reference
          AND (i.indpred IS NULL OR EXISTS (SELECT 1 FROM unnest(fk.cols) col
            WHERE pg_get_expr(i.indpred, i.indrelid) = '(' || col || ' IS NOT NULL)')))`);
    expect(rows.map((r) => r.key)).toEqual([]);
  });

  it('migrates an empty database from the command line, once', async () => {
    const admin = ownerOf(pool);
    const name = `oversight_empty_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
    const { connectionString } = (pool as unknown as { options: { connectionString: string } })
      .options;
    const url = new URL(connectionString);
    url.pathname = `/${name}`;
    const empty = new pg.Pool({ connectionString: url.toString(), max: 1 });
    try {
      const first = await runCli(empty, ['migrate']);
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(`Applied ${readMigrations().length} migration(s)`);
      expect((await runCli(empty, ['migrate'])).stdout).toBe('The database is up to date.\n');
    } finally {
      await empty.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  it('loads the demo organisation once, and --reset reloads it', async () => {
    expect(await loadDemoOrganisation(pool)).toBe('loaded');
    expect(await loadDemoOrganisation(pool)).toBe('exists');
    await pool.query("UPDATE staff_member SET name = 'Changed' WHERE external_id = 'sw-ait-1'");
    expect(await loadDemoOrganisation(pool, { reset: true })).toBe('loaded');
    const { rows } = await pool.query(
      'SELECT count(*)::int AS staff, count(*) FILTER (WHERE name = $1)::int AS changed FROM staff_member',
      ['Changed'],
    );
    expect(rows[0]).toEqual({ staff: demoStaff.length, changed: 0 });
    const kinds = await pool.query('SELECT DISTINCT role_category FROM staff_member');
    expect(kinds.rowCount).toBe(10);
    const users = await pool.query('SELECT count(*)::int AS n FROM user_account');
    expect(users.rows[0].n).toBe(demoAccounts.length);
  });

  it('creates an account from the CLI service that can then sign in', async () => {
    const admin = userAdminService(repos);
    const { password } = await admin.create({
      email: 'new.manager@northshire.example',
      displayName: 'New Manager',
      roles: ['supervisor'],
    });
    const auth = authService(repos, { idleMs: 60_000, absoluteMs: 600_000 });
    const result = await auth.signIn('new.manager@northshire.example', password, '127.0.0.1');
    expect(result.outcome).toBe('signed-in');
    await expect(
      admin.create({
        email: 'new.manager@northshire.example',
        displayName: 'Again',
        roles: ['supervisor'],
      }),
    ).rejects.toThrow(/already exists/);
    await expect(
      admin.create({ email: 'x@northshire.example', displayName: 'X', roles: ['boss'] }),
    ).rejects.toThrow(UserAdminError);
    await expect(
      admin.create({
        email: 'y@northshire.example',
        displayName: 'Y',
        roles: ['practitioner'],
        password: 'short',
      }),
    ).rejects.toThrow(/12 characters/);
  });

  it('keeps an append-only audit trail whose hash chain shows tampering', async () => {
    const { rows } = await pool.query('SELECT id FROM organisation');
    const organisationId = rows[0].id;
    await appendAuditEvent(pool, {
      organisationId,
      actorUserId: null,
      action: 'viewed',
      resourceType: 'record',
      resourceId: 'r1',
      detail: { zeta: 1, alpha: { b: 2, a: 1 } },
    });
    await appendAuditEvent(pool, {
      organisationId,
      actorUserId: null,
      action: 'viewed',
      resourceType: 'record',
      resourceId: 'r2',
    });
    expect(await verifyAuditChain(pool, organisationId)).toBeNull();
    // The application's role may not touch it; the owner meets the trigger.
    await expect(pool.query('UPDATE audit_event SET action = $1', ['nothing'])).rejects.toThrow(
      /permission denied/,
    );
    const owner = ownerOf(pool);
    await expect(owner.query('UPDATE audit_event SET action = $1', ['nothing'])).rejects.toThrow(
      /append-only/,
    );
    await expect(owner.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
    await owner.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    await owner.query("UPDATE audit_event SET resource_id = 'r3' WHERE resource_id = 'r2'");
    await owner.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    expect(await verifyAuditChain(pool, organisationId)).not.toBeNull();
  });
});

describe('embedded PostgreSQL', () => {
  it('refuses a second process on the same data directory with a clear message', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oversight-lock-'));
    const first = await startEmbeddedPostgres(dataDir);
    try {
      // A lock held by another live process: this test's parent stands in for it.
      await first.stop();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(dataDir, 'oversight.lock'), String(process.ppid));
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(DataDirectoryInUseError);
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(
        /Another Oversight process \(pid \d+\) is using the data directory/,
      );
      // A lock left by a process that has died is taken over.
      writeFileSync(path.join(dataDir, 'oversight.lock'), '999999');
      const again = await startEmbeddedPostgres(dataDir);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
