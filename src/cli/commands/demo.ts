import { withDatabase } from '../../data-access/connection.ts';
import { loadDemoOrganisation } from '../../services/demo/load-demo.ts';
import { parse } from '../args.ts';
import { printDemoAccounts } from './serve.ts';

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { reset: { type: 'boolean' }, help: { type: 'boolean' } }, false);
  if (values.help) {
    process.stdout.write(
      'Usage: oversight demo [--reset]\n  Loads the demo organisation; --reset removes it and loads it again.\n',
    );
    return 0;
  }
  const outcome = await withDatabase((pool) =>
    loadDemoOrganisation(pool, { reset: values.reset ?? false }),
  );
  if (outcome === 'exists') {
    process.stdout.write('The demo organisation is already loaded. Use --reset to reload it.\n');
    return 0;
  }
  printDemoAccounts();
  return 0;
}
