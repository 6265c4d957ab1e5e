import { describe, expect, it } from 'vitest';
import { formatCell } from '../report-table.ts';
import { type BarChartSpec, barChart, barTable, describeBars } from './bar-chart.ts';

const teams = ['North', 'South', 'Leaving care and young people (east)'];

function spec(overrides: Partial<BarChartSpec> = {}): BarChartSpec {
  return {
    id: 'by-team',
    title: 'Supervision by team',
    categories: teams,
    series: [{ name: 'Overdue', values: [40, 10, 25] }],
    yFormat: 'count',
    ...overrides,
  };
}

const compliance: Partial<BarChartSpec> = {
  stacked: true,
  series: [
    { name: 'Met on time', values: [30, 12, 20] },
    { name: 'Met late', values: [6, 8, 0] },
    { name: 'Overdue', values: [4, 5, 2] },
  ],
};

type Bar = { x: number; y: number; width: number; height: number; series: number };

function bars(svg: string): Bar[] {
  return [
    ...svg.matchAll(/<rect class="app-chart__bar app-chart__bar--series-(\d+)"([^>]*)>/g),
  ].map((m) => {
    const attr = (name: string) => Number(new RegExp(` ${name}="([^"]*)"`).exec(m[2]!)![1]);
    return {
      series: Number(m[1]),
      x: attr('x'),
      y: attr('y'),
      width: attr('width'),
      height: attr('height'),
    };
  });
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

function viewBoxHeight(svg: string): number {
  return Number(/viewBox="0 0 [\d.]+ ([\d.]+)"/.exec(svg)![1]);
}

describe('barChart', () => {
  it('is an image labelled by its own title and description', () => {
    const svg = barChart(spec({ description: 'North has the most overdue.' }));
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-labelledby="by-team-title by-team-desc"');
    expect(svg).toContain('<title id="by-team-title">Supervision by team</title>');
    expect(svg).toContain('<desc id="by-team-desc">North has the most overdue.</desc>');
  });

  it('draws bar lengths in proportion to the values, from a common baseline', () => {
    const drawn = bars(barChart(spec()));
    expect(drawn).toHaveLength(3);
    expect(new Set(drawn.map((b) => b.x)).size).toBe(1);
    expect(drawn[1]!.width / drawn[0]!.width).toBeCloseTo(10 / 40, 2);
    expect(drawn[2]!.width / drawn[0]!.width).toBeCloseTo(25 / 40, 2);
  });

  it('labels each category on the left and each value at its bar end', () => {
    const svg = barChart(spec({ series: [{ name: 'Visits', values: [1234, 10, 25] }] }));
    expect(textsOf(svg, 'app-chart__label')).toEqual([
      'North',
      'South',
      'Leaving care and young people (east)',
    ]);
    expect(textsOf(svg, 'app-chart__value')).toEqual(['1,234', '10', '25']);
    const north = bars(svg)[0]!;
    const valueX = Number(/<text class="app-chart__value" x="([\d.]+)"/.exec(svg)![1]);
    expect(valueX).toBeGreaterThan(north.x + north.width);
    expect(valueX).toBeLessThan(north.x + north.width + 10);
  });

  it('stacks each category into one bar whose length is the sum of its parts', () => {
    const svg = barChart(spec(compliance));
    const drawn = bars(svg);
    const north = drawn.filter((b) => b.y === drawn[0]!.y);
    expect(north.map((b) => b.series)).toEqual([1, 2, 3]);
    for (let i = 1; i < north.length; i++) {
      expect(north[i]!.x).toBeCloseTo(north[i - 1]!.x + north[i - 1]!.width, 0);
    }
    const total = (bs: Bar[]) => bs.reduce((sum, b) => sum + b.width, 0);
    const south = drawn.filter((b) => b.y !== drawn[0]!.y && b.series > 0).slice(0, 3);
    expect(total(south) / total(north)).toBeCloseTo(25 / 40, 2);
    expect(textsOf(svg, 'app-chart__value')).toEqual(['40', '25', '22']);
  });

  it('draws nothing for a zero part of a stacked bar', () => {
    const drawn = bars(barChart(spec(compliance)));
    expect(drawn).toHaveLength(8);
  });

  it('runs a percentage axis from 0% to 100%', () => {
    const svg = barChart(
      spec({ yFormat: 'percent', series: [{ name: 'On time', values: [0.92, 0.996, 0.61] }] }),
    );
    expect(textsOf(svg, 'app-chart__tick')).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(textsOf(svg, 'app-chart__value')).toEqual(['92%', '99.6%', '61%']);
  });

  it('grows taller with the number of categories', () => {
    const few = viewBoxHeight(barChart(spec()));
    const many = viewBoxHeight(
      barChart(
        spec({
          categories: [...teams, 'West', 'Central'],
          series: [{ name: 'Overdue', values: [1, 2, 3, 4, 5] }],
        }),
      ),
    );
    expect(many).toBeGreaterThan(few + 60);
  });

  it('wraps long category names instead of letting them run into the bars', () => {
    const svg = barChart(
      spec({ categories: ['North', 'South', 'A'.repeat(10) + ' B'.repeat(30)] }),
    );
    expect(svg).toContain('<tspan');
    const firstBarX = bars(svg)[0]!.x;
    expect(firstBarX).toBeLessThan(640 / 2);
  });

  it('tells series apart by fill pattern as well as colour, with a text legend', () => {
    const svg = barChart(spec(compliance));
    const fills = [...svg.matchAll(/<rect class="app-chart__legend-key"[^>]* fill="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(fills).toEqual(['#1d70b8', 'url(#by-team-fill-2)', 'url(#by-team-fill-3)']);
    expect(svg).toContain('<pattern id="by-team-fill-2"');
    expect(textsOf(svg, 'app-chart__legend-label')).toEqual(['Met on time', 'Met late', 'Overdue']);
  });

  it('escapes markup in categories and series names', () => {
    const svg = barChart(
      spec({
        categories: ['<script>alert(1)</script>', 'A & B', 'C'],
        series: [{ name: '"quoted" & <b>', values: [1, 2, 3] }],
      }),
    );
    expect(svg).not.toContain('<script>');
    expect(textsOf(svg, 'app-chart__label')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('<title>A &amp; B, &quot;quoted&quot; &amp; &lt;b&gt;: 2</title>');
  });
});

describe('describeBars', () => {
  it('names the highest and lowest categories of the first series', () => {
    expect(describeBars(spec(compliance))).toBe(
      'Met on time: highest North (30), lowest South (12). Also shows Met late, Overdue.',
    );
    expect(barChart(spec(compliance))).toContain(
      '<desc id="by-team-desc">Met on time: highest North (30)',
    );
  });
});

describe('barTable', () => {
  it('has one row per category and one column per series, with totals for stacked counts', () => {
    const table = barTable(spec(compliance), { title: 'Supervision by team', firstColumn: 'Team' });
    expect(table.columns.map((c) => c.label)).toEqual([
      'Team',
      'Met on time',
      'Met late',
      'Overdue',
      'Total',
    ]);
    expect(
      table.rows.map((r) => table.columns.map((c) => formatCell(c, r[c.key] ?? null))),
    ).toEqual([
      ['North', '30', '6', '4', '40'],
      ['South', '12', '8', '5', '25'],
      ['Leaving care and young people (east)', '20', '0', '2', '22'],
    ]);
  });

  it('uses percent columns for a percentage chart and leaves totals out', () => {
    const table = barTable(
      spec({ yFormat: 'percent', series: [{ name: 'On time', values: [0.5, 0.25, 1] }] }),
      { title: 'On time by team', firstColumn: 'Team' },
    );
    expect(table.columns.map((c) => c.kind)).toEqual(['text', 'percent']);
    expect(table.rows[0]).toEqual({ label: 'North', series1: 0.5 });
  });
});
