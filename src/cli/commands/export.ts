/** `oversight export [--organisation SLUG] > bundle.json`. */
import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { importService } from '../../services/import/import-service.ts';
import { parse } from '../args.ts';
import { chosenOrganisation } from './organisation-option.ts';

export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { organisation: { type: 'string' } });
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const organisation = await chosenOrganisation(repos, values.organisation);
    const bundle = await importService(repos).exportBundle(organisation.id, null);
    process.stdout.write(`${JSON.stringify(bundle, null, 2)}\n`);
    return 0;
  });
}
