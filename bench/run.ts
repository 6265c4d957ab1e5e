/**
 * `npm run bench`: every benchmark in turn, each in its own process (so each starts cold and
 * none inherits another's heap), then the figures table of docs/performance.md written again
 * from bench/results.json. `--only compliance,start` runs some; `--no-doc` leaves the doc alone.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writePerformanceDoc } from './report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Name, script, node flags: the engine at 4x holds about four million records in memory. */
const benchmarks: [string, string, string[]][] = [
  ['compliance', 'compliance.bench.ts', ['--max-old-space-size=12288']],
  ['import', 'import.bench.ts', []],
  ['dashboard', 'dashboard.bench.ts', ['--max-old-space-size=8192']],
  ['start', 'start.bench.ts', []],
];

const { values } = parseArgs({
  options: { only: { type: 'string' }, 'no-doc': { type: 'boolean' } },
});
const only = values.only?.split(',');
for (const [name, script, flags] of benchmarks) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(
    process.execPath,
    ['--max-semi-space-size=64', ...flags, '--import', 'tsx', path.join(here, script)],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`${name} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
if (!values['no-doc']) console.log(`\nFigures written into ${writePerformanceDoc()}`);
