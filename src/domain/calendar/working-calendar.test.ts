import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, fromEpochDay, toEpochDay } from './iso-date.ts';
import type { Period } from './period.ts';
import {
  createWorkingCalendar,
  mergeBankHolidays,
  workingCalendarForRegion,
} from './working-calendar.ts';

const england = workingCalendarForRegion('england-and-wales');
const scotland = workingCalendarForRegion('scotland');
const northernIreland = workingCalendarForRegion('northern-ireland');
const calendars = [england, scotland, northernIreland];

// Dates from 2014-12-01 to 2030-12-31, around the shipped years.
const dates = fc
  .integer({ min: toEpochDay('2014-12-01'), max: toEpochDay('2030-12-31') })
  .map(fromEpochDay);
const calendarArb = fc.constantFrom(...calendars);

describe('working days: examples', () => {
  it('skips weekends: Friday + 1 working day is Monday', () => {
    expect(england.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(england.addWorkingDays('2026-11-21', 1)).toBe('2026-11-23');
    expect(england.addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
  });

  it('counts day 1 as the first working day after the date, and 0 as the date itself', () => {
    expect(england.addWorkingDays('2026-11-23', 1)).toBe('2026-11-24');
    expect(england.addWorkingDays('2026-11-22', 0)).toBe('2026-11-22');
    expect(() => england.addWorkingDays('2026-11-22', -1)).toThrow(RangeError);
    expect(() => england.addWorkingDays('2026-11-22', 1.5)).toThrow(RangeError);
  });

  it('crosses Easter 2026 differently by region', () => {
    // Thursday 2 April; Good Friday 3 April; Easter Monday 6 April (not in Scotland).
    expect(england.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(northernIreland.addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(scotland.addWorkingDays('2026-04-02', 1)).toBe('2026-04-06');
    expect(england.workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
    expect(scotland.workingDaysBetween('2026-04-02', '2026-04-07')).toBe(2);
  });

  it('crosses Christmas week 2026 (Christmas Friday, Boxing Day substitute Monday 28)', () => {
    expect(england.isWorkingDay('2026-12-24')).toBe(true);
    expect(england.isWorkingDay('2026-12-25')).toBe(false);
    expect(england.isWorkingDay('2026-12-28')).toBe(false);
    expect(england.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    // 29, 30, 31 December; 1 January is New Year's Day; then 4 and 5 January.
    expect(england.addWorkingDays('2026-12-24', 5)).toBe('2027-01-05');
    // Scotland also keeps Monday 4 January (2 January falls on a Saturday).
    expect(scotland.addWorkingDays('2026-12-24', 5)).toBe('2027-01-06');
  });

  it('crosses Christmas week 2027 (both days substituted: Monday 27 and Tuesday 28)', () => {
    expect(england.addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
    expect(england.workingDaysBetween('2027-12-24', '2027-12-31')).toBe(3);
  });

  it('counts recording deadlines the seeds use (5, 10 and 15 working days)', () => {
    // A Friday session before the Spring bank holiday: Monday 25 May 2026 does not count.
    expect(england.addWorkingDays('2026-05-22', 5)).toBe('2026-06-01');
    expect(england.addWorkingDays('2026-05-22', 10)).toBe('2026-06-08');
    expect(england.addWorkingDays('2026-05-22', 15)).toBe('2026-06-15');
    expect(england.addPeriod('2026-05-22', { unit: 'working_days', count: 5 })).toBe('2026-06-01');
  });

  it('counts back for "2 working days before" a session', () => {
    expect(england.subtractWorkingDays('2026-11-23', 2)).toBe('2026-11-19');
    // Tuesday after Easter 2026: Easter Monday and Good Friday do not count.
    expect(england.subtractWorkingDays('2026-04-07', 2)).toBe('2026-04-01');
    expect(england.addPeriod('2026-11-23', { unit: 'working_days', count: -2 })).toBe('2026-11-19');
  });

  it('finds the next or previous working day', () => {
    expect(england.nextWorkingDayOnOrAfter('2026-11-23')).toBe('2026-11-23');
    expect(england.nextWorkingDayOnOrAfter('2026-12-25')).toBe('2026-12-29');
    expect(england.previousWorkingDayOnOrBefore('2026-12-28')).toBe('2026-12-24');
    expect(scotland.nextWorkingDayOnOrAfter('2026-11-28')).toBe('2026-12-01');
  });

  it('is unaffected by the Europe/London clock changes', () => {
    // Sunday 29 March and Sunday 25 October 2026 are weekend days; nothing shifts.
    expect(england.addWorkingDays('2026-03-27', 1)).toBe('2026-03-30');
    expect(england.addWorkingDays('2026-10-23', 1)).toBe('2026-10-26');
    expect(england.workingDaysBetween('2026-03-27', '2026-04-02')).toBe(4);
    expect(england.workingDaysBetween('2026-10-23', '2026-10-30')).toBe(5);
    expect(england.addPeriod('2026-03-29', { unit: 'days', count: 1 })).toBe('2026-03-30');
    expect(england.addPeriod('2026-10-25', { unit: 'weeks', count: 1 })).toBe('2026-11-01');
  });

  it('counts the working days of 2026 in England and Wales', () => {
    expect(england.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(253);
  });

  it('names the holiday on a date and lists holidays in a range', () => {
    expect(england.holidayOn('2026-08-31')?.title).toBe('Summer bank holiday');
    expect(england.holidayOn('2026-08-03')).toBeUndefined();
    expect(scotland.holidaysBetween('2026-11-01', '2026-12-31').map((h) => h.date)).toEqual([
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('says which years it has holidays for', () => {
    expect(england.coversYear(2015)).toBe(true);
    expect(england.coversYear(2030)).toBe(true);
    expect(england.coversYear(2031)).toBe(false);
  });
});

describe('addPeriod', () => {
  const cases: [string, Period, string][] = [
    ['2026-01-31', { unit: 'months', count: 1 }, '2026-02-28'],
    ['2028-01-31', { unit: 'months', count: 1 }, '2028-02-29'],
    ['2026-08-31', { unit: 'months', count: 3 }, '2026-11-30'],
    ['2026-11-23', { unit: 'months', count: 12 }, '2027-11-23'],
    ['2026-11-23', { unit: 'weeks', count: 8 }, '2027-01-18'],
    ['2026-11-23', { unit: 'days', count: 7 }, '2026-11-30'],
    ['2026-11-20', { unit: 'working_days', count: 1 }, '2026-11-23'],
  ];
  it.each(cases)('%s + %o = %s', (date, period, expected) => {
    expect(england.addPeriod(date, period)).toBe(expected);
  });
});

describe('working days: properties', () => {
  it('adding N >= 1 working days never lands on a weekend or holiday', () => {
    fc.assert(
      fc.property(calendarArb, dates, fc.integer({ min: 1, max: 300 }), (calendar, date, n) => {
        const result = calendar.addWorkingDays(date, n);
        expect(dayOfWeek(result)).toBeLessThan(6);
        expect(calendar.holidayOn(result)).toBeUndefined();
        expect(calendar.isWorkingDay(result)).toBe(true);
      }),
    );
  });

  it('is strictly increasing in N', () => {
    fc.assert(
      fc.property(calendarArb, dates, fc.integer({ min: 0, max: 300 }), (calendar, date, n) => {
        expect(calendar.addWorkingDays(date, n + 1) > calendar.addWorkingDays(date, n)).toBe(true);
      }),
    );
  });

  it('workingDaysBetween undoes addWorkingDays, and subtractWorkingDays mirrors it', () => {
    fc.assert(
      fc.property(calendarArb, dates, fc.integer({ min: 0, max: 300 }), (calendar, date, n) => {
        const later = calendar.addWorkingDays(date, n);
        expect(calendar.workingDaysBetween(date, later)).toBe(n);
        expect(calendar.workingDaysBetween(later, date)).toBe(0 - n);
        const earlier = calendar.subtractWorkingDays(date, n);
        expect(calendar.workingDaysBetween(earlier, date)).toBe(
          calendar.isWorkingDay(date) ? n : n === 0 ? 0 : n - 1,
        );
      }),
    );
  });

  it('workingDaysBetween agrees with counting day by day', () => {
    fc.assert(
      fc.property(calendarArb, dates, fc.integer({ min: 0, max: 400 }), (calendar, date, span) => {
        let counted = 0;
        for (let day = 1; day <= span; day += 1) {
          if (calendar.isWorkingDay(addDays(date, day))) counted += 1;
        }
        expect(calendar.workingDaysBetween(date, addDays(date, span))).toBe(counted);
      }),
    );
  });

  it('adding months never overflows into the wrong month', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 60 }), (date, count) => {
        const result = england.addPeriod(date, { unit: 'months', count });
        const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
        expect(monthIndex(result) - monthIndex(date)).toBe(count);
      }),
    );
  });

  it('next working day on or after is a working day with none skipped', () => {
    fc.assert(
      fc.property(calendarArb, dates, (calendar, date) => {
        const next = calendar.nextWorkingDayOnOrAfter(date);
        expect(calendar.isWorkingDay(next)).toBe(true);
        expect(calendar.workingDaysBetween(addDays(date, -1), next)).toBe(1);
      }),
    );
  });
});

describe('merging shipped and imported holidays', () => {
  const h = (date: string, title = 'Imported') => ({
    region: 'england-and-wales' as const,
    date,
    title,
  });

  it('lets an import replace whole years and keeps the other shipped years', () => {
    const merged = mergeBankHolidays(
      [h('2030-05-06', 'Early May'), h('2030-05-27', 'Spring'), h('2029-05-07', 'Early May')],
      [h('2030-05-10', 'Moved early May'), h('2031-01-01')],
    );
    expect(merged.map((x) => x.date)).toEqual(['2029-05-07', '2030-05-10', '2031-01-01']);
  });

  it('builds a region calendar that uses imported years', () => {
    const calendar = workingCalendarForRegion('england-and-wales', [
      h('2031-01-01', 'New Year’s Day'),
      { region: 'scotland', date: '2031-01-02', title: '2nd January' },
    ]);
    expect(calendar.isWorkingDay('2031-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2031-01-02')).toBe(true);
    expect(calendar.isWorkingDay('2026-12-25')).toBe(false);
    expect(calendar.coversYear(2031)).toBe(true);
  });

  it('makes a calendar from any list of holidays', () => {
    const calendar = createWorkingCalendar([h('2026-11-24')]);
    expect(calendar.addWorkingDays('2026-11-23', 1)).toBe('2026-11-25');
  });
});
