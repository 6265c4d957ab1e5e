import { describe, expect, it, vi } from 'vitest';
import type { BankHoliday } from '../../domain/calendar/index.ts';
import { UsageError } from '../args.ts';
import { type CalendarDependencies, calendarCommand } from './calendar.ts';

// The command's database comes in through deps; keep the real connection module out.
vi.mock('../../data-access/connection.ts', () => ({ withDatabase: vi.fn() }));

const validFile = JSON.stringify({
  'england-and-wales': {
    division: 'england-and-wales',
    events: [
      { title: 'New Year’s Day', date: '2031-01-01', notes: '', bunting: true },
      { title: 'Good Friday', date: '2031-04-11', notes: '', bunting: false },
    ],
  },
});

function fakes(text: string, imported: BankHoliday[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const pool = {} as never;
  const deps: CalendarDependencies = {
    readText: vi.fn(async () => text),
    withDatabase: vi.fn(async (fn) => fn(pool)) as CalendarDependencies['withDatabase'],
    importHolidays: vi.fn(async (_pool, holidays) => ({ saved: holidays.length, removed: 1 })),
    loadImportedHolidays: vi.fn(async () => imported),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  return { deps, out, err };
}

describe('oversight calendar import', () => {
  it('stores a valid file in one call and reports what it stored', async () => {
    const { deps, out, err } = fakes(validFile);
    expect(await calendarCommand(['import', 'holidays.json'], deps)).toBe(0);
    expect(deps.importHolidays).toHaveBeenCalledWith(
      {},
      [
        { region: 'england-and-wales', date: '2031-01-01', title: 'New Year’s Day' },
        { region: 'england-and-wales', date: '2031-04-11', title: 'Good Friday' },
      ],
      'import:holidays.json',
    );
    expect(out.join('')).toBe(
      'england-and-wales: 2 bank holidays, 2031–2031\n' +
        'Stored 2 bank holidays; removed 1 no longer listed.\n',
    );
    expect(err).toEqual([]);
  });

  it('stores nothing on a dry run', async () => {
    const { deps, out } = fakes(validFile);
    expect(await calendarCommand(['import', 'holidays.json', '--dry-run'], deps)).toBe(0);
    expect(deps.withDatabase).not.toHaveBeenCalled();
    expect(out.at(-1)).toBe('Dry run: the file is valid; nothing was stored.\n');
  });

  it('prints one line per problem, returns 1 and stores nothing', async () => {
    const bad = validFile.replace('2031-04-11', '2031-04-31').replace('Good Friday', '');
    const { deps, err } = fakes(bad);
    expect(await calendarCommand(['import', 'bad.json'], deps)).toBe(1);
    expect(err).toEqual([
      'bad.json: england-and-wales.events[1].title: expected a title as text\n',
      'bad.json: england-and-wales.events[1].date: expected a date as YYYY-MM-DD\n',
    ]);
    expect(deps.withDatabase).not.toHaveBeenCalled();
  });

  it('reports a file it cannot read', async () => {
    const { deps, err } = fakes('');
    deps.readText = async () => {
      throw new Error('ENOENT: no such file');
    };
    expect(await calendarCommand(['import', 'missing.json'], deps)).toBe(1);
    expect(err).toEqual(['missing.json: cannot read the file (ENOENT: no such file)\n']);
  });

  it('rejects a missing FILE as a usage error', async () => {
    const { deps } = fakes(validFile);
    await expect(calendarCommand(['import'], deps)).rejects.toThrow(UsageError);
    await expect(calendarCommand(['nonsense'], deps)).rejects.toThrow(UsageError);
  });
});

describe('oversight calendar show', () => {
  it('lists the shipped holidays and counts working days', async () => {
    const { deps, out } = fakes('');
    expect(await calendarCommand(['show', '--region', 'scotland', '--year', '2026'], deps)).toBe(0);
    expect(deps.loadImportedHolidays).toHaveBeenCalledWith({}, 'scotland');
    expect(out[0]).toBe('2026-01-01  Thu  New Year’s Day  (shipped)\n');
    expect(out.at(-1)).toBe('9 bank holidays; 252 working days in 2026.\n');
  });

  it('uses imported holidays for the years they cover', async () => {
    const imported = [{ region: 'england-and-wales' as const, date: '2031-01-01', title: 'NYD' }];
    const { deps, out } = fakes('', imported);
    await calendarCommand(['show', '--region', 'england-and-wales', '--year', '2031'], deps);
    expect(out[0]).toBe('2031-01-01  Wed  NYD  (imported)\n');
  });

  it('says when a year has no bank holidays', async () => {
    const { deps, out } = fakes('');
    await calendarCommand(['show', '--region', 'england-and-wales', '--year', '2040'], deps);
    expect(out[0]).toMatch(/^No bank holidays are known for england-and-wales in 2040/);
  });

  it('rejects an unknown region or a bad year', async () => {
    const { deps } = fakes('');
    const run = (args: string[]) => calendarCommand(['show', ...args], deps);
    await expect(run(['--region', 'wales', '--year', '2026'])).rejects.toThrow(UsageError);
    await expect(run(['--region', 'scotland', '--year', '26'])).rejects.toThrow(UsageError);
  });
});
