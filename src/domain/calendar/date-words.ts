/** Dates in words, as GOV.UK writes them: '3 March 2026', 'March 2026', 'Tuesday 3 March 2026'. */
import { dayOfWeek } from './iso-date.ts';
import type { IsoDate } from './period.ts';

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** '2026-03-03' → '3 March 2026'. */
export function dateInWords(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${monthNames[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** '2026-07-01' → 'July 2026'. */
export function monthInWords(date: IsoDate): string {
  return `${monthNames[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** '2026-03-03' → 'Tuesday 3 March 2026'. */
export function dayAndDateInWords(date: IsoDate): string {
  return `${weekdayNames[dayOfWeek(date) - 1]} ${dateInWords(date)}`;
}
