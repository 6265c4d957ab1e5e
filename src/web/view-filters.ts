import type { Environment } from 'nunjucks';

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

/** '2026-11-23' → '23 November 2026', the GOV.UK style for dates. */
export function govukDate(value: unknown): string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return '';
  return `${Number(match[3])} ${months[Number(match[2]) - 1]} ${match[1]}`;
}

export function addFilters(env: Environment) {
  env.addFilter('govukDate', govukDate);
}
