import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/data-access/embedded-postgres.ts';
import { migrate } from '../../src/data-access/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to the server's maintenance database, for CREATE DATABASE. */
    adminDatabaseUrl: string;
    /** The migrated database each test file clones. */
    templateDatabase: string;
  }
}

/**
 * Starts one PostgreSQL for the run (the embedded server, or the one in DATABASE_URL) and
 * builds a migrated template database; each test file then clones its own copy in
 * milliseconds (test/support/database.ts), so files never share rows.
 */
export default async function setup(project: TestProject) {
  const dataDir = process.env.DATABASE_URL
    ? undefined
    : mkdtempSync(path.join(tmpdir(), 'oversight-test-'));
  const embedded = dataDir ? await startEmbeddedPostgres(dataDir) : undefined;
  const adminDatabaseUrl = process.env.DATABASE_URL ?? embedded!.connectionString;
  const templateDatabase = `oversight_template_${process.pid}_${Date.now().toString(36)}`;

  const admin = new pg.Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  const templatePool = new pg.Pool({
    connectionString: withDatabase(adminDatabaseUrl, templateDatabase),
  });
  await migrate(templatePool);
  await templatePool.end();

  project.provide('adminDatabaseUrl', adminDatabaseUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    const client = new pg.Client({ connectionString: adminDatabaseUrl });
    await client.connect();
    const leftovers = await client.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'oversight_test_%' OR datname = $1",
      [templateDatabase],
    );
    for (const row of leftovers.rows)
      await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await client.end();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}
