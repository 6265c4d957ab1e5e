import { withDatabase } from '../../data-access/connection.ts';
import { isoDateAt } from '../../domain/calendar/index.ts';
import { demoPassword } from '../../services/demo/demo-organisation.ts';
import { loadDemoOrganisation } from '../../services/demo/load-demo.ts';
import {
  type DemoScale,
  demoScales,
  loadScaleDemo,
  type ScaleDemoOrganisation,
  type ScaleDemoStage,
} from '../../services/demo/scale-demo.ts';
import { parse, UsageError } from '../args.ts';
import { printDemoAccounts } from './serve.ts';

const usage = `Usage: oversight demo [--reset]
       oversight demo --scale large|multi [--seed N] [--reset]
  Loads the Northshire demo organisation; --reset removes it and loads it again.
  --scale large  one council of 1,500 staff and 15,000 children with five years of history
                 (about a million supervision records)
  --scale multi  ten organisations of mixed size, each under one of the five built-in packs,
                 with three years of history
  --seed N       a different seed gives a different organisation (default 1)
  Each organisation gets accounts admin@, senior.manager@, supervisor@, practitioner@ and
  auditor@<slug>.example, with the password '${demoPassword}'.
`;

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parse(
    args,
    {
      reset: { type: 'boolean' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (values.scale !== undefined) {
    return scaleDemo(scaleOption(values.scale), seedOption(values.seed), values.reset ?? false);
  }
  if (values.seed !== undefined) throw new UsageError('--seed goes with --scale');
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

function scaleOption(text: string): DemoScale {
  if ((demoScales as readonly string[]).includes(text)) return text as DemoScale;
  throw new UsageError(`--scale must be one of ${demoScales.join(', ')} (not '${text}')`);
}

function seedOption(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d{1,9}$/.test(text))
    throw new UsageError(`--seed must be a whole number (not '${text}')`);
  return Number(text);
}

async function scaleDemo(scale: DemoScale, seed: number, reset: boolean): Promise<number> {
  const started = performance.now();
  const organisations = await withDatabase((pool) =>
    loadScaleDemo(pool, scale, { seed, today: isoDateAt(new Date()), reset, progress }),
  );
  finishProgressLine();
  printTable(organisations);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\nDone in ${seconds.toFixed(0)} s.\n`);
  if (organisations.some((o) => o.outcome === 'exists'))
    process.stdout.write(
      'Organisations already loaded were left as they are: --reset reloads them.\n',
    );
  process.stdout.write(
    `\nSign in as admin@, senior.manager@, supervisor@, practitioner@ or auditor@<slug>.example, password '${demoPassword}',\n` +
      `for example supervisor@${organisations[0]?.slug}.example.\n`,
  );
  return 0;
}

let progressLine = '';
/** Without a terminal, a line per 100,000 rows written. */
let printedHundreds = -1;
/** One line per organisation, rewritten in place on a terminal as rows are read and written. */
function progress(slug: string, stage: ScaleDemoStage, count?: number) {
  const words = {
    generating: 'generating',
    reading: 'checked',
    writing: 'importing',
    accounts: 'adding accounts',
  };
  const line = `${slug}: ${words[stage]}${count === undefined ? '' : ` ${count.toLocaleString('en-GB')} rows`}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(progressLine.length)}`);
  else if (stage !== 'writing' || Math.floor((count ?? 0) / 100_000) > printedHundreds)
    process.stdout.write(`${line}\n`);
  printedHundreds = stage === 'writing' ? Math.floor((count ?? 0) / 100_000) : -1;
  progressLine = line;
}

function finishProgressLine() {
  if (process.stdout.isTTY && progressLine) process.stdout.write('\n');
}

function printTable(organisations: ScaleDemoOrganisation[]) {
  const n = (value: number) => value.toLocaleString('en-GB');
  const rows = organisations.map((o) =>
    o.outcome === 'exists'
      ? [o.slug, o.name, o.pack, 'already loaded', '', '', '', '', '', '']
      : [
          o.slug,
          o.name,
          o.pack,
          n(o.staff),
          n(o.leavers),
          n(o.children),
          n(o.sessions),
          n(o.records),
          o.generateSeconds.toFixed(1),
          o.importSeconds.toFixed(1),
        ],
  );
  const header = [
    'slug',
    'name',
    'pack',
    'staff',
    'leavers',
    'children',
    'sessions',
    'records',
    'generate s',
    'import s',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${format(header)}\n`);
  for (const row of rows) process.stdout.write(`${format(row)}\n`);
}
