/** The yearly minimum of a staff supervision frequency, and the year to date it is counted over. */
import type { IsoDate, Period } from '../calendar/period.ts';
import type { StaffFrequency } from '../policy/schema.ts';

/** Working days in a year in England: 365 days less 104 weekend days and 8 bank holidays. */
export const workingDaysPerYear = 253;

/** Whole periods in a year: 365 days, 52 weeks, 12 months or 253 working days, rounded down. */
function perYearEvery(period: Period): number {
  switch (period.unit) {
    case 'days':
      return Math.floor(365 / period.count);
    case 'weeks':
      return Math.floor(52 / period.count);
    case 'months':
      return Math.floor(12 / period.count);
    case 'working_days':
      return Math.floor(workingDaysPerYear / period.count);
  }
}

/**
 * The least number of supervisions a year a frequency asks for: the count of 'n a year', 12 for
 * each calendar month, whole intervals in a year for 'every n', and for stepped schedules the
 * standing rate of the last step (the one that applies once the early weeks are over).
 */
export function annualMinimum(frequency: StaffFrequency): number {
  switch (frequency.kind) {
    case 'per_year':
      return frequency.count;
    case 'calendar_month':
      return 12;
    case 'every':
      return perYearEvery(frequency.period);
    case 'stepped': {
      const last = frequency.steps[frequency.steps.length - 1];
      return last ? perYearEvery(last.every) : 0;
    }
  }
}

export type YearToDateBasis = 'financial' | 'calendar';

/**
 * The year so far: from 1 April (financial year) or 1 January (calendar year) of the year the
 * as-of date falls in, to the as-of date. 31 March belongs to the financial year before.
 */
export function yearToDate(asOf: IsoDate, basis: YearToDateBasis): { from: IsoDate; to: IsoDate } {
  const year = Number(asOf.slice(0, 4));
  if (basis === 'calendar') return { from: `${year}-01-01`, to: asOf };
  const startYear = asOf.slice(5, 7) >= '04' ? year : year - 1;
  return { from: `${startYear}-04-01`, to: asOf };
}
