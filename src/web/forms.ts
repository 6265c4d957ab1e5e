/**
 * Reading GOV.UK forms, the one way every page does it: the body as strings (`formValues`),
 * each field read and checked (`readText`, `readChoice`, `readDate`), and the errors collected
 * in `FormErrors`, shaped for the error summary (`{ text, href }`) and for each field.
 * Messages follow the Design System: say what to do ("Enter the start date"), and for the date
 * input (https://design-system.service.gov.uk/components/date-input/) "… must include a month",
 * "… must be a real date" and "Year must include 4 numbers".
 */
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import type { IsoDate } from '../domain/calendar/period.ts';

/** A form as posted: every field a string, trimmed (the CSRF token left out). */
export type FormValues = Record<string, string>;

/** The boxes of a GOV.UK date input named `name`: `name-day`, `name-month`, `name-year`. */
export type DatePart = 'day' | 'month' | 'year';
const dateParts: readonly DatePart[] = ['day', 'month', 'year'];

/** An entry of the error summary: `href` is the input to focus. */
export type SummaryError = { text: string; href: string };

/** A field's own message; for a date, the boxes to mark (all of them when not given). */
export type FieldMessage = { text: string; parts?: DatePart[] };

/** The errors of a form: the first error of each field, in the order they were found. */
export class FormErrors {
  readonly list: SummaryError[] = [];
  readonly byField: Record<string, FieldMessage> = {};

  /**
   * Adds the field's error unless it has one already. `href` names the input to focus, the
   * field itself by default; for a date input it is a box, like `#startsOn-day`.
   */
  add(field: string, text: string, options: { href?: string; parts?: DatePart[] } = {}): this {
    if (this.has(field)) return this;
    this.byField[field] = options.parts ? { text, parts: options.parts } : { text };
    this.list.push({ text, href: options.href ?? `#${field}` });
    return this;
  }

  has(field: string): boolean {
    return this.byField[field] !== undefined;
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

/**
 * What a template is given about the errors: `errors` for the summary (and the page title's
 * "Error:") and `fieldErrors` for the message beside each field.
 */
export function errorLocals(errors: FormErrors | undefined) {
  return errors ? { errors: errors.list, fieldErrors: errors.byField } : {};
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
function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * `required` is true for "Enter the <label>", or the message to show instead. A label starts
 * the other messages ("Start date must be a real date"), so it is written as the start of a
 * sentence.
 */
type Required = { required?: boolean | string };

function requiredMessage(required: true | string, label: string): string {
  return required === true ? `Enter the ${inSentence(label)}` : required;
}

/** Text no longer than `max` (200 unless given), or null when empty. */
export function readText(
  form: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
  options: Required & { max?: number } = {},
): string | null {
  const value = form[name] ?? '';
  const max = options.max ?? 200;
  if (value === '') {
    if (options.required) errors.add(name, requiredMessage(options.required, label));
    return null;
  }
  if (value.length > max) errors.add(name, `${label} must be ${max} characters or fewer`);
  return value;
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

/** What was typed in a date input: nothing, a real date, or what is wrong and in which boxes. */
export type DateReading =
  | { kind: 'empty' }
  | { kind: 'date'; date: IsoDate }
  | { kind: 'invalid'; text: string; parts: DatePart[] };

/** Checks the date input `name` as the Design System asks; `label` starts the messages. */
export function parseDate(form: FormValues, name: string, label: string): DateReading {
  const typed = (part: DatePart) => form[`${name}-${part}`] ?? '';
  const invalid = (text: string, parts: DatePart[]) => ({ kind: 'invalid', text, parts }) as const;
  const notReal = `${label} must be a real date`;
  const missing = dateParts.filter((part) => typed(part) === '');
  if (missing.length === dateParts.length) return { kind: 'empty' };
  if (missing.length > 0)
    return invalid(`${label} must include a ${missing.join(' and ')}`, missing);
  const notNumbers = dateParts.filter((part) => !/^\d+$/.test(typed(part)));
  if (notNumbers.length > 0) return invalid(notReal, notNumbers);
  if (typed('year').length !== 4) return invalid('Year must include 4 numbers', ['year']);
  const month = Number(typed('month'));
  if (typed('month').length > 2 || month < 1 || month > 12) return invalid(notReal, ['month']);
  const date = `${typed('year')}-${typed('month').padStart(2, '0')}-${typed('day').padStart(2, '0')}`;
  // A day like 30 February, or a year before 1900 (a slip of the keyboard): the whole date.
  if (!isIsoDate(date) || Number(typed('year')) < 1900) return invalid(notReal, [...dateParts]);
  return { kind: 'date', date };
}

/**
 * Reads the date input `name`: the date, null when all three boxes are empty (after an error,
 * linked to the day box, if `required`), or undefined after adding the error, linked to the
 * first box to correct.
 */
export function readDate(
  form: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
  options: Required = {},
): IsoDate | null | undefined {
  const reading = parseDate(form, name, label);
  if (reading.kind === 'date') return reading.date;
  if (reading.kind === 'invalid') {
    errors.add(name, reading.text, { href: `#${name}-${reading.parts[0]}`, parts: reading.parts });
    return undefined;
  }
  if (!options.required) return null;
  errors.add(name, requiredMessage(options.required, label), { href: `#${name}-day` });
  return undefined;
}

/** The three boxes of a date input showing a saved date as a person types it ('7', '3'). */
export function dateToForm(name: string, date: IsoDate | null | undefined): FormValues {
  if (!date) return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' };
  const [year, month, day] = date.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year!,
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path, query or form value is shaped like a row id (anything else is not found). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}
