/** Small pure helpers on 'YYYY-MM-DD' dates (strings compare in date order). */
import type { IsoDate, Period } from '../calendar/period.ts';

// Days from civil dates and back (Howard Hinnant's algorithms): no Date objects in hot loops.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

function format(y: number, m: number, d: number): IsoDate {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

export function toDay(date: IsoDate): number {
  return daysFromCivil(digits(date, 0, 4), digits(date, 5, 7), digits(date, 8, 10));
}

export function fromDay(day: number): IsoDate {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return format(era * 400 + yoe + (m <= 2 ? 1 : 0), m, d);
}

function monthLength(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDay(toDay(date) + days);
}

export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDay(b) - toDay(a);
}

/** Adds months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const m0 = digits(date, 5, 7) - 1 + months;
  const year = digits(date, 0, 4) + Math.floor(m0 / 12);
  const month = (((m0 % 12) + 12) % 12) + 1;
  return format(year, month, Math.min(digits(date, 8, 10), monthLength(year, month)));
}

export function monthStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function monthEnd(date: IsoDate): IsoDate {
  return addDays(addMonths(monthStart(date), 1), -1);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** Roughly how many days a period is, only for comparing which rule is more frequent. */
export function approximateDays(period: Period): number {
  switch (period.unit) {
    case 'days':
      return period.count;
    case 'working_days':
      return period.count * 1.4;
    case 'weeks':
      return period.count * 7;
    case 'months':
      return period.count * 30.44;
  }
}

export type Span = { from: IsoDate; to: IsoDate };

/**
 * Consecutive windows of `months` months aligned on a year starting in `startMonth` (4 for the
 * financial year, 1 for the calendar year) that overlap [from, to].
 */
export function alignedWindows(
  from: IsoDate,
  to: IsoDate,
  months: number,
  startMonth: number,
): Span[] {
  const y = Number(from.slice(0, 4));
  let start = `${y - 1}-${String(startMonth).padStart(2, '0')}-01`;
  while (addMonths(start, months) <= from) start = addMonths(start, months);
  const out: Span[] = [];
  while (start <= to) {
    const next = addMonths(start, months);
    out.push({ from: start, to: addDays(next, -1) });
    start = next;
  }
  return out;
}

/** First index in a sorted date array with value >= date. */
export function lowerBound(dates: readonly IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as IsoDate) < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in a sorted date array with value > date. */
export function upperBound(dates: readonly IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as IsoDate) <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
