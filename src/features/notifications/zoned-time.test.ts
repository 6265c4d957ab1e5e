import { describe, expect, it } from 'vitest';
import { dayAndDateInWords } from '../../domain/calendar/date-words.ts';
import { govukTime, parseTime, wallClock, zonedInstant } from './zoned-time.ts';

// Tests run with TZ=UTC: every result here comes from the Europe/London rules, not the process.
describe('zonedInstant: a clock time in Europe/London as an instant', () => {
  const cases: [string, string, string, string][] = [
    ['winter (GMT): 9am is 09:00 UTC', '2026-01-14', '09:00', '2026-01-14T09:00:00.000Z'],
    ['summer (BST): 9am is 08:00 UTC', '2026-07-01', '09:00', '2026-07-01T08:00:00.000Z'],
    [
      'the Saturday before the clocks go forward',
      '2026-03-28',
      '09:00',
      '2026-03-28T09:00:00.000Z',
    ],
    [
      'the Sunday the clocks go forward, after the change',
      '2026-03-29',
      '09:00',
      '2026-03-29T08:00:00.000Z',
    ],
    [
      'a time the clocks skip (01:30 on 29 March 2026) is the hour after',
      '2026-03-29',
      '01:30',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'the Sunday the clocks go back, after the change',
      '2026-10-25',
      '09:00',
      '2026-10-25T09:00:00.000Z',
    ],
    [
      'a time that happens twice (01:30 on 25 October 2026) is the second, in GMT',
      '2026-10-25',
      '01:30',
      '2026-10-25T01:30:00.000Z',
    ],
    ['midnight at the start of summer time', '2026-06-01', '00:00', '2026-05-31T23:00:00.000Z'],
    [
      'a time with seconds, as PostgreSQL returns it',
      '2026-07-01',
      '14:30:00',
      '2026-07-01T13:30:00.000Z',
    ],
  ];
  it.each(cases)('%s', (_label, date, time, expected) => {
    expect(zonedInstant(date, time).toISOString()).toBe(expected);
  });

  it('refuses a time that is not one', () => {
    expect(() => parseTime('25:00')).toThrow(/Not a time/);
    expect(() => parseTime('9am')).toThrow(/Not a time/);
  });
});

describe('wallClock: the date and time London shows at an instant', () => {
  it('is already the next day in London at 23:30 UTC in summer', () => {
    expect(wallClock(new Date('2026-03-29T23:30:00Z'))).toEqual({
      date: '2026-03-30',
      time: '00:30',
    });
  });
  it('is the same day in winter', () => {
    expect(wallClock(new Date('2026-01-14T23:30:00Z'))).toEqual({
      date: '2026-01-14',
      time: '23:30',
    });
  });
});

describe('GOV.UK dates and times', () => {
  it.each([
    ['10:00', '10am'],
    ['09:30', '9:30am'],
    ['12:00', 'midday'],
    ['00:00', 'midnight'],
    ['13:05', '1:05pm'],
    ['12:30', '12:30pm'],
  ])('%s is %s', (time, words) => {
    expect(govukTime(time)).toBe(words);
  });
  it('writes the day of the week, day, month and year', () => {
    expect(dayAndDateInWords('2026-07-01')).toBe('Wednesday 1 July 2026');
    expect(dayAndDateInWords('2026-12-25')).toBe('Friday 25 December 2026');
  });
});
