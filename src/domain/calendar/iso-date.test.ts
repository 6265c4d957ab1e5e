import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  isoDateAt,
  lastDayOfMonth,
  monthKey,
  parseIsoDate,
  toEpochDay,
  yearStart,
  yearWindow,
} from './iso-date.ts';

// Epoch days for 1900-01-01 .. 2199-12-31.
const epochDays = fc.integer({ min: -25_567, max: 84_000 });

describe('iso dates', () => {
  it('accepts only real dates written YYYY-MM-DD', () => {
    for (const good of ['2026-11-23', '2024-02-29', '2000-02-29', '1999-12-31']) {
      expect(isIsoDate(good)).toBe(true);
    }
    for (const bad of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-1-01', '26-01-01', '']) {
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(isIsoDate(20261123)).toBe(false);
    expect(() => parseIsoDate('2026-04-31')).toThrow("Not a date as YYYY-MM-DD: '2026-04-31'");
  });

  it('round-trips epoch days and agrees with UTC Date arithmetic', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    fc.assert(
      fc.property(epochDays, (day) => {
        const date = fromEpochDay(day);
        expect(toEpochDay(date)).toBe(day);
        expect(date).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('gives ISO days of the week (Monday 1 … Sunday 7)', () => {
    expect(dayOfWeek('2026-11-23')).toBe(1);
    expect(dayOfWeek('2026-11-28')).toBe(6);
    expect(dayOfWeek('2026-11-29')).toBe(7);
    expect(dayOfWeek('1969-12-31')).toBe(3);
  });

  it('adds days and measures differences across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2027-01-01', '2026-01-01')).toBe(-365);
    expect(compareIsoDates('2026-03-29', '2026-10-25')).toBe(-1);
    expect(compareIsoDates('2026-10-25', '2026-10-25')).toBe(0);
  });

  it('adds months keeping the day, clamped to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-11-23', 2)).toBe('2027-01-23');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('never lets a month overflow into the next', () => {
    fc.assert(
      fc.property(epochDays, fc.integer({ min: -36, max: 36 }), (day, months) => {
        const date = fromEpochDay(day);
        const result = addMonths(date, months);
        const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
        const target = y * 12 + m - 1 + months;
        expect(monthKey(result)).toBe(
          `${Math.floor(target / 12)}-${String((target % 12) + 1).padStart(2, '0')}`,
        );
        expect(Number(result.slice(8))).toBeLessThanOrEqual(Number(date.slice(8)));
      }),
    );
  });

  it('gives month keys and month ends', () => {
    expect(monthKey('2026-11-23')).toBe('2026-11');
    expect(lastDayOfMonth('2028-02-03')).toBe('2028-02-29');
  });

  it('starts financial years on 1 April, calendar years on 1 January', () => {
    expect(yearWindow('2026-11-23', 'financial')).toEqual({
      start: '2026-04-01',
      end: '2027-03-31',
    });
    expect(yearStart('2026-03-31', 'financial')).toBe('2025-04-01');
    expect(yearStart('2026-04-01', 'financial')).toBe('2026-04-01');
    expect(yearWindow('2026-11-23', 'calendar')).toEqual({
      start: '2026-01-01',
      end: '2026-12-31',
    });
  });

  it('makes a rolling year the twelve months ending on the date', () => {
    expect(yearWindow('2026-11-23', 'rolling')).toEqual({
      start: '2025-11-24',
      end: '2026-11-23',
    });
    expect(yearStart('2028-02-29', 'rolling')).toBe('2027-03-01');
  });
});

describe('dates around the Europe/London clock changes', () => {
  it('does not move any date across 2026-03-29 (clocks forward) or 2026-10-25 (back)', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 1)).toBe('2026-10-25');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(addMonths('2026-02-28', 1)).toBe('2026-03-28');
    expect(dayOfWeek('2026-03-29')).toBe(7);
    expect(dayOfWeek('2026-10-25')).toBe(7);
  });

  it('is independent of the process time zone', () => {
    // Arithmetic never reads TZ; the tests run with TZ=UTC, so prove nothing consults it.
    const original = process.env.TZ;
    process.env.TZ = 'Europe/London';
    try {
      expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
      expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    } finally {
      process.env.TZ = original;
    }
  });

  it('turns instants into London dates: GMT in winter, BST in summer', () => {
    expect(isoDateAt(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
    // 23:30 UTC on the 29th is 00:30 BST on the 30th.
    expect(isoDateAt(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    expect(isoDateAt(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
    // After the clocks go back, 23:30 UTC is 23:30 GMT, the same day.
    expect(isoDateAt(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(isoDateAt(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
    expect(isoDateAt(new Date('2026-10-25T23:30:00Z'), 'UTC')).toBe('2026-10-25');
  });
});
