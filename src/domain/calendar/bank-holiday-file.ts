import { z } from 'zod';
import { isIsoDate } from './iso-date.ts';
import type { BankHolidayRegion, IsoDate } from './period.ts';

/** The divisions GOV.UK publishes, in the order of https://www.gov.uk/bank-holidays.json. */
export const bankHolidayRegions: readonly BankHolidayRegion[] = [
  'england-and-wales',
  'scotland',
  'northern-ireland',
];

export type BankHoliday = { region: BankHolidayRegion; date: IsoDate; title: string };

/** One thing wrong with a file: where (a JSON path) and what was expected there. */
export type BankHolidayProblem = { path: string; message: string };

export type BankHolidayFileResult =
  | { ok: true; holidays: BankHoliday[] }
  | { ok: false; problems: BankHolidayProblem[] };

export function formatProblem(problem: BankHolidayProblem): string {
  return `${problem.path}: ${problem.message}`;
}

const eventSchema = z.object(
  {
    title: z
      .string({ error: 'expected a title as text' })
      .trim()
      .min(1, { error: 'expected a title as text' }),
    date: z
      .string({ error: 'expected a date as YYYY-MM-DD' })
      .refine(isIsoDate, { error: 'expected a date as YYYY-MM-DD' }),
    notes: z.string({ error: 'expected notes as text' }).optional(),
    bunting: z.boolean({ error: 'expected bunting as true or false' }).optional(),
  },
  { error: 'expected an event object with a title and a date' },
);

function divisionSchema(region: BankHolidayRegion) {
  return z.object(
    {
      division: z.literal(region, { error: `expected "${region}"` }),
      events: z
        .array(eventSchema, { error: 'expected a list of events' })
        .min(1, { error: 'expected at least one event' }),
    },
    { error: 'expected an object with "division" and "events"' },
  );
}

// Strict at the top so that a misspelt region is reported, not silently skipped.
const fileSchema = z
  .strictObject(
    {
      'england-and-wales': divisionSchema('england-and-wales').optional(),
      scotland: divisionSchema('scotland').optional(),
      'northern-ireland': divisionSchema('northern-ireland').optional(),
    },
    { error: 'expected an object keyed by region' },
  )
  .refine((file) => Object.keys(file).length > 0, {
    error: `expected at least one of ${bankHolidayRegions.join(', ')}`,
  });

/**
 * Validates a GOV.UK bank-holidays document. All or nothing: any problem rejects the whole
 * file, so a half-valid import can never leave a region with some of its holidays.
 */
export function parseBankHolidayFile(input: unknown): BankHolidayFileResult {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(toProblems) };
  const holidays = bankHolidayRegions.flatMap((region) =>
    (parsed.data[region]?.events ?? []).map(({ date, title }) => ({ region, date, title })),
  );
  const problems = duplicateDates(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, holidays };
}

/** As parseBankHolidayFile, from the file's text. */
export function parseBankHolidayJson(text: string): BankHolidayFileResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const message = `expected JSON (${(error as Error).message})`;
    return { ok: false, problems: [{ path: '(file)', message }] };
  }
  return parseBankHolidayFile(input);
}

function toProblems(issue: z.core.$ZodIssue): BankHolidayProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const message = `expected one of ${bankHolidayRegions.join(', ')}`;
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

/** ['scotland', 'events', 3, 'date'] → 'scotland.events[3].date'. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      return index === 0 ? String(key) : `.${String(key)}`;
    })
    .join('');
}

type ParsedFile = z.infer<typeof fileSchema>;

function duplicateDates(file: ParsedFile): BankHolidayProblem[] {
  return bankHolidayRegions.flatMap((region) => {
    const seen = new Set<string>();
    return (file[region]?.events ?? []).flatMap((event, index) => {
      if (!seen.has(event.date)) {
        seen.add(event.date);
        return [];
      }
      const path = formatPath([region, 'events', index, 'date']);
      return [{ path, message: `expected each date once, but ${event.date} is repeated` }];
    });
  });
}
