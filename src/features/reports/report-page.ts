/**
 * A report table as the page shows it: the arguments of govukTable (numbers right-aligned,
 * figures linked to their evidence) and, past 200 rows, GOV.UK pagination. Downloads and the
 * print view carry every row.
 */

import { escapeXml } from '../../web/charts/svg.ts';
import { formatCell, formatNumber } from '../../web/report-table.ts';
import type { LinkedTable } from './report-lists.ts';

export const pageSize = 200;

type Cell = { text?: string; html?: string; format?: 'numeric' };
type PaginationItem = { number?: string; href?: string; current?: boolean; ellipsis?: boolean };

export type PageTable = {
  id: string;
  index: number;
  title: string;
  empty: string;
  rowCount: number;
  /** Which rows a page shows, when there are several: 'Rows 201 to 400 of 9,570'. */
  shown: string;
  table: {
    caption: string;
    captionClasses: string;
    firstCellIsHeader: boolean;
    head: Cell[];
    rows: Cell[][];
  };
  pagination?: { previous?: { href: string }; next?: { href: string }; items: PaginationItem[] };
};

/** The pages to offer: first, last, and those either side of the current one, gaps elided. */
export function pageNumbers(current: number, last: number): (number | null)[] {
  const wanted = [...new Set([1, current - 1, current, current + 1, last])]
    .filter((n) => n >= 1 && n <= last)
    .sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of wanted) {
    const previous = out.at(-1);
    if (typeof previous === 'number' && n - previous > 1) out.push(null);
    out.push(n);
  }
  return out;
}

/**
 * One table of a report for the page. `page` counts from 1 (out of range: the nearest page);
 * `pageHref` gives the address of another page of this table; `size` Infinity shows every row.
 */
export function pageTable(
  table: LinkedTable,
  index: number,
  options: { page: number; pageHref: (page: number) => string; size?: number },
): PageTable {
  const size = options.size ?? pageSize;
  const pages = Math.max(1, Math.ceil(table.rows.length / size));
  const page = Math.min(Math.max(1, Math.trunc(options.page) || 1), pages);
  const start = Number.isFinite(size) ? (page - 1) * size : 0;
  const end = Math.min(table.rows.length, start + size);
  const numeric = table.columns.map((c) => c.kind === 'number' || c.kind === 'percent');
  const rows: Cell[][] = [];
  for (let r = start; r < end; r++) {
    const row = table.rows[r]!;
    const links = table.links[r];
    rows.push(
      table.columns.map((column, c) => {
        const shown = formatCell(column, row[column.key] ?? null);
        const href = shown === '' ? undefined : links?.[column.key];
        const cell: Cell = href
          ? { html: `<a class="govuk-link" href="${escapeXml(href)}">${escapeXml(shown)}</a>` }
          : { text: shown };
        if (numeric[c]) cell.format = 'numeric';
        return cell;
      }),
    );
  }
  const out: PageTable = {
    id: table.id,
    index,
    title: table.title,
    empty: table.empty,
    rowCount: table.rows.length,
    shown: `Rows ${formatNumber(start + 1)} to ${formatNumber(end)} of ${formatNumber(table.rows.length)}`,
    table: {
      caption: table.title,
      captionClasses: 'govuk-table__caption--m',
      firstCellIsHeader: true,
      head: table.columns.map((column, c) => ({
        text: column.label,
        ...(numeric[c] ? { format: 'numeric' as const } : {}),
      })),
      rows,
    },
  };
  if (pages > 1) {
    out.pagination = {
      ...(page > 1 ? { previous: { href: options.pageHref(page - 1) } } : {}),
      ...(page < pages ? { next: { href: options.pageHref(page + 1) } } : {}),
      items: pageNumbers(page, pages).map((n) =>
        n === null
          ? { ellipsis: true }
          : { number: String(n), href: options.pageHref(n), current: n === page },
      ),
    };
  }
  return out;
}
