import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../data-access/connection.ts';
import { migrate } from '../../data-access/migrate.ts';

export async function migrateCommand(_args: string[]): Promise<number> {
  const database = await openDatabase(loadConfig(), { migrate: false });
  try {
    const applied = await migrate(database.pool);
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'The database is up to date.\n',
    );
    return 0;
  } finally {
    await database.close();
  }
}
