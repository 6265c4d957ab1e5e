import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import '../../src/data-access/connection.ts'; // registers the DATE and INT8 type parsers
import { TenantPool } from '../../src/data-access/tenant-scope.ts';
import { withDatabase } from './database-global-setup.ts';

/**
 * A fresh, migrated database of this test file's own, cloned from the run's template and
 * dropped when the file's tests finish.
 */
export async function freshDatabase(): Promise<pg.Pool> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `oversight_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  // As the application connects: the oversight_app role, under row-level security.
  const pool = new TenantPool({ connectionString: withDatabase(adminUrl, name), max: 5 });
  // DROP … WITH (FORCE) ends connections still idle at teardown; that is expected, not a failure.
  pool.on('error', () => {});
  afterAll(async () => {
    await owners.get(pool)?.end();
    await pool.end();
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });
  return pool;
}

const owners = new WeakMap<pg.Pool, pg.Pool>();

/**
 * The same database as its owner, outside row-level security and the application role: for
 * tests that play someone with the server's own rights (tampering with the audit trail, say).
 */
export function ownerOf(pool: pg.Pool): pg.Pool {
  let owner = owners.get(pool);
  if (!owner) {
    const { connectionString } = (pool as unknown as { options: pg.PoolConfig }).options;
    owner = new pg.Pool({ connectionString, max: 2 });
    owner.on('error', () => {});
    owners.set(pool, owner);
  }
  return owner;
}
