/** `oversight import FILE [--kind KIND] [--organisation SLUG] [--dry-run]`. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { withDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import type { ImportProblem } from '../../domain/import/read-table.ts';
import {
  type FileKind,
  fileKinds,
  type ImportReport,
  importService,
  kindFromFileName,
} from '../../services/import/import-service.ts';
import { parse, UsageError } from '../args.ts';
import { chosenOrganisation } from './organisation-option.ts';

const usage = `usage: oversight import FILE [--kind KIND] [--organisation SLUG] [--dry-run]
  KIND is one of ${fileKinds.join(', ')}; by default it comes from the file name (staff.csv, bundle.json).
  A file with any problem imports nothing; --dry-run checks and reports without importing.`;

export function describeProblem(problem: ImportProblem): string {
  const where = [problem.line === undefined ? undefined : `line ${problem.line}`, problem.column]
    .filter(Boolean)
    .join(', ');
  return where ? `${where}: ${problem.message}` : problem.message;
}

export function describeReport(report: ImportReport): string[] {
  if (!report.changes) return [];
  const lines = Object.entries(report.changes)
    .filter(
      ([name, c]) =>
        name !== 'organisation' && typeof c === 'object' && c.added + c.changed + c.unchanged > 0,
    )
    .map(([name, c]) => {
      const counts = c as { added: number; changed: number; unchanged: number };
      return `  ${name.padEnd(14)} ${counts.added} added, ${counts.changed} changed, ${counts.unchanged} unchanged`;
    });
  if (report.changes.organisation !== 'unchanged')
    lines.unshift(`  organisation   ${report.changes.organisation}`);
  return lines;
}

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    kind: { type: 'string' },
    organisation: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  const file = positionals[0];
  if (positionals.length !== 1 || !file) throw new UsageError(`expected one FILE\n${usage}`);
  const kind = (values.kind ?? kindFromFileName(file)) as FileKind | undefined;
  if (!kind || !fileKinds.includes(kind)) {
    throw new UsageError(
      `--kind: ${values.kind ? `'${values.kind}' is not a kind of file` : `cannot tell the kind from '${file}'`}\n${usage}`,
    );
  }
  const size = await stat(file).catch(() => undefined);
  if (!size?.isFile()) {
    process.stderr.write(`${file}: cannot read the file\n`);
    return 1;
  }
  return withDatabase(async (pool) => {
    const repos = repositories(pool);
    const organisation =
      kind === 'bundle' && !values.organisation
        ? undefined
        : await chosenOrganisation(repos, values.organisation);
    const started = Date.now();
    let lastShown = 0;
    const report = await importService(repos).importFile({
      kind,
      chunks: createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 }),
      ...(organisation ? { organisation: organisation.slug } : {}),
      dryRun: values['dry-run'] ?? false,
      progress: (stage, count) => {
        if (Date.now() - lastShown < 1000) return;
        lastShown = Date.now();
        process.stderr.write(
          `${stage === 'reading' ? 'Checked' : 'Wrote'} ${count.toLocaleString('en-GB')} rows…\n`,
        );
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (report.problems.length > 0) {
      for (const problem of report.problems)
        process.stderr.write(`${file}: ${describeProblem(problem)}\n`);
      process.stderr.write(
        `Nothing imported: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${report.rows.toLocaleString('en-GB')} rows.\n`,
      );
      return 1;
    }
    const verb = report.applied
      ? 'Imported'
      : values['dry-run']
        ? 'Checked (dry run, nothing imported)'
        : 'Nothing to change in';
    process.stdout.write(
      `${verb} ${file}: ${report.rows.toLocaleString('en-GB')} rows in ${seconds} s\n`,
    );
    for (const line of describeReport(report)) process.stdout.write(`${line}\n`);
    return 0;
  });
}
