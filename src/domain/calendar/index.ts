/** The calendar: dates without time zones, period words, bank holidays and working days. */
export {
  type BankHoliday,
  type BankHolidayFileResult,
  type BankHolidayProblem,
  bankHolidayRegions,
  formatProblem,
  parseBankHolidayFile,
  parseBankHolidayJson,
} from './bank-holiday-file.ts';
export {
  addDays,
  addMonths,
  compareIsoDates,
  type DateRange,
  type DayOfWeek,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isIsoDate,
  isoDateAt,
  isoDateFromParts,
  isWeekend,
  lastDayOfMonth,
  type MonthKey,
  monthKey,
  parseIsoDate,
  toEpochDay,
  yearStart,
  yearWindow,
} from './iso-date.ts';
export type { BankHolidayRegion, IsoDate, Period, YearBasis } from './period.ts';
export {
  describePeriod,
  describeRule,
  lookupPeriodWord,
  type PeriodPhrase,
  type PeriodRule,
  type PeriodWordMeaning,
  periodWords,
} from './period-words.ts';
export { shippedBankHolidays, shippedYears } from './shipped-bank-holidays.ts';
export {
  createWorkingCalendar,
  mergeBankHolidays,
  type WorkingCalendar,
  workingCalendarForRegion,
} from './working-calendar.ts';
