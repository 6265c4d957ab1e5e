import { describe, expect, it } from 'vitest';
import {
  formatPath,
  formatProblem,
  parseBankHolidayFile,
  parseBankHolidayJson,
} from './bank-holiday-file.ts';
import shippedFile from './bank-holidays.json' with { type: 'json' };

const event = (date: string, title = 'Some day') => ({ title, date, notes: '', bunting: true });
const division = (name: string, events: unknown[]) => ({ division: name, events });
const problemsOf = (input: unknown) => {
  const result = parseBankHolidayFile(input);
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('parseBankHolidayFile', () => {
  it('accepts the GOV.UK format and returns every event with its region', () => {
    const result = parseBankHolidayFile({
      'england-and-wales': division('england-and-wales', [event('2031-01-01', 'New Year’s Day')]),
      scotland: division('scotland', [event('2031-01-02', '2nd January')]),
    });
    expect(result).toEqual({
      ok: true,
      holidays: [
        { region: 'england-and-wales', date: '2031-01-01', title: 'New Year’s Day' },
        { region: 'scotland', date: '2031-01-02', title: '2nd January' },
      ],
    });
  });

  it('accepts the shipped file', () => {
    const result = parseBankHolidayFile(shippedFile);
    expect(result.ok && result.holidays.length).toBe(441);
  });

  it('accepts events without the optional notes and bunting', () => {
    const file = { scotland: division('scotland', [{ title: 'X', date: '2031-11-30' }]) };
    expect(parseBankHolidayFile(file).ok).toBe(true);
  });

  it('names the path and the expectation of every problem, and returns no holidays', () => {
    const result = parseBankHolidayFile({
      'england-and-wales': division('england-and-wales', [
        event('2031-01-01'),
        event('2031-02-30'),
        { title: '', date: 20310101 },
        event('1 May 2031'),
      ]),
      scotland: division('england-and-wales', [event('2031-01-02')]),
      'northern-ireland': { division: 'northern-ireland' },
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'england-and-wales.events[1].date: expected a date as YYYY-MM-DD',
      'england-and-wales.events[2].title: expected a title as text',
      'england-and-wales.events[2].date: expected a date as YYYY-MM-DD',
      'england-and-wales.events[3].date: expected a date as YYYY-MM-DD',
      'scotland.division: expected "scotland"',
      'northern-ireland.events: expected a list of events',
    ]);
  });

  it('reports misspelt regions rather than skipping them', () => {
    expect(problemsOf({ scotand: division('scotland', [event('2031-01-02')]) })).toEqual([
      'scotand: expected one of england-and-wales, scotland, northern-ireland',
      '(file): expected at least one of england-and-wales, scotland, northern-ireland',
    ]);
  });

  it('reports wrong types for notes and bunting, and events that are not objects', () => {
    const file = {
      scotland: division('scotland', [{ title: 'X', date: '2031-01-02', bunting: 'yes' }, 'Y']),
    };
    expect(problemsOf(file)).toEqual([
      'scotland.events[0].bunting: expected bunting as true or false',
      'scotland.events[1]: expected an event object with a title and a date',
    ]);
  });

  it('reports a repeated date in a region', () => {
    const file = {
      'northern-ireland': division('northern-ireland', [event('2031-07-14'), event('2031-07-14')]),
    };
    expect(problemsOf(file)).toEqual([
      'northern-ireland.events[1].date: expected each date once, but 2031-07-14 is repeated',
    ]);
  });

  it('reports an empty or non-object file', () => {
    expect(problemsOf({})).toEqual([
      '(file): expected at least one of england-and-wales, scotland, northern-ireland',
    ]);
    expect(problemsOf([])).toEqual(['(file): expected an object keyed by region']);
    expect(problemsOf({ scotland: division('scotland', []) })).toEqual([
      'scotland.events: expected at least one event',
    ]);
  });
});

describe('parseBankHolidayJson', () => {
  it('reports text that is not JSON', () => {
    const result = parseBankHolidayJson('{ "scotland": ');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : formatProblem(result.problems[0]!)).toMatch(/^\(file\): expected JSON/);
  });

  it('parses text', () => {
    const text = JSON.stringify({ scotland: division('scotland', [event('2031-01-02')]) });
    expect(parseBankHolidayJson(text).ok).toBe(true);
  });
});

describe('formatPath', () => {
  it('writes keys with dots and indexes in brackets', () => {
    expect(formatPath(['scotland', 'events', 3, 'date'])).toBe('scotland.events[3].date');
    expect(formatPath([])).toBe('(file)');
  });
});
