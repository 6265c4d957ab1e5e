import type { IsoDate, YearBasis } from './period.ts';

/**
 * Calendar-date arithmetic on integers. A date is turned into an epoch day (days since
 * 1970-01-01) with pure integer formulas, never a Date, so neither the process's time zone nor
 * a daylight-saving change can move a day.
 */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export type DayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** 'YYYY-MM', the calendar month a date falls in. */
export type MonthKey = string;

/** An inclusive range of dates. */
export type DateRange = { start: IsoDate; end: IsoDate };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written 'YYYY-MM-DD' (so '2026-02-30' is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Checks untrusted text; throws a RangeError naming the text when it is not a real date. */
export function parseIsoDate(text: string): IsoDate {
  if (!isIsoDate(text)) throw new RangeError(`Not a date as YYYY-MM-DD: '${text}'`);
  return text;
}

export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  const match = isoDatePattern.exec(date);
  if (!match) throw new RangeError(`Not a date as YYYY-MM-DD: '${date}'`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function isoDateFromParts(year: number, month: number, day: number): IsoDate {
  const date = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  return parseIsoDate(date);
}

// Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date.
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100);
  return era * 146_097 + dayOfEra + dayOfYear - 719_468;
}

// The inverse, civil_from_days.
export function fromEpochDay(epochDay: number): IsoDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoDateFromParts(year, month, day);
}

/** Negative when a is earlier; works on the strings because the format sorts lexically. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from a to b: positive when b is later. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function dayOfWeek(date: IsoDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return (((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1) as DayOfWeek;
}

export function isWeekend(date: IsoDate): boolean {
  return dayOfWeek(date) >= 6;
}

/** Same day of the month, clamped to the month's last day: 31 Jan + 1 month = 28/29 Feb. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = dateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  return isoDateFromParts(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

export function monthKey(date: IsoDate): MonthKey {
  return date.slice(0, 7);
}

export function lastDayOfMonth(date: IsoDate): IsoDate {
  const { year, month } = dateParts(date);
  return isoDateFromParts(year, month, daysInMonth(year, month));
}

/**
 * The year a date counts in: 'financial' is 1 April – 31 March (UK local government),
 * 'calendar' is 1 January – 31 December, and 'rolling' is the twelve months ending on the date
 * itself (from the day after the same date a year earlier).
 */
export function yearWindow(date: IsoDate, basis: YearBasis): DateRange {
  const { year, month } = dateParts(date);
  switch (basis) {
    case 'calendar':
      return { start: isoDateFromParts(year, 1, 1), end: isoDateFromParts(year, 12, 31) };
    case 'financial': {
      const startYear = month >= 4 ? year : year - 1;
      return {
        start: isoDateFromParts(startYear, 4, 1),
        end: isoDateFromParts(startYear + 1, 3, 31),
      };
    }
    case 'rolling':
      return { start: addDays(addMonths(date, -12), 1), end: date };
  }
}

export function yearStart(date: IsoDate, basis: YearBasis): IsoDate {
  return yearWindow(date, basis).start;
}

/**
 * The calendar date an instant falls on in a time zone (Europe/London by default). This is the
 * one place an instant becomes a date; the caller passes the instant from its clock.
 */
export function isoDateAt(instant: Date, timeZone = 'Europe/London'): IsoDate {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return isoDateFromParts(part('year'), part('month'), part('day'));
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
