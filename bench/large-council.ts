/**
 * The organisation the server-side benchmarks run on: the large council of
 * `oversight demo --scale large` (1,500 staff, 15,000 children, five years, about a million
 * records), from a fixed seed and as-of date so every run measures the same data. It is loaded
 * into bench/.data (or DATABASE_URL's server) once, and loaded again only when what is stored no
 * longer matches what the generator gives.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { type Database, openDatabase } from '../src/data-access/connection.ts';
import type { IsoDate } from '../src/domain/calendar/index.ts';
import { councilBundle } from '../src/services/demo/council-bundle.ts';
import { largeCouncilOptions, loadScaleDemo } from '../src/services/demo/scale-demo.ts';

export const largeAsOf: IsoDate = '2026-11-23';
export const largeSeed = 2026;
export const largeSlug = 'large-council';

export const benchDataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');

export type LargeCouncil = {
  database: Database;
  organisationId: string;
  size: { staff: number; children: number; sessions: number; records: number };
  /** Seconds the import took in this run; null when the stored organisation was reused. */
  importSeconds: number | null;
};

async function storedRecords(pool: pg.Pool): Promise<number | undefined> {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*)::int FROM supervision_record r WHERE r.organisation_id = o.id) AS n
     FROM organisation o WHERE o.slug = $1`,
    [largeSlug],
  );
  return rows[0]?.n;
}

export async function openLargeCouncil(): Promise<LargeCouncil> {
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: benchDataDir,
  });
  const bundle = councilBundle(largeCouncilOptions(largeAsOf, largeSeed));
  const size = {
    staff: bundle.staff.length,
    children: bundle.children.length,
    sessions: bundle.sessions.length,
    records: bundle.records.length,
  };
  let importSeconds: number | null = null;
  if ((await storedRecords(database.pool)) !== size.records) {
    console.log(`Loading the large council (${size.records.toLocaleString('en-GB')} records)…`);
    const started = performance.now();
    await loadScaleDemo(database.pool, 'large', {
      seed: largeSeed,
      today: largeAsOf,
      reset: true,
    });
    importSeconds = (performance.now() - started) / 1000;
    console.log(`Loaded in ${importSeconds.toFixed(0)} s`);
  }
  const { rows } = await database.pool.query('SELECT id FROM organisation WHERE slug = $1', [
    largeSlug,
  ]);
  return { database, organisationId: rows[0].id, size, importSeconds };
}
