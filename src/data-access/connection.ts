import pg from 'pg';
import { type Config, loadConfig } from '../config.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';
import { TenantPool } from './tenant-scope.ts';

export type Database = {
  pool: pg.Pool;
  /** How to reach the server as its owner (with the password): for migrations. */
  connectionString: string;
  /** Where the server is, without the password, for messages. */
  description: string;
  close: () => Promise<void>;
};

export class DatabaseUnreachableError extends Error {}

// DATE columns come back as 'YYYY-MM-DD' strings: the domain works in calendar dates, and a
// JavaScript Date would move them by the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Connects to DATABASE_URL, or starts the embedded server, and applies pending migrations. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { log?: (line: string) => void; migrate?: boolean } = {},
): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(config.dataDir, options.log);
  const connectionString = config.databaseUrl ?? embedded!.connectionString;
  const description = describe(connectionString, embedded !== undefined);
  const pool = new TenantPool({ connectionString, max: 10 });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  try {
    if (options.migrate !== false) {
      await migrateAsOwner(connectionString);
      await pool.query('SELECT 1');
    } else await reachable(connectionString); // the app's roles may not exist before migrating
  } catch (error) {
    await pool.end().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw new DatabaseUnreachableError(
      `Cannot use the database at ${description}: ${(error as Error).message}`,
    );
  }
  return {
    pool,
    connectionString,
    description,
    close: async () => {
      await pool.end();
      await embedded?.stop();
    },
  };
}

/**
 * Migrations change the schema, so they run as the connecting owner; the application's own
 * connections then act as the unprivileged oversight_app role (migration 0016).
 */
export async function migrateAsOwner(connectionString: string): Promise<string[]> {
  const owner = new pg.Pool({ connectionString, max: 1 });
  try {
    return await migrate(owner);
  } finally {
    await owner.end();
  }
}

async function reachable(connectionString: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.end();
}

/** For one-off commands: open, run, and always close (stopping the embedded server). */
export async function withDatabase<T>(fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig());
  try {
    return await fn(database.pool);
  } finally {
    await database.close();
  }
}

function describe(connectionString: string, embedded: boolean): string {
  const url = new URL(connectionString);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  return embedded ? `${where} (embedded)` : where;
}
