import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importHolidays, loadImportedHolidays } from '../../data-access/bank-holiday-repository.ts';
import { withDatabase } from '../../data-access/connection.ts';
import {
  type BankHoliday,
  type BankHolidayRegion,
  bankHolidayRegions,
  dayOfWeek,
  formatProblem,
  isoDateFromParts,
  parseBankHolidayJson,
  workingCalendarForRegion,
} from '../../domain/calendar/index.ts';
import { parse, UsageError } from '../args.ts';

const usage = `Usage:
  oversight calendar import FILE [--dry-run]   store bank holidays from a GOV.UK bank-holidays.json
  oversight calendar show --region R --year Y  list a region's bank holidays and working days
Regions: ${bankHolidayRegions.join(', ')}
`;

/** What the command touches, so tests can hand in fakes. */
export type CalendarDependencies = {
  readText: (file: string) => Promise<string>;
  withDatabase: typeof withDatabase;
  importHolidays: typeof importHolidays;
  loadImportedHolidays: typeof loadImportedHolidays;
  out: (text: string) => void;
  err: (text: string) => void;
};

const defaults: CalendarDependencies = {
  readText: (file) => readFile(file, 'utf8'),
  withDatabase,
  importHolidays,
  loadImportedHolidays,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function calendarCommand(
  args: string[],
  deps: CalendarDependencies = defaults,
): Promise<number> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case 'import':
      return importCommand(rest, deps);
    case 'show':
      return showCommand(rest, deps);
    case '--help':
    case '-h':
      deps.out(usage);
      return 0;
    default:
      throw new UsageError(`expected 'import' or 'show'\n${usage}`);
  }
}

async function importCommand(args: string[], deps: CalendarDependencies): Promise<number> {
  const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(`expected one FILE\n${usage}`);
  let text: string;
  try {
    text = await deps.readText(file);
  } catch (error) {
    deps.err(`${file}: cannot read the file (${(error as Error).message})\n`);
    return 1;
  }
  const result = parseBankHolidayJson(text);
  if (!result.ok) {
    for (const problem of result.problems) deps.err(`${file}: ${formatProblem(problem)}\n`);
    return 1;
  }
  deps.out(summarise(result.holidays));
  if (values['dry-run']) {
    deps.out('Dry run: the file is valid; nothing was stored.\n');
    return 0;
  }
  const source = `import:${path.basename(file)}`;
  const saved = await deps.withDatabase((pool) =>
    deps.importHolidays(pool, result.holidays, source),
  );
  deps.out(`Stored ${saved.saved} bank holidays; removed ${saved.removed} no longer listed.\n`);
  return 0;
}

function summarise(holidays: readonly BankHoliday[]): string {
  return bankHolidayRegions
    .map((region) => {
      const years = holidays.filter((h) => h.region === region).map((h) => h.date.slice(0, 4));
      if (years.length === 0) return '';
      const [first, last] = [years.reduce(min), years.reduce(max)];
      return `${region}: ${years.length} bank holidays, ${first}–${last}\n`;
    })
    .join('');
}

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);
const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

async function showCommand(args: string[], deps: CalendarDependencies): Promise<number> {
  const { values, positionals } = parse(args, {
    region: { type: 'string' },
    year: { type: 'string' },
  });
  const region = values.region as BankHolidayRegion | undefined;
  if (!region || !bankHolidayRegions.includes(region) || positionals.length > 0) {
    throw new UsageError(`expected --region as one of ${bankHolidayRegions.join(', ')}`);
  }
  if (!/^\d{4}$/.test(values.year ?? '')) throw new UsageError('expected --year as YYYY');
  const year = Number(values.year);
  const imported = await deps.withDatabase((pool) => deps.loadImportedHolidays(pool, region));
  const calendar = workingCalendarForRegion(region, imported);
  const importedDates = new Set(imported.map((h) => h.date));
  const [start, end] = [isoDateFromParts(year, 1, 1), isoDateFromParts(year, 12, 31)];
  const holidays = calendar.holidaysBetween(start, end);
  for (const holiday of holidays) {
    const from = importedDates.has(holiday.date) ? 'imported' : 'shipped';
    const day = dayNames[dayOfWeek(holiday.date) - 1];
    deps.out(`${holiday.date}  ${day}  ${holiday.title}  (${from})\n`);
  }
  if (!calendar.coversYear(year)) {
    deps.out(`No bank holidays are known for ${region} in ${year}: only weekends count.\n`);
    deps.out('Import GOV.UK’s file with: oversight calendar import FILE\n');
  }
  const workingDays = calendar.workingDaysBetween(isoDateFromParts(year - 1, 12, 31), end);
  deps.out(`${holidays.length} bank holidays; ${workingDays} working days in ${year}.\n`);
  return 0;
}
