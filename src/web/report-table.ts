/**
 * The one table shape behind every report download and every table beside a chart, so the HTML
 * table, the CSV and the XLSX all say the same thing.
 */
import { dateInWords } from '../domain/calendar/date-words.ts';

/** Names in the order an English reader expects; one collator, as building one per call is slow. */
export const compareText = new Intl.Collator('en-GB').compare;

export type ColumnKind = 'text' | 'number' | 'percent' | 'date';
export type ReportColumn = { key: string; label: string; kind: ColumnKind };
/** A cell: text, a number (percent as a fraction 0..1), an ISO date 'YYYY-MM-DD', or empty. */
export type ReportCell = string | number | null;
export type ReportTable = {
  title: string;
  columns: ReportColumn[];
  rows: Record<string, ReportCell>[];
};

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && isoDatePattern.test(value);
}

/** 1234.5 → '1,234.5'. */
export function formatNumber(value: number): string {
  return grouped.format(value);
}

/** A fraction as a percentage number, free of binary noise (0.285 → 28.5, not 28.499…). */
export function percentOf(fraction: number): number {
  return Number((fraction * 100).toFixed(9));
}

function roundHalfUp(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.floor(Number((value * scale).toFixed(9)) + 0.5) / scale;
}

/**
 * 0.875 → '88%'. Whole percentages, except just above 0% or just below 100%, where one decimal
 * keeps a nearly-complete 99.6% from reading as '100%' and a handful from reading as '0%'.
 */
export function formatPercent(fraction: number): string {
  const percent = percentOf(fraction);
  if (percent > 0 && percent < 1) {
    const tenths = Math.max(0.1, roundHalfUp(percent, 1));
    return tenths >= 1 ? '1%' : `${tenths.toFixed(1)}%`;
  }
  if (percent > 99 && percent < 100) {
    const tenths = Math.min(99.9, roundHalfUp(percent, 1));
    return tenths <= 99 ? '99%' : `${tenths.toFixed(1)}%`;
  }
  return `${formatNumber(roundHalfUp(percent, 0))}%`;
}

/** The human text of a cell, as HTML tables show it. Values of the wrong type pass through. */
export function formatCell(column: ReportColumn, value: ReportCell): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return column.kind === 'percent' ? formatPercent(value) : formatNumber(value);
  }
  if (column.kind === 'date' && isIsoDate(value)) return dateInWords(value);
  return value;
}

/** A percentage as a plain number to one decimal (0.8754 → 87.5), for machine-readable exports. */
export function percentNumber(fraction: number): number {
  return roundHalfUp(percentOf(fraction), 1);
}
