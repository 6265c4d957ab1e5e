/**
 * The page shown when a record was saved by someone else while this person was editing it:
 * both versions side by side, and their own version ready to be saved again. Nothing is lost.
 */
import { type FormValues, parseDate } from '../../web/forms.ts';
import { govukDate } from '../../web/view-filters.ts';

export type ConflictField = {
  key: string;
  label: string;
  /** A GOV.UK date input: the value is in `key-day`, `key-month` and `key-year`. */
  date?: boolean;
  /** How to show a form value (an id as a name, a code as words). */
  show?: (value: string) => string;
};

export type ConflictPage = {
  heading: string;
  /** Where the form posts to save their version again. */
  action: string;
  backHref: string;
  rows: { label: string; yours: string; saved: string; differs: boolean }[];
  /** Their form as they sent it, with the saved row's version so it can now be saved. */
  resubmit: FormValues;
};

function shown(field: ConflictField, values: FormValues): string {
  if (field.date) {
    const date = parseDate(values, field.key, field.label);
    if (date.kind === 'empty') return '';
    if (date.kind === 'date') return govukDate(date.date);
    return ['day', 'month', 'year'].map((part) => values[`${field.key}-${part}`]).join('/');
  }
  const value = values[field.key] ?? '';
  return value && field.show ? field.show(value) : value;
}

export function conflictPage(options: {
  heading: string;
  action: string;
  backHref: string;
  fields: ConflictField[];
  yours: FormValues;
  saved: FormValues;
  savedVersion: string;
}): ConflictPage {
  const rows = options.fields.map((field) => {
    const yours = shown(field, options.yours) || 'Not given';
    const saved = shown(field, options.saved) || 'Not given';
    return { label: field.label, yours, saved, differs: yours !== saved };
  });
  return {
    heading: options.heading,
    action: options.action,
    backHref: options.backHref,
    rows,
    resubmit: { ...options.yours, version: options.savedVersion },
  };
}
