/**
 * Shared pieces of the server-rendered SVG charts: escaping, value formatting, axis ticks, the
 * accessible root element and the series styles. Charts are role="img" with a title and a
 * one-sentence description; the data table beside each chart carries the detail.
 */
import { formatNumber, formatPercent } from '../report-table.ts';

export type ValueFormat = 'percent' | 'count';

/** GOV.UK palette colours, each at least 3:1 against white (non-text contrast, WCAG 1.4.11). */
export const seriesColours = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#505a5f'] as const;
export const textColour = '#0b0c0c';
export const axisColour = '#505a5f';
export const gridColour = '#b1b4b6';
export const fontSize = 16;
/** Rough width of an average character, in ems, for laying out labels without a DOM. */
const charWidthEm = 0.6;

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for XML content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** A coordinate to one decimal place, so the SVG stays small. */
export function coord(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function formatValue(value: number, format: ValueFormat): string {
  return format === 'percent' ? formatPercent(value) : formatNumber(value);
}

/** Estimated width in pixels of text at the chart font size. */
export function textWidth(text: string, size = fontSize): number {
  return text.length * size * charWidthEm;
}

/**
 * Axis ticks from 0 up to a round number at or above max, stepping by 1, 2 or 5 times a power
 * of ten. Counts step by whole numbers; percentages (fractions) step by 0.2, 0.25 and so on.
 */
export function niceTicks(max: number, format: ValueFormat, target = 5): number[] {
  const top = Number(Math.max(0, max).toPrecision(12));
  if (top === 0) return format === 'percent' ? [0, 0.25, 0.5, 0.75, 1] : [0, 1];
  const rough = top / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  // 2.5 is a round step for 25s and quarters, but not for counts under 10 (0, 3, 6...).
  const multiples = format === 'count' && magnitude < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const multiple = multiples.find((m) => m * magnitude >= rough - 1e-12) ?? 10;
  let step = multiple * magnitude;
  if (format === 'count') step = Math.max(1, Math.ceil(step));
  const steps = Math.ceil(Number((top / step).toPrecision(12)));
  return Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Splits a label into lines of at most maxChars where it can, breaking only at spaces. */
export function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= maxChars) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

const idPattern = /^[A-Za-z][\w-]*$/;

export type SvgRoot = {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  className: string;
};

/** The accessible root: role="img", labelled by its own title and described by its summary. */
export function svgDocument(root: SvgRoot, body: string[]): string {
  if (!idPattern.test(root.id)) throw new Error(`Chart id must be a plain HTML id: ${root.id}`);
  const id = root.id;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart ${root.className}" id="${id}"`,
    ` role="img" aria-labelledby="${id}-title ${id}-desc"`,
    ` viewBox="0 0 ${coord(root.width)} ${coord(root.height)}" width="100%"`,
    ` preserveAspectRatio="xMidYMid meet" font-family="arial, sans-serif"`,
    ` font-size="${fontSize}" fill="${textColour}">`,
    `<title id="${id}-title">${escapeXml(root.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(root.description)}</desc>`,
    ...body,
    '</svg>',
  ].join('');
}

export type TextOptions = {
  x: number;
  y: number;
  anchor?: 'start' | 'middle' | 'end';
  className: string;
  weight?: 'bold';
  fill?: string;
};

/** A text element; several lines become tspans one line-height apart. */
export function textElement(content: string | string[], options: TextOptions): string {
  const lines = typeof content === 'string' ? [content] : content;
  const anchor = options.anchor ? ` text-anchor="${options.anchor}"` : '';
  const weight = options.weight ? ` font-weight="${options.weight}"` : '';
  const fill = options.fill ? ` fill="${options.fill}"` : '';
  const x = coord(options.x);
  const inner =
    lines.length === 1
      ? escapeXml(lines[0]!)
      : lines
          .map(
            (line, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : '1.2em'}">${escapeXml(line)}</tspan>`,
          )
          .join('');
  return `<text class="${options.className}" x="${x}" y="${coord(options.y)}"${anchor}${weight}${fill}>${inner}</text>`;
}

export function lineElement(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  className: string,
  stroke: string,
  extra = '',
): string {
  return `<line class="${className}" x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}" stroke="${stroke}"${extra}/>`;
}

export function seriesColour(index: number): string {
  return seriesColours[index % seriesColours.length]!;
}
