/**
 * Writes the figures of bench/results.json into docs/performance.md, between the markers
 * `<!-- figures:start -->` and `<!-- figures:end -->`, so the doc shows the last run's numbers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, formatRatio, formatValue, resultsFile } from './figures.ts';

const docFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'docs',
  'performance.md',
);

const sections: [string, string][] = [
  ['compliance', 'Compliance engine (no database)'],
  ['import', 'Import'],
  ['dashboard', 'Dashboards, reports and throughput (large council)'],
  ['start', 'Cold start and memory'],
];

type Section = {
  measuredAt: string;
  loadAverage: { before: number; after: number };
  figures: Figure[];
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

function table(section: Section): string[] {
  const date = section.measuredAt.slice(0, 10);
  const load = `${section.loadAverage.before.toFixed(1)} → ${section.loadAverage.after.toFixed(1)}`;
  const lines = [
    `Measured ${date}, one-minute load average ${load}.`,
    '',
    '| figure | value | N | floor | floor value | ratio | target |',
    '| --- | ---: | ---: | --- | ---: | ---: | --- |',
  ];
  for (const f of section.figures) {
    lines.push(
      `| ${cell(f.label.trim())} | ${formatValue(f.value, f.unit)} | ${f.n ?? ''} | ${cell(f.floor?.label ?? '')} | ${f.floor ? formatValue(f.floor.value, f.unit) : ''} | ${f.ratio === undefined ? '' : `×${formatRatio(f.ratio)}`} | ${f.target ? `${f.target.text}: ${f.target.met ? 'met' : '**not met**'}` : ''} |`,
    );
  }
  return lines;
}

export function renderFigures(results: Record<string, Section>): string {
  const out: string[] = [];
  for (const [key, title] of sections) {
    const section = results[key];
    if (!section?.figures) continue;
    out.push(`### ${title}`, '', ...table(section), '');
  }
  return out.join('\n');
}

export function writePerformanceDoc(): string {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const doc = readFileSync(docFile, 'utf8');
  const start = '<!-- figures:start -->';
  const end = '<!-- figures:end -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${docFile} has no ${start} … ${end} block`);
  const body = `${start}\n<!-- written by bench/report.ts from bench/results.json: do not edit by hand -->\n\n${renderFigures(results)}\n`;
  writeFileSync(docFile, doc.slice(0, from) + body + doc.slice(to));
  return path.relative(process.cwd(), docFile);
}
