/** `oversight compliance --as-of YYYY-MM-DD [--organisation SLUG] [--from YYYY-MM-DD] [--json]`. */
import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { summarise } from '../../domain/compliance/index.ts';
import { complianceService } from '../../services/compliance-service.ts';
import { parse, UsageError } from '../args.ts';
import { chosenOrganisation } from './organisation-option.ts';

const usage =
  'usage: oversight compliance --as-of YYYY-MM-DD [--organisation SLUG] [--from YYYY-MM-DD] [--json]';

export async function complianceCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    'as-of': { type: 'string' },
    organisation: { type: 'string' },
    from: { type: 'string' },
    json: { type: 'boolean' },
  });
  const asOf = values['as-of'];
  if (!isIsoDate(asOf)) throw new UsageError(`--as-of: expected a date YYYY-MM-DD\n${usage}`);
  if (values.from !== undefined && !isIsoDate(values.from))
    throw new UsageError('--from: expected a date YYYY-MM-DD');
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const organisation = await chosenOrganisation(repos, values.organisation);
    const result = await complianceService(repos).forOrganisation(
      organisation.id,
      asOf,
      values.from ? { from: values.from } : {},
    );
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(
      `${organisation.name}: ${result.obligations.length} obligations as of ${asOf} (${result.policy})\n`,
    );
    for (const [kind, states] of Object.entries(summarise(result.obligations))) {
      const counts = Object.entries(states)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ');
      process.stdout.write(`  ${kind.padEnd(24)} ${counts}\n`);
    }
    return 0;
  });
}
