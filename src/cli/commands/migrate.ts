import { loadConfig } from '../../config.ts';
import { migrateAsOwner, openDatabase } from '../../data-access/connection.ts';

export async function migrateCommand(_args: string[]): Promise<number> {
  const database = await openDatabase(loadConfig(), { migrate: false });
  try {
    const applied = await migrateAsOwner(database.connectionString);
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
