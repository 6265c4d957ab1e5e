import { describe, expect, it } from 'vitest';
import type { Period } from '../calendar/period.ts';
import { listPacks } from '../policy/registry.ts';
import { annualMinimum, yearToDate } from './annual.ts';

const every = (unit: Period['unit'], count: number) =>
  annualMinimum({ kind: 'every', period: { unit, count } });

describe('annualMinimum: the least number of supervisions a year a frequency asks for', () => {
  it('"n a year" asks for n', () => {
    expect(annualMinimum({ kind: 'per_year', count: 9, basis: 'financial' })).toBe(9);
  });

  it('"every calendar month" asks for 12', () => {
    expect(annualMinimum({ kind: 'calendar_month' })).toBe(12);
  });

  it.each([
    ['every 4 weeks', 'weeks', 4, 13],
    ['every 6 weeks', 'weeks', 6, 8],
    ['weekly', 'weeks', 1, 52],
    ['fortnightly', 'weeks', 2, 26],
    ['every 12 weeks', 'weeks', 12, 4],
    ['every 1 months', 'months', 1, 12],
    ['every 2 months', 'months', 2, 6],
    ['every 3 months', 'months', 3, 4],
    ['every 5 months (whole sessions only)', 'months', 5, 2],
    ['every 14 days', 'days', 14, 26],
    ['every 30 days', 'days', 30, 12],
    ['every 20 working_days (253 working days a year)', 'working_days', 20, 12],
    ['every 5 working_days', 'working_days', 5, 50],
  ] as const)('%s asks for %i', (_name, unit, count, expected) => {
    expect(every(unit, count)).toBe(expected);
  });

  it('a stepped schedule asks for the standing rate of its last step, not the early weekly one', () => {
    expect(
      annualMinimum({
        kind: 'stepped',
        since: 'asye_start',
        steps: [
          { fromWeek: 0, toWeek: 6, every: { unit: 'weeks', count: 1 } },
          { fromWeek: 6, toWeek: 26, every: { unit: 'weeks', count: 2 } },
          { fromWeek: 26, every: { unit: 'months', count: 1 } },
        ],
      }),
    ).toBe(12);
  });

  it('every staff supervision rule in the shipped packs asks for at least one a year', () => {
    for (const pack of listPacks()) {
      for (const rule of pack.staffSupervision) {
        expect(annualMinimum(rule.frequency), `${pack.id} ${rule.id}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('yearToDate', () => {
  it('31 March is the last day of the financial year that began the April before', () => {
    expect(yearToDate('2026-03-31', 'financial')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('1 April starts a new financial year', () => {
    expect(yearToDate('2026-04-01', 'financial')).toEqual({ from: '2026-04-01', to: '2026-04-01' });
  });

  it('January falls in the financial year that began the April before', () => {
    expect(yearToDate('2026-01-15', 'financial').from).toBe('2025-04-01');
  });

  it('December is still in the financial year that began that April', () => {
    expect(yearToDate('2025-12-31', 'financial').from).toBe('2025-04-01');
  });

  it('the calendar year runs from 1 January to the as-of date', () => {
    expect(yearToDate('2026-01-01', 'calendar')).toEqual({ from: '2026-01-01', to: '2026-01-01' });
    expect(yearToDate('2025-12-31', 'calendar')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });
});
