/**
 * Benchmark (not a test): importing a council's children from CSV, as a case-management export
 * would deliver them: 15,000 children, then their status episodes and allocations (over 60,000
 * rows), into an organisation that already holds its staff. Each file is imported, then
 * imported again (nothing changes), then the whole organisation is exported. Runs on the
 * embedded PostgreSQL in a temporary directory, or on DATABASE_URL's server.
 * Run: npm run bench (or: node --import tsx bench/import.bench.ts [--children 15000]).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import '../src/data-access/connection.ts';
import { startEmbeddedPostgres } from '../src/data-access/embedded-postgres.ts';
import { repositories } from '../src/data-access/index.ts';
import { migrate } from '../src/data-access/migrate.ts';
import type { Bundle } from '../src/domain/bundle/schema.ts';
import { councilBundle } from '../src/services/demo/council-bundle.ts';
import { importService } from '../src/services/import/import-service.ts';
import { figure, machine, median, printFigures, timed, writeSection } from './figures.ts';

const { values } = parseArgs({ options: { children: { type: 'string', default: '15000' } } });
const childCount = Number(values.children);

const field = (v: string | undefined) => v ?? '';
const csv = (header: string[], rows: (string | undefined)[][]) =>
  [header.join(','), ...rows.map((r) => r.map(field).join(','))].join('\n');

/** The bundle's children as the three files a case-management export would give. */
function childFiles(bundle: Bundle) {
  return {
    children: csv(
      ['child_id', 'name', 'date_of_birth', 'expected_date_of_birth', 'opened_on', 'closed_on'],
      bundle.children.map((c) => [
        c.id,
        c.name,
        c.dateOfBirth,
        c.expectedDateOfBirth,
        c.openedAt,
        c.closedAt,
      ]),
    ),
    'child-statuses': csv(
      ['child_id', 'status', 'from', 'to'],
      bundle.children.flatMap((c) => c.statuses.map((s) => [c.id, s.status, s.from, s.to])),
    ),
    allocations: csv(
      ['child_id', 'worker_id', 'role', 'from', 'to'],
      bundle.children.flatMap((c) =>
        c.allocations.map((a) => [c.id, a.workerId, a.role, a.from, a.to]),
      ),
    ),
  } as const;
}

async function* chunksOf(text: string, size = 256 * 1024) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), 'oversight-bench-'));
  const server = await startEmbeddedPostgres(dir);
  return {
    url: server.connectionString,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The floor: each file's lines split on commas and inserted, as text, by one INSERT … SELECT
 * FROM unnest(…) into a temporary table of its columns; no checking, matching or history.
 */
async function rawInsert(pool: pg.Pool, files: ReturnType<typeof childFiles>) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const text of Object.values(files)) {
      const [header, ...lines] = text.split('\n');
      const columns = header!.split(',');
      const cells = lines.map((line) => line.split(','));
      const table = `raw_${columns.length}_${Date.now()}`;
      await client.query(
        `CREATE TEMP TABLE ${table} (${columns.map((c) => `"${c}" text`).join(', ')}) ON COMMIT DROP`,
      );
      await client.query(
        `INSERT INTO ${table} SELECT * FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')})`,
        columns.map((_, i) => cells.map((row) => row[i] || null)),
      );
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function main() {
  const loadBefore = os.loadavg()[0]!;
  const db = await database();
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const name = `oversight_bench_${Date.now().toString(36)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(db.url);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  try {
    await migrate(pool);
    const imports = importService(repositories(pool));
    const bundle = councilBundle({ children: childCount, today: '2026-11-23' });
    const organisation = bundle.organisation.id;
    const people = { ...bundle, children: [], sessions: [], records: [], audits: [], actions: [] };
    const setup = await imports.importFile({ kind: 'bundle', chunks: [JSON.stringify(people)] });
    if (!setup.applied) throw new Error(JSON.stringify(setup.problems.slice(0, 5)));
    console.log(
      `Organisation: ${bundle.staff.length.toLocaleString('en-GB')} staff, ${bundle.orgUnits.length} units`,
    );

    const files = childFiles(bundle);
    const rows = Object.fromEntries(
      Object.entries(files).map(([k, text]) => [k, text.split('\n').length - 1]),
    );
    const timings: Record<string, number[]> = {};
    for (const pass of [0, 1] as const) {
      for (const [kind, text] of Object.entries(files)) {
        const started = performance.now();
        const report = await imports.importFile({
          kind: kind as 'children',
          chunks: chunksOf(text),
          organisation,
        });
        const ms = performance.now() - started;
        if (report.problems.length > 0)
          throw new Error(`${kind}: ${JSON.stringify(report.problems.slice(0, 5))}`);
        if (pass === 1 && report.applied)
          throw new Error(`${kind}: the second import changed something`);
        timings[kind] = [...(timings[kind] ?? []), ms];
      }
    }
    const total = (pass: 0 | 1) =>
      Object.values(timings).reduce((sum, t) => sum + (t[pass] ?? 0), 0);
    const allRows = Object.values(rows).reduce((a, b) => a + b, 0);
    const floorMs = median(await timed(3, () => rawInsert(pool, files)));
    const rate = (ms: number) => allRows / (ms / 1000);
    const floor = {
      label: 'the same rows split and inserted by one raw SQL statement per file',
      value: rate(floorMs),
    };
    const figures = [
      figure(
        'import.first',
        `import of children, statuses and allocations (${allRows.toLocaleString('en-GB')} rows), first time`,
        rate(total(0)),
        'rows/s',
        { n: 1, floor },
      ),
      figure('import.again', '  the same files again (nothing changes)', rate(total(1)), 'rows/s', {
        n: 1,
        floor,
      }),
    ];
    for (const [kind, [first = 0]] of Object.entries(timings))
      console.log(
        `${kind.padEnd(16)} ${String(rows[kind]).padStart(6)} rows  ${(first / 1000).toFixed(2)} s`,
      );
    const exportStart = performance.now();
    const organisationId = (await repositories(pool).organisations.findBySlug(organisation))!.id;
    await repositories(pool).organisationData.loadBundle(organisationId);
    const exportMs = performance.now() - exportStart;
    printFigures(figures);
    console.log(`\nExport of the whole organisation: ${(exportMs / 1000).toFixed(2)} s`);
    writeSection(
      'import',
      {
        ...machine(loadBefore),
        rows,
        seconds: {
          first: total(0) / 1000,
          again: total(1) / 1000,
          floor: floorMs / 1000,
          export: exportMs / 1000,
        },
      },
      figures,
    );
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await db.stop();
  }
}

await main();
