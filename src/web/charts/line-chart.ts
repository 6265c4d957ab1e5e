/**
 * A line chart for monthly trends (x = month labels such as 'Mar 2026'). A null value is a
 * month with no data: the line breaks there rather than pretending to know.
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

export type LineStyle = 'solid' | 'dashed' | 'dotted';
export type LineSeries = { name: string; values: (number | null)[]; style?: LineStyle };
export type LineChartSpec = {
  /** Unique on the page; the title and description ids are derived from it. */
  id: string;
  title: string;
  /** One sentence for screen readers; generated from the first series when omitted. */
  description?: string;
  xLabels: string[];
  series: LineSeries[];
  /** The top of the y axis before rounding up to a tick; percent defaults to 100%. */
  yMax?: number;
  /** 'percent' values are fractions (0.88 is 88%). */
  yFormat: ValueFormat;
};

const width = 640;
const plotHeight = 240;
const rightMargin = 20;
const legendRow = 28;
const lineHeight = fontSize * 1.2;
const styleOrder: LineStyle[] = ['solid', 'dashed', 'dotted'];
const dashArrays: Record<LineStyle, string> = { solid: '', dashed: '10 6', dotted: '1 7' };

type Point = { x: number; y: number };

export function lineChart(spec: LineChartSpec): string {
  const dataMax = Math.max(0, ...spec.series.flatMap((s) => s.values.filter(isValue)));
  const ticks = niceTicks(
    Math.max(dataMax, spec.yMax ?? (spec.yFormat === 'percent' ? 1 : 0)),
    spec.yFormat,
  );
  const top = ticks.at(-1)!;
  const tickLabels = ticks.map((t) => formatValue(t, spec.yFormat));
  const showLegend = spec.series.length > 1;
  const plotTop = 12 + (showLegend ? spec.series.length * legendRow + 12 : 0);
  const left = Math.max(...tickLabels.map((l) => textWidth(l))) + 16;
  const band = (width - left - rightMargin) / Math.max(1, spec.xLabels.length);
  const xAxis = xAxisLayout(spec.xLabels, band);
  const plotBottom = plotTop + plotHeight;
  const height = plotBottom + 14 + xAxis.lines * lineHeight;
  const x = (i: number) => left + band * (i + 0.5);
  const y = (v: number) => plotBottom - (Math.max(0, v) / top) * plotHeight;

  const body = [
    showLegend ? legend(spec.series) : '',
    yAxis(ticks, tickLabels, left, width - rightMargin, y),
    lineElement(
      left,
      plotBottom,
      width - rightMargin,
      plotBottom,
      'app-chart__axis',
      axisColour,
      ' stroke-width="2"',
    ),
    ...spec.xLabels.map((label, i) =>
      i % xAxis.every === 0
        ? textElement(xAxis.wrap(label), {
            x: x(i),
            y: plotBottom + 8 + fontSize,
            anchor: 'middle',
            className: 'app-chart__tick',
          })
        : '',
    ),
    ...spec.series.map((series, s) =>
      seriesLines(
        series,
        s,
        series.values.map((v, i) => (isValue(v) ? { x: x(i), y: y(v) } : null)),
      ),
    ),
  ];
  return svgDocument(
    {
      id: spec.id,
      title: spec.title,
      description: spec.description ?? describeTrend(spec),
      width,
      height,
      className: 'app-chart--line',
    },
    body,
  );
}

function isValue(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Wraps month labels onto two lines ('Mar' over '2026'); thins them out if still too wide. */
function xAxisLayout(labels: string[], band: number) {
  const maxChars = Math.max(1, Math.floor((band - 4) / (fontSize * 0.6)));
  const wrap = (label: string) => wrapWords(label, maxChars);
  const wrapped = labels.map(wrap);
  const widest = Math.max(0, ...wrapped.flat().map((line) => textWidth(line)));
  return {
    wrap,
    lines: Math.max(1, ...wrapped.map((l) => l.length)),
    every: Math.max(1, Math.ceil((widest + 8) / band)),
  };
}

function yAxis(
  ticks: number[],
  labels: string[],
  left: number,
  right: number,
  y: (v: number) => number,
): string {
  const parts = ticks.map((tick, i) =>
    [
      i === 0 ? '' : lineElement(left, y(tick), right, y(tick), 'app-chart__grid', gridColour),
      textElement(labels[i]!, {
        x: left - 8,
        y: y(tick) + fontSize * 0.35,
        anchor: 'end',
        className: 'app-chart__tick',
      }),
    ].join(''),
  );
  return `<g class="app-chart__axis app-chart__axis--y">${parts.join('')}</g>`;
}

function styleOf(series: LineSeries, index: number): LineStyle {
  return series.style ?? styleOrder[index % styleOrder.length]!;
}

function strokeAttributes(style: LineStyle, colour: string): string {
  const dash = dashArrays[style] ? ` stroke-dasharray="${dashArrays[style]}"` : '';
  return ` fill="none" stroke="${colour}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"${dash}`;
}

/** Consecutive points with data; a null starts a new segment. */
function segments(points: (Point | null)[]): Point[][] {
  const runs: Point[][] = [[]];
  for (const point of points) {
    if (point) runs.at(-1)!.push(point);
    else if (runs.at(-1)!.length > 0) runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}

function seriesLines(series: LineSeries, index: number, points: (Point | null)[]): string {
  const colour = seriesColour(index);
  const style = styleOf(series, index);
  const paths = segments(points)
    .filter((run) => run.length > 1)
    .map(
      (run) =>
        `<path class="app-chart__line app-chart__line--${style}" d="${run
          .map((p, i) => `${i === 0 ? 'M' : 'L'}${coord(p.x)} ${coord(p.y)}`)
          .join(' ')}"${strokeAttributes(style, colour)}/>`,
    );
  const markers = points.flatMap((p) => (p ? [marker(index, p, colour)] : []));
  return `<g class="app-chart__series" data-series="${escapeXml(series.name)}">${paths.join('')}${markers.join('')}</g>`;
}

/** A marker shape per series (circle, square, triangle, diamond, inverted triangle). */
function marker(index: number, p: Point, colour: string): string {
  const attrs = `class="app-chart__marker" fill="${colour}" stroke="#ffffff" stroke-width="1.5"`;
  const { x, y } = p;
  const path = (d: string) => `<path ${attrs} d="${d}"/>`;
  switch (index % 5) {
    case 0:
      return `<circle ${attrs} cx="${coord(x)}" cy="${coord(y)}" r="5.5"/>`;
    case 1:
      return `<rect ${attrs} x="${coord(x - 5)}" y="${coord(y - 5)}" width="10" height="10"/>`;
    case 2:
      return path(
        `M${coord(x)} ${coord(y - 7)}L${coord(x + 7)} ${coord(y + 5)}L${coord(x - 7)} ${coord(y + 5)}Z`,
      );
    case 3:
      return path(
        `M${coord(x)} ${coord(y - 7)}L${coord(x + 7)} ${coord(y)}L${coord(x)} ${coord(y + 7)}L${coord(x - 7)} ${coord(y)}Z`,
      );
    default:
      return path(
        `M${coord(x)} ${coord(y + 7)}L${coord(x + 7)} ${coord(y - 5)}L${coord(x - 7)} ${coord(y - 5)}Z`,
      );
  }
}

function legend(series: LineSeries[]): string {
  const items = series.map((s, i) => {
    const y = 12 + i * legendRow + legendRow / 2;
    const colour = seriesColour(i);
    return [
      `<path class="app-chart__legend-line" d="M4 ${coord(y)} L44 ${coord(y)}"${strokeAttributes(styleOf(s, i), colour)}/>`,
      marker(i, { x: 24, y }, colour),
      textElement(s.name, { x: 54, y: y + fontSize * 0.35, className: 'app-chart__legend-label' }),
    ].join('');
  });
  return `<g class="app-chart__legend">${items.join('')}</g>`;
}

/**
 * 'On time, Mar 2026 to Feb 2027: lowest 71% in Aug 2026, highest 92% in Apr 2026, latest 88%
 * in Feb 2027.' The first series is the one summarised; others are named.
 */
export function describeTrend(spec: LineChartSpec): string {
  const [first, ...others] = spec.series;
  const labels = spec.xLabels;
  const span = labels.length > 1 ? `${labels[0]} to ${labels.at(-1)}` : (labels[0] ?? '');
  const also = others.length > 0 ? ` Also shows ${others.map((s) => s.name).join(', ')}.` : '';
  const points = (first?.values ?? [])
    .map((value, i) => ({ value, label: labels[i] ?? '' }))
    .filter((p): p is { value: number; label: string } => isValue(p.value));
  if (!first || points.length === 0) return `${spec.title}, ${span}: no data.${also}`;
  const say = (p: { value: number; label: string }) =>
    `${formatValue(p.value, spec.yFormat)} in ${p.label}`;
  const lowest = points.reduce((a, b) => (b.value < a.value ? b : a));
  const highest = points.reduce((a, b) => (b.value > a.value ? b : a));
  const latest = points.at(-1)!;
  const summary =
    points.length === 1
      ? say(latest)
      : `lowest ${say(lowest)}, highest ${say(highest)}, latest ${say(latest)}`;
  return `${first.name}, ${span}: ${summary}.${gaps(first, labels)}${also}`;
}

function gaps(series: LineSeries, labels: string[]): string {
  const missing = labels.filter((_, i) => !isValue(series.values[i]));
  if (missing.length === 0) return '';
  if (missing.length <= 3) return ` No data for ${missing.join(', ')}.`;
  return ` No data for ${missing.length} of ${labels.length} points.`;
}

/** The table shown beside the chart: one row per x label, one column per series. */
export function trendTable(
  spec: LineChartSpec,
  options: { title: string; firstColumn: string },
): ReportTable {
  const kind = spec.yFormat === 'percent' ? 'percent' : 'number';
  return {
    title: options.title,
    columns: [
      { key: 'label', label: options.firstColumn, kind: 'text' },
      ...spec.series.map((s, i) => ({ key: `series${i + 1}`, label: s.name, kind }) as const),
    ],
    rows: spec.xLabels.map((label, i) => {
      const row: ReportTable['rows'][number] = { label };
      spec.series.forEach((s, j) => {
        const value = s.values[i];
        row[`series${j + 1}`] = isValue(value) ? value : null;
      });
      return row;
    }),
  };
}
