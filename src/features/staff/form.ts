/**
 * Reading GOV.UK forms: fields as the browser sent them, errors shaped for the error summary
 * (`{ text, href }`) and for each field, and dates from the GOV.UK date input (day, month, year).
 */
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';

/** A form as posted: every field a string (the CSRF token left out). */
export type FormValues = Record<string, string>;

export type FieldError = { text: string; href: string };

/** A field's error; for a date, the parts (day, month, year) to highlight. */
export type FieldMessage = { text: string; parts?: DatePart[] };

type DatePart = 'day' | 'month' | 'year';
const dateParts: DatePart[] = ['day', 'month', 'year'];

/** What a page is told about the errors of its form. */
export class FormErrors {
  readonly list: FieldError[] = [];
  readonly byField: Record<string, FieldMessage> = {};

  /** The first error of a field wins; `href` names the input to focus (the field by default). */
  add(field: string, text: string, options: { href?: string; parts?: DatePart[] } = {}) {
    if (this.byField[field]) return;
    this.byField[field] = options.parts ? { text, parts: options.parts } : { text };
    this.list.push({ text, href: options.href ?? `#${field}` });
  }

  has(field: string) {
    return this.byField[field] !== undefined;
  }

  get any() {
    return this.list.length > 0;
  }
}

/** The body of a urlencoded form as strings, trimmed; repeated fields keep the last value. */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') out[key] = last.trim();
  }
  return out;
}

/** "ASYE start date" stays as it is inside a sentence; "Start date" becomes "start date". */
export function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * Reads a GOV.UK date input named `name` (`name-day`, `name-month`, `name-year`). Returns the
 * date, null when all three are empty (an error first if `required`), or undefined after
 * adding an error in the Design System's words.
 */
export function readDate(
  form: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
  required = false,
): IsoDate | null | undefined {
  const part = (p: DatePart) => form[`${name}-${p}`] ?? '';
  const missing = dateParts.filter((p) => part(p) === '');
  if (missing.length === 3) {
    if (required) errors.add(name, `Enter the ${inSentence(label)}`, { href: `#${name}-day` });
    return required ? undefined : null;
  }
  if (missing.length > 0) {
    errors.add(name, `${label} must include a ${missing.join(' and ')}`, {
      href: `#${name}-${missing[0]}`,
      parts: missing,
    });
    return undefined;
  }
  const notNumber = dateParts.filter((p) => !/^\d+$/.test(part(p)));
  if (notNumber.length > 0) {
    errors.add(name, `${label} must be a real date`, {
      href: `#${name}-${notNumber[0]}`,
      parts: notNumber,
    });
    return undefined;
  }
  if (part('year').length !== 4) {
    errors.add(name, 'Year must include 4 numbers', { href: `#${name}-year`, parts: ['year'] });
    return undefined;
  }
  const date = `${part('year')}-${part('month').padStart(2, '0')}-${part('day').padStart(2, '0')}`;
  if (part('day').length > 2 || part('month').length > 2 || !isIsoDate(date)) {
    errors.add(name, `${label} must be a real date`, { href: `#${name}-day`, parts: dateParts });
    return undefined;
  }
  return date;
}

/** The three inputs of a date field, for a form showing a saved date. */
export function dateToForm(name: string, date: IsoDate | null | undefined): FormValues {
  if (!date) return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' };
  const [year, month, day] = date.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year!,
  };
}

/** A required choice among `options`, or undefined after adding `message`. */
export function readChoice<T extends string>(
  form: FormValues,
  errors: FormErrors,
  name: string,
  options: readonly T[],
  message: string,
): T | undefined {
  const value = form[name] ?? '';
  if ((options as readonly string[]).includes(value)) return value as T;
  errors.add(name, message);
  return undefined;
}

/** Text no longer than `max`, or null when empty. */
export function readText(
  form: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
  options: { required?: boolean; max?: number } = {},
): string | null {
  const value = form[name] ?? '';
  const max = options.max ?? 200;
  if (value === '') {
    if (options.required) errors.add(name, `Enter the ${inSentence(label)}`);
    return null;
  }
  if (value.length > max) errors.add(name, `${label} must be ${max} characters or fewer`);
  return value;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or form value is shaped like a row id (anything else is not found). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}
