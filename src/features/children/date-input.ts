import { isIsoDate, isoDateFromParts } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';

/**
 * The GOV.UK date input: three boxes, day, month and year, checked the way the Design System
 * asks (https://design-system.service.gov.uk/components/date-input/), with its error messages.
 */

export type DateParts = { day: string; month: string; year: string };
export type DatePart = keyof DateParts;

/** An error for the page: the summary links to `href`, the field shows `text`. */
export type FieldError = { field: string; text: string; href: string; part?: DatePart };

export type DateResult =
  | { kind: 'empty' }
  | { kind: 'date'; date: IsoDate }
  | { kind: 'invalid'; text: string; part?: DatePart };

const partNames: DatePart[] = ['day', 'month', 'year'];

/** Reads `<name>-day`, `<name>-month` and `<name>-year` from a form body. */
export function readDateParts(body: Record<string, unknown>, name: string): DateParts {
  const text = (key: string) => {
    const value = body[`${name}-${key}`];
    return typeof value === 'string' ? value.trim() : '';
  };
  return { day: text('day'), month: text('month'), year: text('year') };
}

export function datePartsOf(date: IsoDate | null | undefined): DateParts {
  if (!date) return { day: '', month: '', year: '' };
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}

/**
 * `label` starts the messages ('Date of birth must be a real date'), so it is written as the
 * start of a sentence.
 */
export function parseDateParts(parts: DateParts, label: string): DateResult {
  const missing = partNames.filter((part) => parts[part] === '');
  if (missing.length === 3) return { kind: 'empty' };
  if (missing.length > 0) {
    const words = missing.length === 2 ? `${missing[0]} and ${missing[1]}` : missing[0];
    return { kind: 'invalid', text: `${label} must include a ${words}`, part: missing[0] };
  }
  const bad = partNames.find((part) => !/^\d+$/.test(parts[part]));
  if (bad) return { kind: 'invalid', text: `${label} must be a real date`, part: bad };
  if (parts.year.length !== 4)
    return { kind: 'invalid', text: 'Year must include 4 numbers', part: 'year' };
  const [day, month, year] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  if (month < 1 || month > 12)
    return { kind: 'invalid', text: `${label} must be a real date`, part: 'month' };
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isIsoDate(text) || year < 1900)
    return { kind: 'invalid', text: `${label} must be a real date` };
  return { kind: 'date', date: isoDateFromParts(year, month, day) };
}

/** The error for a date field, linked to the box to correct (the first when it is the whole date). */
export function dateError(field: string, text: string, part?: DatePart): FieldError {
  return { field, text, href: `#${field}-${part ?? 'day'}`, ...(part ? { part } : {}) };
}

/**
 * Collects the errors of a form as it is checked, and reads its dates. A required date that
 * is empty gets `required` as its message.
 */
export function formChecker(body: Record<string, unknown>) {
  const errors: FieldError[] = [];
  const has = (field: string) => errors.some((error) => error.field === field);
  const add = (error: FieldError) => {
    if (!has(error.field)) errors.push(error);
  };
  return {
    errors,
    has,
    add,
    fieldError(field: string, text: string) {
      add({ field, text, href: `#${field}` });
    },
    date(field: string, label: string, required?: string): IsoDate | null {
      const result = parseDateParts(readDateParts(body, field), label);
      if (result.kind === 'date') return result.date;
      if (result.kind === 'invalid') add(dateError(field, result.text, result.part));
      else if (required) add(dateError(field, required));
      return null;
    },
  };
}

export function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The date fields of a form as typed, to show them again. */
export function dateValues(body: Record<string, unknown>, ...names: string[]) {
  return Object.fromEntries(names.map((name) => [name, readDateParts(body, name)]));
}
