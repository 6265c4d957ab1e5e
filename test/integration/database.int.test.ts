import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
