/** A downloadable template for each CSV file: the canonical headings and one example row. */
import { type ImportKind, tables } from './tables.ts';

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvTemplate(kind: ImportKind): string {
  const columns = tables[kind].columns.filter(
    (c) => c.name !== 'first_name' && c.name !== 'last_name',
  );
  return `${columns.map((c) => csvField(c.name)).join(',')}\r\n${columns.map((c) => csvField(c.example)).join(',')}\r\n`;
}
