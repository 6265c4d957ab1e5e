/**
 * A horizontal bar chart for comparing teams or areas. Names sit on the left (team names can be
 * long, so they wrap), values at the bar ends. Stacked bars show parts of a whole, such as
 * supervisions met on time, met late and overdue.
 */
import type { ReportTable } from '../report-table.ts';
import {
  axisColour,
  coord,
  escapeXml,
  fontSize,
  formatValue,
  gridColour,
  lineElement,
  niceTicks,
  seriesColour,
  svgDocument,
  textElement,
  textWidth,
  type ValueFormat,
  wrapWords,
} from './svg.ts';

export type BarSeries = { name: string; values: number[] };
export type BarChartSpec = {
  /** Unique on the page; the title, description and pattern ids are derived from it. */
  id: string;
  title: string;
  /** One sentence for screen readers; generated from the first series when omitted. */
  description?: string;
  categories: string[];
  series: BarSeries[];
  /** One bar per category made of every series, instead of one bar per series. */
  stacked?: boolean;
  /** 'percent' values are fractions (0.88 is 88%); the axis then runs 0–100%. */
  yFormat: ValueFormat;
};

const width = 640;
const barHeight = 24;
const barGap = 4;
const rowPadding = 12;
const legendRow = 28;
const lineHeight = fontSize * 1.2;
const maxLabelWidth = width * 0.36;

export function barChart(spec: BarChartSpec): string {
  const totals = spec.categories.map((_, c) => categoryValues(spec, c).reduce((a, b) => a + b, 0));
  const longest = spec.stacked
    ? Math.max(0, ...totals)
    : Math.max(0, ...spec.series.flatMap((s) => s.values.map(clean)));
  const ticks = niceTicks(
    spec.yFormat === 'percent' ? Math.max(1, longest) : longest,
    spec.yFormat,
  );
  const top = ticks.at(-1)!;
  const multi = spec.series.length > 1;
  const labelWidth = Math.min(
    maxLabelWidth,
    Math.max(0, ...spec.categories.map((c) => textWidth(c))),
  );
  const wrap = (text: string) =>
    wrapWords(text, Math.max(4, Math.floor(labelWidth / (fontSize * 0.6))));
  const endLabels = spec.categories.flatMap((_, c) =>
    spec.stacked ? [totals[c]!] : categoryValues(spec, c),
  );
  const valueWidth =
    Math.max(
      textWidth(formatValue(top, spec.yFormat)) / 2,
      ...endLabels.map((v) => textWidth(formatValue(v, spec.yFormat))),
    ) + 12;
  const plotLeft = 8 + labelWidth + 12;
  const plotRight = width - valueWidth;
  const scale = (v: number) => (v / top) * (plotRight - plotLeft);
  const barsPerRow = spec.stacked ? 1 : Math.max(1, spec.series.length);
  const barsHeight = barsPerRow * barHeight + (barsPerRow - 1) * barGap;

  let y = 8 + (multi ? spec.series.length * legendRow + 8 : 0);
  const plotTop = y;
  const rows = spec.categories.map((category, c) => {
    const lines = wrap(category);
    const rowHeight = Math.max(barsHeight, lines.length * lineHeight) + rowPadding * 2;
    const barsTop = y + (rowHeight - barsHeight) / 2;
    const label = textElement(lines, {
      x: plotLeft - 12,
      y: y + rowHeight / 2 - ((lines.length - 1) * lineHeight) / 2 + fontSize * 0.35,
      anchor: 'end',
      className: 'app-chart__label',
    });
    const bars = spec.stacked
      ? stackedBar(spec, c, totals[c]!, { left: plotLeft, top: barsTop, scale })
      : groupedBars(spec, c, { left: plotLeft, top: barsTop, scale });
    y += rowHeight;
    return `<g class="app-chart__category">${label}${bars}</g>`;
  });
  const plotBottom = y;
  const height = plotBottom + 16 + fontSize + 8;

  const body = [
    multi ? patternDefs(spec) : '',
    multi ? legend(spec) : '',
    xAxis(ticks, spec.yFormat, { left: plotLeft, top: plotTop, bottom: plotBottom, scale }),
    ...rows,
    lineElement(
      plotLeft,
      plotTop,
      plotLeft,
      plotBottom,
      'app-chart__axis',
      axisColour,
      ' stroke-width="2"',
    ),
  ];
  return svgDocument(
    {
      id: spec.id,
      title: spec.title,
      description: spec.description ?? describeBars(spec),
      width,
      height,
      className: 'app-chart--bar',
    },
    body,
  );
}

type Geometry = { left: number; top: number; scale: (v: number) => number };

/** Bars show amounts; negative or missing values are drawn as nothing. */
function clean(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function categoryValues(spec: BarChartSpec, category: number): number[] {
  return spec.series.map((s) => clean(s.values[category]));
}

function fillOf(spec: BarChartSpec, series: number): string {
  return series === 0 || spec.series.length === 1
    ? seriesColour(series)
    : `url(#${spec.id}-fill-${series + 1})`;
}

type BarAt = { series: number; category: number; value: number; x: number; y: number };

/** One bar or segment; its tooltip names the category, series and value for mouse users. */
function bar(spec: BarChartSpec, at: BarAt, g: Geometry): string {
  const length = g.scale(at.value);
  if (length <= 0) return '';
  const tooltip = `${spec.categories[at.category]}, ${spec.series[at.series]?.name}: ${formatValue(at.value, spec.yFormat)}`;
  return `<rect class="app-chart__bar app-chart__bar--series-${at.series + 1}" x="${coord(at.x)}" y="${coord(at.y)}" width="${coord(length)}" height="${barHeight}" fill="${fillOf(spec, at.series)}" stroke="${seriesColour(at.series)}" stroke-width="1"><title>${escapeXml(tooltip)}</title></rect>`;
}

function valueLabel(value: number, format: ValueFormat, x: number, barTop: number): string {
  return textElement(formatValue(value, format), {
    x: x + 6,
    y: barTop + barHeight / 2 + fontSize * 0.35,
    className: 'app-chart__value',
  });
}

function groupedBars(spec: BarChartSpec, category: number, g: Geometry): string {
  return categoryValues(spec, category)
    .map((value, s) => {
      const top = g.top + s * (barHeight + barGap);
      const end = g.left + g.scale(value);
      return (
        bar(spec, { series: s, category, value, x: g.left, y: top }, g) +
        valueLabel(value, spec.yFormat, end, top)
      );
    })
    .join('');
}

function stackedBar(spec: BarChartSpec, category: number, total: number, g: Geometry): string {
  let x = g.left;
  const segments = categoryValues(spec, category).map((value, s) => {
    const segment = bar(spec, { series: s, category, value, x, y: g.top }, g);
    x += g.scale(value);
    return segment;
  });
  return segments.join('') + valueLabel(total, spec.yFormat, x, g.top);
}

function xAxis(
  ticks: number[],
  format: ValueFormat,
  g: { left: number; top: number; bottom: number; scale: (v: number) => number },
): string {
  const parts = ticks.map((tick) => {
    const x = g.left + g.scale(tick);
    return [
      tick === 0 ? '' : lineElement(x, g.top, x, g.bottom, 'app-chart__grid', gridColour),
      textElement(formatValue(tick, format), {
        x,
        y: g.bottom + 16 + fontSize * 0.7,
        anchor: 'middle',
        className: 'app-chart__tick',
      }),
    ].join('');
  });
  const axis = lineElement(
    g.left,
    g.bottom,
    g.left + g.scale(ticks.at(-1)!),
    g.bottom,
    'app-chart__axis',
    axisColour,
    ' stroke-width="2"',
  );
  return `<g class="app-chart__axis app-chart__axis--x">${parts.join('')}${axis}</g>`;
}

/**
 * Fills that tell series apart without colour (WCAG 1.4.1) and survive greyscale printing:
 * the first series is solid, the others carry white stripes, dots or a cross-hatch.
 */
function patternDefs(spec: BarChartSpec): string {
  const marks = [
    '',
    '<rect width="3" height="8" fill="#ffffff"/>',
    '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>',
    '<rect width="8" height="2.5" fill="#ffffff"/>',
    '<rect width="2" height="8" fill="#ffffff"/><rect width="8" height="2" fill="#ffffff"/>',
  ];
  const rotations = ['', '45', '0', '-45', '45'];
  const patterns = spec.series.slice(1).map((_, i) => {
    const s = i + 1;
    const rotate = rotations[s % 5] ? ` patternTransform="rotate(${rotations[s % 5]})"` : '';
    return `<pattern id="${spec.id}-fill-${s + 1}" patternUnits="userSpaceOnUse" width="8" height="8"${rotate}><rect width="8" height="8" fill="${seriesColour(s)}"/>${marks[s % 5] || marks[1]}</pattern>`;
  });
  return `<defs>${patterns.join('')}</defs>`;
}

function legend(spec: BarChartSpec): string {
  const items = spec.series.map((s, i) => {
    const y = 8 + i * legendRow;
    return [
      `<rect class="app-chart__legend-key" x="4" y="${coord(y + 2)}" width="20" height="20" fill="${fillOf(spec, i)}" stroke="${seriesColour(i)}" stroke-width="1"/>`,
      textElement(s.name, {
        x: 32,
        y: y + 12 + fontSize * 0.35,
        className: 'app-chart__legend-label',
      }),
    ].join('');
  });
  return `<g class="app-chart__legend">${items.join('')}</g>`;
}

/** 'On time: highest North (92%), lowest East (61%). Also shows Late, Overdue.' */
export function describeBars(spec: BarChartSpec): string {
  const [first, ...others] = spec.series;
  const also = others.length > 0 ? ` Also shows ${others.map((s) => s.name).join(', ')}.` : '';
  if (!first || spec.categories.length === 0) return `${spec.title}: no data.${also}`;
  const points = spec.categories.map((category, c) => ({
    category,
    value: clean(first.values[c]),
  }));
  const say = (p: { category: string; value: number }) =>
    `${p.category} (${formatValue(p.value, spec.yFormat)})`;
  if (points.length === 1) return `${first.name}: ${say(points[0]!)}.${also}`;
  const highest = points.reduce((a, b) => (b.value > a.value ? b : a));
  const lowest = points.reduce((a, b) => (b.value < a.value ? b : a));
  return `${first.name}: highest ${say(highest)}, lowest ${say(lowest)}.${also}`;
}

/** The table shown beside the chart: one row per category, one column per series. */
export function barTable(
  spec: BarChartSpec,
  options: { title: string; firstColumn: string; total?: boolean },
): ReportTable {
  const kind = spec.yFormat === 'percent' ? 'percent' : 'number';
  const withTotal = options.total ?? (spec.stacked === true && spec.yFormat === 'count');
  return {
    title: options.title,
    columns: [
      { key: 'label', label: options.firstColumn, kind: 'text' },
      ...spec.series.map((s, i) => ({ key: `series${i + 1}`, label: s.name, kind }) as const),
      ...(withTotal ? [{ key: 'total', label: 'Total', kind } as const] : []),
    ],
    rows: spec.categories.map((label, c) => {
      const row: ReportTable['rows'][number] = { label };
      spec.series.forEach((s, i) => {
        const value = s.values[c];
        row[`series${i + 1}`] = typeof value === 'number' && Number.isFinite(value) ? value : null;
      });
      if (withTotal) row.total = categoryValues(spec, c).reduce((a, b) => a + b, 0);
      return row;
    }),
  };
}
