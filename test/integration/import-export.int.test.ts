import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repositories } from '../../src/data-access/index.ts';
import { normaliseBundle } from '../../src/domain/bundle/normalise.ts';
import { parseBundle } from '../../src/domain/bundle/parse.ts';
import type { Bundle } from '../../src/domain/bundle/schema.ts';
import { type FileKind, importService } from '../../src/services/import/import-service.ts';
import { freshDatabase } from '../support/database.ts';

const run = promisify(execFile);
const fixtures = path.resolve('test/fixtures/import');
const exampleBundle = path.resolve('examples/bundle-small.json');

async function oversight(databaseUrl: string, ...args: string[]) {
  return run(process.execPath, ['bin/oversight.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function emptyOrganisation() {
  const pool = await freshDatabase();
  const repos = repositories(pool);
  const imports = importService(repos);
  const file = (name: string, kind?: FileKind, dryRun = false) =>
    imports.importFile({
      kind: kind ?? (name.endsWith('.json') ? 'bundle' : (name.replace(/\.csv$/, '') as FileKind)),
      chunks: createReadStream(path.join(fixtures, name), { encoding: 'utf8', highWaterMark: 64 }),
      organisation: 'example-council',
      dryRun,
    });
  const start: Bundle = {
    format: 'oversight-bundle/1',
    organisation: {
      id: 'example-council',
      name: 'Example Council',
      policy: 'northumberland-2024',
      bankHolidayRegion: 'england-and-wales',
    },
    orgUnits: [],
    staff: [],
    relationships: [],
    absences: [],
    children: [],
    sessions: [],
    records: [],
    audits: [],
    actions: [],
  };
  const created = await imports.importFile({
    kind: 'bundle',
    chunks: [JSON.stringify(start)] as unknown as AsyncIterable<string>,
  });
  expect(created.applied).toBe(true);
  const organisationId = (await repos.organisations.findBySlug('example-council'))!.id;
  const stored = async () => (await repos.organisationData.loadBundle(organisationId))!;
  return { pool, repos, imports, file, stored, organisationId };
}

describe('importing CSV files', () => {
  it('imports each kind of file in turn, reading headings as HR and case-management exports write them', async () => {
    const { file, stored } = await emptyOrganisation();
    for (const name of ['org-units', 'staff', 'children', 'child-statuses', 'allocations']) {
      const report = await file(`${name}.csv`);
      expect(report.problems, name).toEqual([]);
      expect(report.applied, name).toBe(true);
    }
    const bundle = await stored();
    expect(bundle.staff.map((s) => s.name)).toEqual([
      'Priya Shah',
      'Tom Reid',
      'Ana Costa',
      'Ben Okafor',
    ]);
    const ana = bundle.staff.find((s) => s.id === 'E102')!;
    expect(ana).toMatchObject({
      startDate: '2024-01-15',
      asyeStartDate: '2024-01-15',
      lineManagerId: 'E101',
      teamId: 'T-ASSESS',
    });
    expect(ana.registration).toEqual({ body: 'Social Work England', number: 'SW100003' });
    const alpha = bundle.children.find((c) => c.id === '1000001')!;
    expect(alpha.statuses).toEqual([
      { status: 'child_in_need', from: '2025-01-10', to: '2025-04-30' },
      { status: 'child_protection', from: '2025-05-01' },
    ]);
    expect(bundle.children.find((c) => c.id === '1000002')!.allocations).toEqual([
      { workerId: 'E102', role: 'key_worker', from: '2025-06-01' },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const { file, pool } = await emptyOrganisation();
    await file('org-units.csv');
    await file('staff.csv');
    const before = (await pool.query('SELECT external_id, updated_at FROM staff_member ORDER BY 1'))
      .rows;
    const again = await file('staff.csv');
    expect(again.applied).toBe(false);
    expect(again.changes?.staff).toEqual({ added: 0, changed: 0, unchanged: 4 });
    expect(
      (await pool.query('SELECT external_id, updated_at FROM staff_member ORDER BY 1')).rows,
    ).toEqual(before);
  });

  it('reports every problem with its line and column, and imports nothing from a file with any', async () => {
    const { file, stored } = await emptyOrganisation();
    await file('org-units.csv');
    await file('staff.csv');
    const before = await stored();
    const report = await file('staff-errors.csv', 'staff');
    expect(report.applied).toBe(false);
    const lines = report.problems.map((p) => `${p.line} ${p.column}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        "2 line_manager_id: 'E999' is not a staff member in this file or in Oversight",
        '3 name: give name, or first_name and last_name',
        "4 case_holding: 'maybe' is not yes or no",
        "4 start_date: '03-01-2024' is not a date: use YYYY-MM-DD or DD/MM/YYYY",
        '5 staff_id: the same staff_id is also on line 2',
        '6 line_manager_id: makes a cycle in line management: E100 → E102 → E101 → E100',
        expect.stringMatching(/^7 role_category: 'wizard' is not one of: social_worker/),
      ]),
    );
    expect(await stored()).toEqual(before);
  });

  it('names unknown columns and impossible dates', async () => {
    const { file } = await emptyOrganisation();
    await file('org-units.csv');
    const report = await file('staff-bad.csv', 'staff');
    expect(report.problems).toEqual([
      expect.objectContaining({
        line: 1,
        column: 'favourite_colour',
        message: expect.stringMatching(/^unknown column/),
      }),
    ]);
    const { file: again } = await emptyOrganisation();
    await again('org-units.csv');
    const csv =
      'staff_id,name,role_category,case_holding,contracted_hours,start_date\nE1,A B,social_worker,yes,37,31/02/2024\n';
    const bad = await importService(repositories((await emptyOrganisation()).pool)).importFile({
      kind: 'staff',
      chunks: [csv] as unknown as AsyncIterable<string>,
      organisation: 'example-council',
    });
    expect(bad.problems).toEqual([
      { line: 2, column: 'start_date', message: "'31/02/2024' is not a real date" },
    ]);
  });

  it('checks without importing on a dry run', async () => {
    const { file, stored } = await emptyOrganisation();
    const report = await file('org-units.csv', 'org-units', true);
    expect(report).toMatchObject({
      applied: false,
      problems: [],
      changes: { orgUnits: { added: 4, changed: 0, unchanged: 0 } },
    });
    expect((await stored()).orgUnits).toEqual([]);
  });
});

describe('export and import round trip', () => {
  it('exports what was imported; exported, imported into an empty database and exported again, the bundle is the same', async () => {
    const original = parseBundle(JSON.parse(await readFile(exampleBundle, 'utf8')));
    if (!original.ok) throw new Error(original.problems.join('\n'));
    const first = (await freshDatabase()).options.connectionString!;
    await oversight(first, 'import', exampleBundle);
    const exported = (await oversight(first, 'export')).stdout;
    expect(JSON.parse(exported)).toEqual(normaliseBundle(original.value));

    const dir = await mkdtemp(path.join(tmpdir(), 'oversight-export-'));
    await writeFile(path.join(dir, 'bundle.json'), exported);
    const second = (await freshDatabase()).options.connectionString!;
    await oversight(second, 'import', path.join(dir, 'bundle.json'));
    expect((await oversight(second, 'export')).stdout).toBe(exported);

    const again = await oversight(second, 'import', path.join(dir, 'bundle.json'));
    expect(again.stdout).toMatch(/^Nothing to change in/);
  });

  it('compliance from the database prints the same obligations as evaluate on the exported bundle', async () => {
    const url = (await freshDatabase()).options.connectionString!;
    await oversight(url, 'import', exampleBundle);
    const dir = await mkdtemp(path.join(tmpdir(), 'oversight-export-'));
    const file = path.join(dir, 'bundle.json');
    await writeFile(file, (await oversight(url, 'export')).stdout);
    const fromDatabase = JSON.parse(
      (await oversight(url, 'compliance', '--as-of', '2026-11-23', '--json')).stdout,
    );
    const fromBundle = JSON.parse(
      (await oversight(url, 'evaluate', file, '--as-of', '2026-11-23', '--json')).stdout,
    );
    expect(fromDatabase.obligations.length).toBeGreaterThan(10);
    expect(fromDatabase).toEqual(fromBundle);
  });

  it('exits non-zero with a line per problem and imports nothing', async () => {
    const url = (await freshDatabase()).options.connectionString!;
    await oversight(url, 'import', exampleBundle);
    const failure = await oversight(
      url,
      'import',
      path.join(fixtures, 'staff-errors.csv'),
      '--kind',
      'staff',
    ).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(
      /staff-errors\.csv: line 4, start_date: '03-01-2024' is not a date/,
    );
    expect(failure.stderr).toMatch(/Nothing imported: \d+ problems/);
  });
});
