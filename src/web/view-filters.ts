import nunjucks, { type Environment } from 'nunjucks';
import { dateInWords } from '../domain/calendar/date-words.ts';
import { formatCell, type ReportCell, type ReportColumn } from './report-table.ts';

/** '2026-11-23' → '23 November 2026', the GOV.UK style for dates. */
export function govukDate(value: unknown): string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return '';
  return dateInWords(value as string);
}

/** An instant as '23 November 2026 at 2:05pm', in the organisation's time zone (UK). */
export function govukDateTime(value: unknown): string {
  if (!(value instanceof Date)) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  }).formatToParts(value);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const period = part('dayPeriod').toLowerCase().replace(/\s/g, '');
  return `${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}${period}`;
}

/**
 * Nunjucks' own `trim` uses /^\s*|\s*$/, which takes time quadratic in the whitespace of what
 * it trims: the GOV.UK macros trim every component's HTML, so a long table cost milliseconds.
 * Same result, in linear time, keeping a safe string safe.
 */
export function trim(value: unknown): string | nunjucks.runtime.SafeString {
  if (value instanceof nunjucks.runtime.SafeString) return markSafe(value.toString().trim());
  return String(value).trim();
}

const markSafe = (html: string) => new nunjucks.runtime.SafeString(html);

export function addFilters(env: Environment) {
  env.addFilter('trim', trim);
  env.addFilter('govukDate', govukDate);
  // A report cell in words: numbers grouped, shares as percentages, dates in full.
  env.addFilter('reportCell', (value: ReportCell, column: ReportColumn) =>
    formatCell(column, value),
  );
  env.addFilter('govukDateTime', govukDateTime);
}
