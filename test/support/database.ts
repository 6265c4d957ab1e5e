import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import '../../src/data-access/connection.ts'; // registers the DATE and INT8 type parsers
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
  const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, name), max: 5 });
  // DROP … WITH (FORCE) ends connections still idle at teardown; that is expected, not a failure.
  pool.on('error', () => {});
  afterAll(async () => {
    await pool.end();
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });
  return pool;
}
