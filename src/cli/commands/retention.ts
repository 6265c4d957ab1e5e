/**
 * `oversight retention [--organisation SLUG] [--dry-run | --run DRY-RUN-ID] [--as-of DATE]`:
 * a dry run (the default) lists what is due, what a legal hold spares and what has no period;
 * `--run` deletes exactly what that dry run listed, or nothing if the due set has changed.
 */
import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { isIsoDate, isoDateAt } from '../../domain/calendar/iso-date.ts';
import type { DueRecord, RetentionPlan } from '../../domain/retention/plan.ts';
import { noPeriodReasons, retentionService } from '../../features/retention/retention-service.ts';
import { parse } from '../args.ts';
import { type CliIo, processIo } from './cli-io.ts';
import { chosenOrganisation } from './organisation-option.ts';

const usage = `Usage:
  oversight retention [--organisation SLUG] [--dry-run] [--as-of YYYY-MM-DD]
      Lists the records due for deletion under the policy pack's retention rules, those a
      legal hold spares, and the kinds kept for want of a period. Deletes nothing.
  oversight retention [--organisation SLUG] --run DRY-RUN-ID
      Deletes exactly what that dry run listed, leaving tombstones; refuses, deleting
      nothing, if the records due have changed since.
`;

const line = (r: DueRecord) =>
  `  ${r.recordId}  ${r.kind}  ${r.date}  ${r.ruleId}  due since ${r.dueSince}`;

export function printPlan(io: CliIo, plan: Pick<RetentionPlan, 'due' | 'spared' | 'noPeriod'>) {
  io.out(`Due for deletion: ${plan.due.length}`);
  for (const r of plan.due) io.out(line(r));
  io.out(`Spared by a legal hold: ${plan.spared.length}`);
  for (const r of plan.spared) io.out(`${line(r)}  hold ${r.holdIds.join(', ')}`);
  io.out(`Kept, no retention period set: ${plan.noPeriod.reduce((n, k) => n + k.count, 0)}`);
  for (const n of plan.noPeriod)
    io.out(
      `  ${n.kind}: ${n.count} (${noPeriodReasons[n.reason]}${n.ruleId ? `, rule ${n.ruleId}` : ''})`,
    );
}

export async function retentionCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const { values, positionals } = parse(args, {
    organisation: { type: 'string' },
    'dry-run': { type: 'boolean' },
    run: { type: 'string' },
    'as-of': { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const problems: string[] = [];
  if (positionals.length > 0) problems.push(`unexpected argument '${positionals[0]}'`);
  if (values.run !== undefined && values['dry-run'])
    problems.push('--run and --dry-run: give one, not both');
  if (values.run !== undefined && values['as-of'] !== undefined)
    problems.push('--as-of: a confirmed run keeps its dry run’s date; give it with --dry-run');
  const today = isoDateAt(new Date());
  if (values['as-of'] !== undefined && !isIsoDate(values['as-of']))
    problems.push('--as-of: expected a date YYYY-MM-DD');
  else if (values['as-of'] !== undefined && values['as-of'] > today)
    problems.push(`--as-of: must not be later than today (${today}), or records fall due early`);
  if (problems.length > 0) {
    for (const p of problems) io.err(`oversight retention: ${p}`);
    return 2;
  }
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const organisation = await chosenOrganisation(repos, values.organisation);
    const service = retentionService(repos, { today: () => today });
    const caller = { organisationId: organisation.id, userId: null };
    if (values.run === undefined) {
      const { id, policy, plan } = await service.dryRun(caller, values['as-of']);
      io.out(`${organisation.slug}: retention dry run ${id} as of ${plan.asOf} (${policy})`);
      printPlan(io, plan);
      io.out(
        plan.due.length > 0
          ? `To delete these ${plan.due.length}: oversight retention --organisation ${organisation.slug} --run ${id}`
          : 'Nothing to delete.',
      );
      return 0;
    }
    const result = await service.confirm(caller, values.run);
    switch (result.outcome) {
      case 'not_found':
        io.err(`oversight retention: --run: no dry run '${values.run}' in ${organisation.slug}`);
        return 1;
      case 'already_run':
        io.err(`oversight retention: --run: dry run ${values.run} was confirmed already`);
        return 1;
      case 'changed':
        io.err(
          'oversight retention: nothing deleted: the records due have changed since the dry run',
        );
        for (const r of result.added) io.err(`  now due: ${line(r).trim()}`);
        for (const r of result.removed) io.err(`  no longer due: ${line(r).trim()}`);
        return 1;
      case 'deleted':
        io.out(`${organisation.slug}: deleted ${result.count} records under run ${values.run}`);
        return 0;
    }
  });
}
