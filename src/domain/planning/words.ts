/**
 * The words the planning rules speak in: dates as GOV.UK writes them ('3 March 2026'), times of
 * day on the 24-hour clock ('09:30'), and each kind of session as a noun phrase.
 */
import type { IsoDate } from '../calendar/period.ts';
import type { SessionKind, SessionStatus } from '../policy/vocabulary.ts';

const months = [
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

/** '2026-03-03' → '3 March 2026'. */
export function longDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)} ${months[Number(month) - 1]} ${year}`;
}

/** '2026-07-01' → 'July 2026'. */
export function monthWords(date: IsoDate): string {
  return `${months[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

export const sessionKindNouns: Record<SessionKind, string> = {
  one_to_one: 'a one-to-one supervision',
  unplanned: 'an unplanned supervision',
  group: 'a group supervision',
  group_learning: 'a group learning session',
};

export const sessionStatusWords: Record<SessionStatus, string> = {
  planned: 'planned',
  held: 'held',
  postponed: 'postponed',
  cancelled: 'cancelled',
  not_held: 'not held',
};

/** 'Ann', 'Ann and Bo', 'Ann, Bo and Cy'. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
