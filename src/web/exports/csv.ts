/**
 * A report table as RFC 4180 CSV, written for machines first: raw numbers, percentages as
 * numbers to one decimal, ISO dates. Spreadsheets are the usual reader, hence the BOM and the
 * formula-injection guard.
 */
import {
  isIsoDate,
  percentNumber,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from '../report-table.ts';

const byteOrderMark = '\uFEFF';
const lineEnd = '\r\n';
/** Leading characters a spreadsheet may read as the start of a formula (OWASP CSV injection). */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

export function toCsv(table: ReportTable): string {
  const header = table.columns.map((column) => textField(headerLabel(column)));
  const records = table.rows.map((row) =>
    table.columns.map((column) => cellField(column, row[column.key] ?? null)),
  );
  return byteOrderMark + [header, ...records].map((r) => r.join(',') + lineEnd).join('');
}

function headerLabel(column: ReportColumn): string {
  return column.kind === 'percent' ? `${column.label} (%)` : column.label;
}

function cellField(column: ReportColumn, value: ReportCell): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(column.kind === 'percent' ? percentNumber(value) : value);
  }
  if (column.kind === 'date' && isIsoDate(value)) return value;
  return textField(value);
}

/** Text from users or data: guarded against formulas, then quoted if it needs to be. */
function textField(text: string): string {
  const guarded = formulaStarts.has(text.charAt(0)) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
