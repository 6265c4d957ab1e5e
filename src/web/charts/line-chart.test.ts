import { describe, expect, it } from 'vitest';
import { formatCell } from '../report-table.ts';
import { describeTrend, type LineChartSpec, lineChart, trendTable } from './line-chart.ts';

const months = [
  'Mar 2026',
  'Apr 2026',
  'May 2026',
  'Jun 2026',
  'Jul 2026',
  'Aug 2026',
  'Sep 2026',
  'Oct 2026',
  'Nov 2026',
  'Dec 2026',
  'Jan 2027',
  'Feb 2027',
];
const onTime = [0.92, 0.9, 0.85, 0.8, 0.78, 0.71, 0.75, 0.8, 0.83, 0.86, 0.87, 0.88];

function spec(overrides: Partial<LineChartSpec> = {}): LineChartSpec {
  return {
    id: 'on-time',
    title: 'Supervision held on time',
    xLabels: months,
    series: [{ name: 'Held on time', values: onTime }],
    yFormat: 'percent',
    ...overrides,
  };
}

/** The attributes of each start tag with the given name and class. */
function tags(svg: string, name: string, className: string): Record<string, string>[] {
  const found = [...svg.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
  return found.filter((a) => (a.class ?? '').split(' ').includes(className));
}

function textsOf(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${className}"[^>]*>(.*?)</text>`, 'g'))].map(
    (m) =>
      m[1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
  );
}

describe('lineChart', () => {
  it('is an image labelled by its own title and description', () => {
    const svg = lineChart(spec({ description: 'Mostly on time.' }));
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-labelledby="on-time-title on-time-desc"');
    expect(svg).toContain('<title id="on-time-title">Supervision held on time</title>');
    expect(svg).toContain('<desc id="on-time-desc">Mostly on time.</desc>');
  });

  it('escapes markup in the title, labels and series names', () => {
    const svg = lineChart(
      spec({
        title: 'Teams <script>alert(1)</script>',
        xLabels: ['A & B', ...months.slice(1)],
        series: [
          { name: '<script>x</script>', values: onTime },
          { name: 'Tom & Jerry', values: onTime },
        ],
      }),
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('Teams &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(textsOf(svg, 'app-chart__legend-label')).toEqual([
      '&lt;script&gt;x&lt;/script&gt;',
      'Tom &amp; Jerry',
    ]);
    expect(textsOf(svg, 'app-chart__tick')).toContain('A &amp; B');
  });

  it('draws one unbroken line when every month has data, with a marker per point', () => {
    const svg = lineChart(spec());
    expect(tags(svg, 'path', 'app-chart__line')).toHaveLength(1);
    expect(tags(svg, 'circle', 'app-chart__marker')).toHaveLength(12);
  });

  it('breaks the line where a month has no data', () => {
    const values: (number | null)[] = [...onTime];
    values[5] = null;
    const svg = lineChart(spec({ series: [{ name: 'Held on time', values }] }));
    const paths = tags(svg, 'path', 'app-chart__line');
    expect(paths).toHaveLength(2);
    expect(paths.map((p) => p.d!.split('L').length)).toEqual([5, 6]);
    expect(tags(svg, 'circle', 'app-chart__marker')).toHaveLength(11);
  });

  it('runs a percentage axis from 0% to 100%', () => {
    const labels = textsOf(lineChart(spec()), 'app-chart__tick').filter((t) => t.endsWith('%'));
    expect(labels).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });

  it('rounds a count axis up to a nice number, with en-GB grouping', () => {
    const svg = lineChart(
      spec({ yFormat: 'count', series: [{ name: 'Visits', values: [1200, 1830, 950] }] }),
    );
    const labels = textsOf(svg, 'app-chart__tick').filter((t) => /^[\d,]+$/.test(t));
    expect(labels).toEqual(['0', '500', '1,000', '1,500', '2,000']);
  });

  it('extends a count axis to yMax when the data falls short of it', () => {
    const svg = lineChart(
      spec({ yFormat: 'count', yMax: 100, series: [{ name: 'Visits', values: [3, 7] }] }),
    );
    expect(textsOf(svg, 'app-chart__tick')).toContain('100');
  });

  it('puts higher values higher up the chart', () => {
    const svg = lineChart(spec({ series: [{ name: 'Held on time', values: [0.5, 1, 0] }] }));
    const ys = tags(svg, 'circle', 'app-chart__marker').map((c) => Number(c.cy));
    expect(ys[1]!).toBeLessThan(ys[0]!);
    expect(ys[0]!).toBeLessThan(ys[2]!);
    expect(ys[2]! - ys[0]!).toBeCloseTo(ys[0]! - ys[1]!, 0);
  });

  it('tells series apart by dash pattern and marker shape as well as colour', () => {
    const svg = lineChart(
      spec({
        series: [
          { name: 'Held on time', values: onTime },
          { name: 'Target', values: onTime.map(() => 0.85) },
        ],
      }),
    );
    const [first, second] = tags(svg, 'path', 'app-chart__line');
    expect(first!['stroke-dasharray']).toBeUndefined();
    expect(second!['stroke-dasharray']).toBeDefined();
    expect(first!.stroke).not.toBe(second!.stroke);
    expect(tags(svg, 'circle', 'app-chart__marker').length).toBeGreaterThan(0);
    expect(tags(svg, 'rect', 'app-chart__marker').length).toBeGreaterThan(0);
    expect(textsOf(svg, 'app-chart__legend-label')).toEqual(['Held on time', 'Target']);
  });

  it('honours an explicit line style', () => {
    const svg = lineChart(spec({ series: [{ name: 'Target', values: onTime, style: 'dotted' }] }));
    expect(tags(svg, 'path', 'app-chart__line')[0]!.class).toContain('app-chart__line--dotted');
  });

  it('uses text of at least 14px at its default size', () => {
    const svg = lineChart(spec());
    expect(Number(/font-size="(\d+)"/.exec(svg)![1])).toBeGreaterThanOrEqual(14);
    expect(svg).not.toMatch(/<text[^>]*font-size/);
  });
});

describe('describeTrend', () => {
  it('summarises the first series: range, lowest and latest', () => {
    expect(describeTrend(spec())).toBe(
      'Held on time, Mar 2026 to Feb 2027: lowest 71% in Aug 2026, highest 92% in Mar 2026, latest 88% in Feb 2027.',
    );
  });

  it('is what the chart says when no description is given', () => {
    expect(lineChart(spec())).toContain(
      '<desc id="on-time-desc">Held on time, Mar 2026 to Feb 2027: lowest 71% in Aug 2026',
    );
  });

  it('takes the latest month with data and names the gaps', () => {
    const values = [...onTime.slice(0, 10), null, null];
    const text = describeTrend(spec({ series: [{ name: 'Held on time', values }] }));
    expect(text).toContain('latest 86% in Dec 2026');
    expect(text).toContain('No data for Jan 2027, Feb 2027.');
  });

  it('names the other series and copes with no data at all', () => {
    const text = describeTrend(
      spec({
        series: [
          { name: 'Held on time', values: months.map(() => null) },
          { name: 'Target', values: [] },
        ],
      }),
    );
    expect(text).toBe(
      'Supervision held on time, Mar 2026 to Feb 2027: no data. Also shows Target.',
    );
  });
});

describe('trendTable', () => {
  it('has one row per month and one column per series, agreeing with the chart', () => {
    const table = trendTable(
      spec({
        series: [
          { name: 'Held on time', values: [0.5, null] },
          { name: 'Target', values: [0.85, 0.85] },
        ],
        xLabels: ['Mar 2026', 'Apr 2026'],
      }),
      { title: 'Supervision held on time by month', firstColumn: 'Month' },
    );
    expect(table.title).toBe('Supervision held on time by month');
    expect(table.columns.map((c) => [c.label, c.kind])).toEqual([
      ['Month', 'text'],
      ['Held on time', 'percent'],
      ['Target', 'percent'],
    ]);
    expect(
      table.rows.map((r) => table.columns.map((c) => formatCell(c, r[c.key] ?? null))),
    ).toEqual([
      ['Mar 2026', '50%', '85%'],
      ['Apr 2026', '', '85%'],
    ]);
  });
});
