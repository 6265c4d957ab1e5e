import { auditChainProblems } from '../../data-access/audit-log-repository.ts';
import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { parse } from '../args.ts';

const usage = `Usage:
  oversight audit verify [--organisation SLUG]
      Recomputes the audit trail's hash chain (every organisation unless one is named) and
      prints one line for each row that was edited, deleted before, or moved. Exits 1 if any.
`;

export async function auditCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parse(rest, { organisation: { type: 'string' }, help: { type: 'boolean' } });
  if (values.help || action !== 'verify') {
    process.stdout.write(usage);
    return values.help ? 0 : 2;
  }
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const all = await repos.organisations.list();
    const chosen = values.organisation ? all.filter((o) => o.slug === values.organisation) : all;
    if (values.organisation && chosen.length === 0) {
      process.stderr.write(
        `oversight audit: --organisation: no organisation '${values.organisation}'\n`,
      );
      return 2;
    }
    let broken = 0;
    for (const organisation of chosen) {
      const problems = await auditChainProblems(pool, organisation.id);
      const { rows } = await pool.query(
        'SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1',
        [organisation.id],
      );
      broken += problems.length;
      for (const p of problems)
        process.stdout.write(
          `${organisation.slug}: row ${p.id} ${p.problem.replace('_', ' ')}: ${p.detail}\n`,
        );
      if (problems.length === 0)
        process.stdout.write(`${organisation.slug}: ${rows[0].n} rows, the chain holds\n`);
    }
    return broken === 0 ? 0 : 1;
  });
}
