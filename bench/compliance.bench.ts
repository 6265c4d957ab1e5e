/**
 * Benchmark (not a test): the compliance engine over the large council at 1x (1,500 staff,
 * 15,000 children, five years of history), 2x and 4x, generated from a seed by the same
 * generator as `oversight demo --scale large`.
 *
 * Each figure stands beside its floor, measured on the same bundle in the same run: one pass that
 * indexes every session and record by the people and children it names and sorts each list by
 * date, the least any evaluator must do before it can judge a single obligation. The engine's
 * time per unit of scale, against 1x's, says whether it grows linearly.
 * Run: node --max-old-space-size=12288 --import tsx bench/compliance.bench.ts [--scales 1,2,4]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Bundle } from '../src/domain/bundle/schema.ts';
import { workingCalendarForRegion } from '../src/domain/calendar/index.ts';
import { evaluateCompliance } from '../src/domain/compliance/index.ts';
import { getPack } from '../src/domain/policy/index.ts';
import { councilBundle } from '../src/services/demo/council-bundle.ts';
import { largeCouncilOptions } from '../src/services/demo/scale-demo.ts';
import { type Figure, figure, machine, median, printFigures, writeSection } from './figures.ts';
import { largeAsOf, largeSeed } from './large-council.ts';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,2,4' },
    runs: { type: 'string', default: '3' },
  },
});

/** The floor: every session and record indexed by whom it names, each list sorted by date. */
function indexRows(bundle: Bundle): number {
  const byPerson = new Map<string, { date: string }[]>();
  const add = (key: string, row: { date: string }) => {
    const list = byPerson.get(key);
    if (list) list.push(row);
    else byPerson.set(key, [row]);
  };
  for (const s of bundle.sessions) for (const p of s.participantIds) add(p, s);
  for (const r of bundle.records) {
    for (const p of r.staffIds) add(p, r);
    for (const c of r.childIds) add(c, r);
  }
  for (const list of byPerson.values()) list.sort((a, b) => (a.date < b.date ? -1 : 1));
  return byPerson.size;
}

function timeRuns(runs: number, fn: () => unknown): number {
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    fn();
    ms.push(performance.now() - started);
  }
  return median(ms);
}

async function main() {
  const loadBefore = os.loadavg()[0]!;
  const runs = Number(values.runs);
  const calendar = workingCalendarForRegion('england-and-wales');
  const figures: Figure[] = [];
  const sizes: Record<string, unknown> = {};
  let perUnitAt1x: number | undefined;
  for (const scale of values.scales.split(',').map(Number)) {
    const bundle = councilBundle(largeCouncilOptions(largeAsOf, largeSeed, scale));
    const pack = getPack(bundle.organisation.policy);
    if (!pack) throw new Error(`unknown pack ${bundle.organisation.policy}`);
    let obligations = 0;
    const ms = timeRuns(runs, () => {
      obligations = evaluateCompliance(bundle, pack, largeAsOf, { calendar }).length;
    });
    const floorMs = timeRuns(runs, () => indexRows(bundle));
    sizes[`${scale}x`] = {
      staff: bundle.staff.length,
      children: bundle.children.length,
      sessions: bundle.sessions.length,
      records: bundle.records.length,
      obligations,
    };
    perUnitAt1x ??= ms / scale;
    figures.push(
      figure(
        `compliance.${scale}x`,
        `compliance engine, ${scale}x (${bundle.records.length.toLocaleString('en-GB')} records, ${obligations.toLocaleString('en-GB')} obligations)`,
        ms,
        'ms',
        { n: runs, floor: { label: 'indexing the same rows by person and date', value: floorMs } },
      ),
    );
    if (scale !== 1)
      figures.push(
        figure(
          `compliance.${scale}x-per-unit`,
          `  time per 1x of data at ${scale}x`,
          ms / scale,
          'ms',
          { floor: { label: 'the same at the first scale measured', value: perUnitAt1x } },
        ),
      );
    console.log(`${scale}x: ${ms.toFixed(0)} ms (floor ${floorMs.toFixed(0)} ms)`);
  }
  printFigures(figures);
  writeSection(
    'compliance',
    { ...machine(loadBefore), runs, asOf: largeAsOf, seed: largeSeed, sizes },
    figures,
  );
}

await main();
