/**
 * The as-of date of a dashboard or report: `?asOf=YYYY-MM-DD` in links, or the three boxes of
 * the GOV.UK date input (`asOf-day`, `asOf-month`, `asOf-year`) when someone picks a date.
 * Absent means today; a date that is not real is an error naming the field, and today is used.
 */
import { isIsoDate } from '../domain/calendar/iso-date.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import { dateToForm, FormErrors, type FormValues, readDate } from './forms.ts';

export type AsOf = { asOf: IsoDate; errors: FormErrors; values: FormValues };

export function readAsOf(query: Record<string, unknown>, today: IsoDate): AsOf {
  const errors = new FormErrors();
  const given = typeof query.asOf === 'string' ? query.asOf : undefined;
  if (given !== undefined && given !== '') {
    if (isIsoDate(given)) return { asOf: given, errors, values: dateToForm('asOf', given) };
    errors.add('asOf', 'The as-of date must be a real date, like 2026-03-31', {
      href: '#asOf-day',
    });
    return { asOf: today, errors, values: dateToForm('asOf', today) };
  }
  const values = query as FormValues;
  const picked = readDate(values, errors, 'asOf', 'The as-of date');
  return picked
    ? { asOf: picked, errors, values }
    : { asOf: today, errors, values: !errors.any ? dateToForm('asOf', today) : values };
}
