/**
 * `oversight subject-access --child ID-OR-CASE-NUMBER | --staff EMAIL-OR-ID [--organisation SLUG]
 * [--out FILE]`: everything held about one person, as JSON (or an HTML page when FILE ends in
 * .html), third parties' names marked for review. Logged on the audit trail.
 */
import { writeFile } from 'node:fs/promises';
import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { exportHtmlDocument } from '../../features/subject-access/export-html.ts';
import { subjectAccessService } from '../../features/subject-access/subject-access-service.ts';
import { parse } from '../args.ts';
import { type CliIo, processIo } from './cli-io.ts';
import { chosenOrganisation } from './organisation-option.ts';

const usage = `Usage:
  oversight subject-access --child ID-OR-CASE-NUMBER [--organisation SLUG] [--out FILE]
  oversight subject-access --staff EMAIL-OR-ID [--organisation SLUG] [--out FILE]
      Everything held about one child or one staff member, with other people's names marked
      [[review: name]] for the data protection officer. JSON on standard output, or to FILE
      (an HTML page when FILE ends in .html).
`;

export async function subjectAccessCommand(args: string[], io: CliIo = processIo) {
  const { values, positionals } = parse(args, {
    child: { type: 'string' },
    staff: { type: 'string' },
    organisation: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const problems: string[] = [];
  if (positionals.length > 0) problems.push(`unexpected argument '${positionals[0]}'`);
  if ((values.child === undefined) === (values.staff === undefined))
    problems.push('give one of --child or --staff');
  for (const name of ['child', 'staff', 'out'] as const)
    if (values[name] !== undefined && values[name].trim() === '')
      problems.push(`--${name}: expected a value`);
  if (problems.length > 0) {
    for (const p of problems) io.err(`oversight subject-access: ${p}`);
    return 2;
  }
  const kind = values.child !== undefined ? 'child' : 'staff';
  const key = (values.child ?? values.staff) as string;
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const organisation = await chosenOrganisation(repos, values.organisation);
    const result = await subjectAccessService(repos, { clock: () => new Date() }).export(
      { organisationId: organisation.id, userId: null },
      kind,
      key,
    );
    if (!result) {
      io.err(
        `oversight subject-access: --${kind}: no ${kind === 'child' ? 'child' : 'staff member'} '${key}' in ${organisation.slug}`,
      );
      return 1;
    }
    const text = values.out?.endsWith('.html')
      ? exportHtmlDocument(result)
      : `${JSON.stringify(result, null, 2)}\n`;
    if (values.out === undefined) {
      process.stdout.write(text);
      return 0;
    }
    await writeFile(values.out, text, 'utf8');
    const counts = Object.entries(result.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    io.out(
      `${values.out}: ${result.subject.name}: ${counts}; ${result.thirdParties.length} third parties to review`,
    );
    return 0;
  });
}
