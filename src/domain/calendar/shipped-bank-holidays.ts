import { type BankHoliday, formatProblem, parseBankHolidayFile } from './bank-holiday-file.ts';
import shippedFile from './bank-holidays.json' with { type: 'json' };
import type { BankHolidayRegion } from './period.ts';

/** The years the shipped file covers (scripts/generate-bank-holidays.ts writes it). */
export const shippedYears = { first: 2015, last: 2030 } as const;

// Parsed with the import validator, so the shipped file obeys the same rules as an import.
const parsed = parseBankHolidayFile(shippedFile);
if (!parsed.ok) {
  throw new Error(`Shipped bank holidays are invalid: ${parsed.problems.map(formatProblem)}`);
}
const shipped: readonly BankHoliday[] = parsed.holidays;

export function shippedBankHolidays(region: BankHolidayRegion): BankHoliday[] {
  return shipped.filter((holiday) => holiday.region === region);
}
