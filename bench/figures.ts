/**
 * What every benchmark reports: figures, each printed beside its floor (the least any program
 * could take for the same work on this machine, measured in the same run) with the ratio of the
 * two, and merged into bench/results.json under the benchmark's own key.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Unit = 'ms' | 's' | 'req/s' | 'rows/s' | 'MB';

export type Figure = {
  /** Stable key, e.g. `compliance.1x`. */
  id: string;
  label: string;
  value: number;
  unit: Unit;
  /** How many measurements the value is the median (or mean, for throughput) of. */
  n?: number;
  floor?: { label: string; value: number };
  /** value ÷ floor: above 1 for times (lower is better), below 1 for rates (higher is better). */
  ratio?: number;
  /** A target from the issues, as written there (e.g. `< 50 ms`), and whether it was met. */
  target?: { text: string; met: boolean };
};

export const resultsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');

export function figure(
  id: string,
  label: string,
  value: number,
  unit: Unit,
  extra: Omit<Figure, 'id' | 'label' | 'value' | 'unit' | 'ratio'> = {},
): Figure {
  const ratio = extra.floor ? value / extra.floor.value : undefined;
  return { id, label, value, unit, ...extra, ...(ratio === undefined ? {} : { ratio }) };
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function timed(times: number, fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return ms;
}

export function formatValue(value: number, unit: Unit): string {
  const digits = value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0;
  const text = value >= 10_000 ? Math.round(value).toLocaleString('en-GB') : value.toFixed(digits);
  return `${text} ${unit}`;
}

export function formatRatio(ratio: number): string {
  return ratio >= 100 ? Math.round(ratio).toLocaleString('en-GB') : ratio.toPrecision(2);
}

/** A table on stdout: figure, value, floor, ratio, target. */
export function printFigures(figures: Figure[]) {
  const rows = figures.map((f) => [
    f.label,
    formatValue(f.value, f.unit),
    f.n === undefined ? '' : String(f.n),
    f.floor ? `${formatValue(f.floor.value, f.unit)}  (${f.floor.label})` : '',
    f.ratio === undefined ? '' : `×${formatRatio(f.ratio)}`,
    f.target ? `${f.target.text} ${f.target.met ? 'met' : 'NOT met'}` : '',
  ]);
  const header = ['figure', 'value', 'N', 'floor', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(`\n${line(header)}`);
  for (const row of rows) console.log(line(row));
}

/** The machine and its load, recorded beside every section: other work slows every figure. */
export function machine(loadBefore: number) {
  return {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
  };
}

const fourFigures = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value;

/** Merges `{ ...details, figures }` into results.json under `section`, keeping other sections. */
export function writeSection(
  section: string,
  details: Record<string, unknown>,
  figures: Figure[],
): string {
  const existing = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const text = JSON.stringify(
    { ...existing, [section]: { ...details, figures } },
    fourFigures,
    2,
  ).replace(
    // Arrays of numbers on one line, as the formatter keeps them.
    /\[\s+([-\d.e,\s]+?)\s+\]/g,
    (_, items: string) => `[${items.split(/,\s+/).join(', ')}]`,
  );
  writeFileSync(resultsFile, `${text}\n`);
  return resultsFile;
}
