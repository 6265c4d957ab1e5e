/**
 * Benchmark (not a test): the compliance engine over synthetic organisations at 1x (1,500 staff,
 * 15,000 children, 5 years of history), 2x and 4x. Run: npx tsx bench/compliance.bench.ts
 * [--packs durham-one-point-2022,manchester] [--scales 1,2,4]. Deterministic from a seed.
 */
import { parseArgs } from 'node:util';
import { workingCalendarForRegion } from '../src/domain/calendar/index.ts';
import { evaluateCompliance } from '../src/domain/compliance/index.ts';
import { getPack } from '../src/domain/policy/index.ts';
import { syntheticAsOf as asOf, syntheticBundle } from './synthetic-council.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main() {
  const { values } = parseArgs({
    options: {
      packs: { type: 'string', default: 'durham-one-point-2022,manchester,systemic-4x4x4' },
      scales: { type: 'string', default: '1,2,4' },
      runs: { type: 'string', default: '3' },
    },
  });
  const calendar = workingCalendarForRegion('england-and-wales');
  const scales = values.scales.split(',').map(Number);
  const runs = Number(values.runs);
  console.log(`node ${process.version}; as of ${asOf}; median of ${runs} runs`);
  for (const packId of values.packs.split(',')) {
    const pack = getPack(packId);
    if (!pack) throw new Error(`unknown pack ${packId}`);
    let base = 0;
    for (const scale of scales) {
      const bundle = syntheticBundle(scale, packId);
      const times: number[] = [];
      let count = 0;
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        count = evaluateCompliance(bundle, pack, asOf, { calendar }).length;
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      if (scale === scales[0]) base = ms / scale;
      console.log(
        `${packId.padEnd(24)} ${String(scale).padStart(2)}x  staff ${bundle.staff.length}  children ${bundle.children.length}  sessions ${bundle.sessions.length}  records ${bundle.records.length}  obligations ${count}  ${ms.toFixed(0)} ms  ratio ${(ms / (base * (scales[0] ?? 1))).toFixed(2)}`,
      );
    }
  }
}

void main();
