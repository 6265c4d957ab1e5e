import { describe, expect, it } from 'vitest';
import { obligationsHref } from './obligation-links.ts';
import type { LinkedTable } from './report-lists.ts';
import { pageNumbers, pageTable } from './report-page.ts';

function people(count: number): LinkedTable {
  return {
    id: 'people',
    title: 'Supervision of each member of staff',
    sheet: 'Staff',
    empty: 'There are no staff in scope.',
    columns: [
      { key: 'name', label: 'Name', kind: 'text' },
      { key: 'held', label: 'Held this year', kind: 'number' },
      { key: 'onTime', label: 'On time', kind: 'percent' },
    ],
    rows: Array.from({ length: count }, (_, i) => ({
      name: `Person ${i + 1}`,
      held: i,
      onTime: 0.5,
    })),
    links: Array.from({ length: count }, (_, i) => ({ held: `/compliance/obligations?n=${i}` })),
  };
}

const href = (page: number) => `/reports/x?table=0&page=${page}`;

describe('pageTable', () => {
  it('shows at most 200 rows a page and offers the other pages', () => {
    const shown = pageTable(people(450), 0, { page: 2, pageHref: href });
    expect(shown.table.rows).toHaveLength(200);
    expect(shown.table.rows[0]![0]).toEqual({ text: 'Person 201' });
    expect(shown.shown).toBe('Rows 201 to 400 of 450');
    expect(shown.pagination?.previous).toEqual({ href: href(1) });
    expect(shown.pagination?.next).toEqual({ href: href(3) });
    expect(shown.pagination?.items.find((i) => i.current)?.number).toBe('2');
  });

  it('shows every row and no pages for print, and no pages for a short table', () => {
    const all = pageTable(people(450), 0, {
      page: 1,
      pageHref: href,
      size: Number.POSITIVE_INFINITY,
    });
    expect(all.table.rows).toHaveLength(450);
    expect(all.pagination).toBeUndefined();
    expect(pageTable(people(3), 0, { page: 1, pageHref: href }).pagination).toBeUndefined();
  });

  it('takes a page past the end as the last page', () => {
    const shown = pageTable(people(1450), 0, { page: 99, pageHref: href });
    expect(shown.table.rows).toHaveLength(50);
    expect(shown.shown).toBe('Rows 1,401 to 1,450 of 1,450');
    expect(shown.pagination?.next).toBeUndefined();
  });

  it('right-aligns counts and shares and links a count to its obligations', () => {
    const shown = pageTable(people(2), 0, { page: 1, pageHref: href });
    expect(shown.table.head.map((h) => 'format' in h)).toEqual([false, true, true]);
    expect(shown.table.rows[1]![1]).toEqual({
      html: '<a class="govuk-link" href="/compliance/obligations?n=1">1</a>',
      format: 'numeric',
    });
    expect(shown.table.rows[1]![2]).toEqual({ text: '50%', format: 'numeric' });
  });

  it('escapes names written into a linked cell', () => {
    const table = people(1);
    table.columns[0]!.kind = 'text';
    table.rows[0]!.name = '<b>Ann & "Bo"</b>';
    table.links[0] = { name: '/records/1?a=1&b=2' };
    const shown = pageTable(table, 0, { page: 1, pageHref: href });
    expect(shown.table.rows[0]![0]).toEqual({
      html: '<a class="govuk-link" href="/records/1?a=1&amp;b=2">&lt;b&gt;Ann &amp; &quot;Bo&quot;&lt;/b&gt;</a>',
    });
  });
});

describe('pageNumbers', () => {
  it('offers the first, the last and the pages either side, with gaps marked', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(10, 10)).toEqual([1, null, 9, 10]);
  });
});

describe('obligationsHref', () => {
  it('names whose obligations, the kinds and states as lists, the due dates and the date', () => {
    expect(
      obligationsHref(
        { unit: 'u-1' },
        {
          kinds: ['recording'],
          states: ['met', 'met_late'],
          dueFrom: '2025-04-02',
          dueTo: '2026-04-01',
        },
        '2026-04-01',
      ),
    ).toBe(
      '/compliance/obligations?unit=u-1&kind=recording&state=met,met_late&dueFrom=2025-04-02&dueTo=2026-04-01&asOf=2026-04-01',
    );
    expect(obligationsHref({}, { kinds: ['action'] }, '2026-04-01')).toBe(
      '/compliance/obligations?kind=action&asOf=2026-04-01',
    );
  });
});
