import { describe, expect, it } from 'vitest';
import { generateBankHolidays } from '../../../scripts/generate-bank-holidays.ts';
import shippedFile from './bank-holidays.json' with { type: 'json' };
import { dayOfWeek } from './iso-date.ts';
import type { BankHolidayRegion } from './period.ts';
import { shippedBankHolidays, shippedYears } from './shipped-bank-holidays.ts';

const datesIn = (region: BankHolidayRegion, year: number) =>
  shippedBankHolidays(region)
    .filter((h) => h.date.startsWith(`${year}-`))
    .map((h) => h.date);
const titleOn = (region: BankHolidayRegion, date: string) =>
  shippedBankHolidays(region).find((h) => h.date === date)?.title;

describe('shipped bank holidays', () => {
  it('lists England and Wales 2026 as GOV.UK publishes it', () => {
    expect(datesIn('england-and-wales', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('lists Scotland 2026 with 2 January, first Monday of August and St Andrew’s Day', () => {
    expect(datesIn('scotland', 2026)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('lists Northern Ireland 2026 with St Patrick’s Day and the Boyne substitute', () => {
    expect(datesIn('northern-ireland', 2026)).toEqual([
      '2026-01-01',
      '2026-03-17',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-07-13',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect(titleOn('northern-ireland', '2026-07-13')).toBe('Battle of the Boyne (Orangemen’s Day)');
  });

  it.each([
    ['2020-05-08', 'Early May bank holiday (VE day)'],
    ['2022-06-02', 'Spring bank holiday'],
    ['2022-06-03', 'Platinum Jubilee bank holiday'],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
  ])('has the one-off %s (%s) in all three regions', (date, title) => {
    for (const region of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
      expect(titleOn(region, date)).toBe(title);
    }
  });

  it('does not keep the days the one-offs replaced', () => {
    expect(titleOn('england-and-wales', '2020-05-04')).toBeUndefined();
    expect(titleOn('england-and-wales', '2022-05-30')).toBeUndefined();
  });

  it('substitutes Christmas and Boxing Day over a weekend (2027, 2022)', () => {
    expect(titleOn('england-and-wales', '2027-12-27')).toBe('Christmas Day');
    expect(titleOn('england-and-wales', '2027-12-28')).toBe('Boxing Day');
    expect(titleOn('england-and-wales', '2022-12-26')).toBe('Boxing Day');
    expect(titleOn('england-and-wales', '2022-12-27')).toBe('Christmas Day');
  });

  it('substitutes New Year in Scotland over a weekend (2022, 2023, 2027)', () => {
    expect(datesIn('scotland', 2022).slice(0, 2)).toEqual(['2022-01-03', '2022-01-04']);
    expect(datesIn('scotland', 2023).slice(0, 2)).toEqual(['2023-01-02', '2023-01-03']);
    expect(datesIn('scotland', 2027).slice(0, 2)).toEqual(['2027-01-01', '2027-01-04']);
    expect(datesIn('england-and-wales', 2022)[0]).toBe('2022-01-03');
  });

  it('has no Easter Monday in Scotland', () => {
    expect(titleOn('scotland', '2026-04-06')).toBeUndefined();
    expect(shippedBankHolidays('scotland').some((h) => h.title === 'Easter Monday')).toBe(false);
  });

  it('moves St Patrick’s and St Andrew’s Day off weekends (2024)', () => {
    expect(titleOn('northern-ireland', '2024-03-18')).toBe('St Patrick’s Day');
    expect(titleOn('scotland', '2024-12-02')).toBe('St Andrew’s Day');
  });

  it('never puts a holiday on a weekend, and covers every year shipped', () => {
    for (const region of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
      const holidays = shippedBankHolidays(region);
      expect(holidays.filter((h) => dayOfWeek(h.date) >= 6)).toEqual([]);
      for (let year = shippedYears.first; year <= shippedYears.last; year += 1) {
        expect(datesIn(region, year).length).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('is exactly what scripts/generate-bank-holidays.ts writes', () => {
    expect(shippedFile).toEqual(generateBankHolidays());
  });
});
