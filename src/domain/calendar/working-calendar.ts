import type { BankHoliday } from './bank-holiday-file.ts';
import { addDays, addMonths, fromEpochDay, toEpochDay } from './iso-date.ts';
import type { BankHolidayRegion, IsoDate, Period } from './period.ts';
import { shippedBankHolidays } from './shipped-bank-holidays.ts';

/**
 * Working days are Monday to Friday except the region's bank holidays.
 *
 * Counting convention ("within N working days of X"): day 1 is the first working day after X,
 * whatever X is; so addWorkingDays(X, N) is the last day that still counts as "within N working
 * days", and a session on Friday recorded "within 5 working days" is due the next Friday (the
 * Monday after, over a bank holiday Monday). N = 0 gives X itself. workingDaysBetween(a, b)
 * counts the working days d with a < d <= b, so it undoes addWorkingDays exactly.
 */
export interface WorkingCalendar {
  isWorkingDay(date: IsoDate): boolean;
  holidayOn(date: IsoDate): BankHoliday | undefined;
  /** The bank holidays from start to end inclusive, in date order. */
  holidaysBetween(start: IsoDate, end: IsoDate): BankHoliday[];
  /** The Nth working day after date (N >= 0). */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** The Nth working day before date (N >= 0): '2 working days before' a session. */
  subtractWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Working days d with a < d <= b; negative when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
  /** days and weeks are calendar days; months keep the day of the month, clamped. */
  addPeriod(date: IsoDate, period: Period): IsoDate;
  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate;
  previousWorkingDayOnOrBefore(date: IsoDate): IsoDate;
  /** Whether the calendar holds bank holidays for the year: outside it, only weekends count. */
  coversYear(year: number): boolean;
}

// Epoch day 4 (1970-01-05) is a Monday, so days since it, mod 7, give the weekday.
const mondayEpochDay = 4;

function isWeekendEpochDay(epochDay: number): boolean {
  return (((epochDay - mondayEpochDay) % 7) + 7) % 7 >= 5;
}

/** Weekdays from the anchor Monday through epochDay; only differences are meaningful. */
function weekdaysThrough(epochDay: number): number {
  const days = epochDay - mondayEpochDay + 1;
  const weeks = Math.floor(days / 7);
  return weeks * 5 + Math.min(days - weeks * 7, 5);
}

/** How many of the sorted values are <= value. */
function countUpTo(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function requireCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Expected a whole number of working days >= 0, got ${n}`);
  }
}

/** A calendar over one region's bank holidays (see workingCalendarForRegion for the usual one). */
export function createWorkingCalendar(holidays: Iterable<BankHoliday>): WorkingCalendar {
  const byEpochDay = new Map<number, BankHoliday>();
  for (const holiday of holidays) byEpochDay.set(toEpochDay(holiday.date), holiday);
  const weekdayHolidays = [...byEpochDay.keys()].filter((d) => !isWeekendEpochDay(d));
  weekdayHolidays.sort((a, b) => a - b);
  const years = new Set([...byEpochDay.values()].map((h) => Number(h.date.slice(0, 4))));
  const isWorking = (d: number) => !isWeekendEpochDay(d) && !byEpochDay.has(d);

  const step = (date: IsoDate, n: number, direction: 1 | -1): IsoDate => {
    requireCount(n);
    let day = toEpochDay(date);
    for (let counted = 0; counted < n; ) {
      day += direction;
      if (isWorking(day)) counted += 1;
    }
    return fromEpochDay(day);
  };
  const seek = (date: IsoDate, direction: 1 | -1): IsoDate => {
    let day = toEpochDay(date);
    while (!isWorking(day)) day += direction;
    return fromEpochDay(day);
  };

  const calendar: WorkingCalendar = {
    isWorkingDay: (date) => isWorking(toEpochDay(date)),
    holidayOn: (date) => byEpochDay.get(toEpochDay(date)),
    holidaysBetween: (start, end) =>
      [...byEpochDay.values()]
        .filter((h) => h.date >= start && h.date <= end)
        .sort((a, b) => (a.date < b.date ? -1 : 1)),
    addWorkingDays: (date, n) => step(date, n, 1),
    subtractWorkingDays: (date, n) => step(date, n, -1),
    workingDaysBetween: (a, b) => {
      const [from, to] = [toEpochDay(a), toEpochDay(b)];
      const weekdays = weekdaysThrough(to) - weekdaysThrough(from);
      return weekdays - (countUpTo(weekdayHolidays, to) - countUpTo(weekdayHolidays, from));
    },
    addPeriod: (date, period) => addPeriod(calendar, date, period),
    nextWorkingDayOnOrAfter: (date) => seek(date, 1),
    previousWorkingDayOnOrBefore: (date) => seek(date, -1),
    coversYear: (year) => years.has(year),
  };
  return calendar;
}

function addPeriod(calendar: WorkingCalendar, date: IsoDate, period: Period): IsoDate {
  switch (period.unit) {
    case 'days':
      return addDays(date, period.count);
    case 'weeks':
      return addDays(date, period.count * 7);
    case 'months':
      return addMonths(date, period.count);
    case 'working_days':
      return period.count >= 0
        ? calendar.addWorkingDays(date, period.count)
        : calendar.subtractWorkingDays(date, -period.count);
  }
}

/**
 * Shipped holidays with imported ones laid over them. For every year an import covers, the
 * import replaces the shipped year whole, so a holiday the government moved (as Early May in
 * 2020) does not survive from the shipped prediction; other years keep the shipped data.
 */
export function mergeBankHolidays(
  shipped: readonly BankHoliday[],
  imported: readonly BankHoliday[],
): BankHoliday[] {
  const importedYears = new Set(imported.map((h) => `${h.region}/${h.date.slice(0, 4)}`));
  const kept = shipped.filter((h) => !importedYears.has(`${h.region}/${h.date.slice(0, 4)}`));
  return [...kept, ...imported].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The calendar an organisation uses: its region's shipped holidays merged with imports. */
export function workingCalendarForRegion(
  region: BankHolidayRegion,
  imported: readonly BankHoliday[] = [],
): WorkingCalendar {
  const ofRegion = imported.filter((holiday) => holiday.region === region);
  return createWorkingCalendar(mergeBankHolidays(shippedBankHolidays(region), ofRegion));
}
