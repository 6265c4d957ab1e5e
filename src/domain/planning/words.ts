/** The words the planning rules speak in: session kinds and states, and lists of names. */
import type { SessionKind, SessionStatus } from '../policy/vocabulary.ts';

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
