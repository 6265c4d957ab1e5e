/**
 * Reading one CSV cell as a typed value. Exports from HR and case-management systems write dates
 * either as ISO (2026-03-31) or the UK way (31/03/2026); anything else is a problem to report,
 * never a guess (03/31/2026 is not a date here).
 */
import { isIsoDate } from '../calendar/iso-date.ts';
import type { IsoDate } from '../calendar/period.ts';

export type Cell<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = (problem: string): Cell<never> => ({ ok: false, problem });

const ukDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export function readDate(text: string): Cell<IsoDate> {
  if (isIsoDate(text)) return ok(text);
  const uk = ukDate.exec(text);
  if (uk) {
    const [day, month, year] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
    const date = validDate(year, month, day);
    if (date) return ok(date);
    return fail(`'${text}' is not a real date`);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return fail(`'${text}' is not a real date`);
  return fail(`'${text}' is not a date: use YYYY-MM-DD or DD/MM/YYYY`);
}

function validDate(year: number, month: number, day: number): IsoDate | undefined {
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(date) ? date : undefined;
}

const truthy = new Set(['yes', 'y', 'true', '1']);
const falsy = new Set(['no', 'n', 'false', '0']);

export function readYesNo(text: string): Cell<boolean> {
  const word = text.toLowerCase();
  if (truthy.has(word)) return ok(true);
  if (falsy.has(word)) return ok(false);
  return fail(`'${text}' is not yes or no`);
}

export function readNumber(text: string): Cell<number> {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) return fail(`'${text}' is not a number`);
  return ok(value);
}

/** The words people write for a value, compared without case, spaces, hyphens or underscores. */
export function wordKey(text: string): string {
  return text.toLowerCase().replace(/[\s_\-/]+/g, '');
}

/**
 * A value from a fixed list, written as its code or one of its known labels
 * ("child_protection", "Child Protection", "CP").
 */
export function readChoice<T extends string>(
  choices: readonly T[],
  labels: Partial<Record<T, readonly string[]>> = {},
) {
  const lookup = new Map<string, T>();
  for (const choice of choices) {
    lookup.set(wordKey(choice), choice);
    for (const label of labels[choice] ?? []) lookup.set(wordKey(label), choice);
  }
  return (text: string): Cell<T> => {
    const value = lookup.get(wordKey(text));
    return value ? ok(value) : fail(`'${text}' is not one of: ${choices.join(', ')}`);
  };
}
