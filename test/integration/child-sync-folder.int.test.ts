/**
 * The watched folder: a real temporary directory with real files, scanned as the worker does.
 * A drop of the four kinds is applied as one sync, reported, and moved with its report; the same
 * drop again changes nothing; any problem in any file rejects it whole; a drop still being
 * written waits; two scans at once apply it once; a file renamed in during the apply waits for
 * the next scan; a drop a crash left in processing/ is finished; one organisation's folder that
 * cannot be read does not stop another's.
 */
import { chmod, mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { repositories } from '../../src/data-access/index.ts';
import type { SyncReport } from '../../src/domain/bundle/child-sync-report.ts';
import { addDays, isoDateAt } from '../../src/domain/calendar/index.ts';
import { syncInbox } from '../../src/features/child-sync/inbox.ts';
import { syncRunner } from '../../src/features/child-sync/sync-runner.ts';
import { councilBundle } from '../../src/services/demo/council-bundle.ts';
import { services as buildServices } from '../../src/services/index.ts';
import { changedTables, databaseSnapshot } from '../support/routes.ts';
import {
  csv,
  drop,
  listing,
  staffExternalId,
  stamp,
  storedChildren,
  syncApp,
} from './child-sync-helpers.ts';

const { pool, services, clock, inbox, folder, organisationId } = await syncApp();
const worker = await staffExternalId(pool, 'fatima.hussain@northshire.example');
const stored = await storedChildren(services, organisationId);
const yesterday = addDays(isoDateAt(clock.now), -1);
/** A demo child with open status episodes that began before yesterday, which the drop ends. */
const closing = [...stored.values()].find(
  (c) => c.statuses.some((s) => !s.to) && c.statuses.every((s) => s.from < yesterday),
)!;

const goodDrop = () => ({
  'allocations.csv': csv(
    'child_id,worker_id,role,from,to',
    `S-1,${worker},key_worker,2026-02-02,`,
    `S-2,${worker},Allocated Worker,2026-02-16,`,
  ),
  'child-flags-2026-03-10.csv': csv('child_id,flag,from', 'S-1,most_concern,2026-02-10'),
  'child-statuses.csv': csv(
    'child_id,status,from,to',
    'S-1,CIN,2026-02-02,',
    'S-2,CP,2026-02-16,',
    ...closing.statuses
      .filter((s) => !s.to)
      .map((s) => `${closing.id},${s.status},${s.from},${yesterday}`),
  ),
  'children.csv': csv(
    'Person ID,Case Number,Full Name,DOB,Referral Date',
    'S-1,LCS-S1,Sam Sync,04/05/2016,02/02/2026',
    'S-2,LCS-S2,Alex Sync,2019-08-12,2026-02-16',
  ),
});

/** Whether chmod 000 stops this process reading a folder (it does not for root). */
async function chmodStopsReading(): Promise<boolean> {
  const probe = path.join(inbox, '.probe');
  await mkdir(probe);
  await chmod(probe, 0o000);
  const readable = await readdir(probe).then(
    () => true,
    () => false,
  );
  await chmod(probe, 0o755);
  await rm(probe, { recursive: true });
  return !readable;
}
const unreadableWorks = await chmodStopsReading();

async function runs() {
  const { rows } = await pool.query(
    'SELECT source, outcome, files, report FROM sync_run ORDER BY received_at, id',
  );
  return rows as { source: string; outcome: string; files: unknown; report: SyncReport }[];
}

describe('the watched folder', () => {
  it('applies the four kinds dropped together as one sync, reports it and moves the files beside the report', async () => {
    await drop(folder, goodDrop(), clock.now);
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'applied' },
    ]);

    const after = await storedChildren(services, organisationId);
    expect(after.get('S-1')).toMatchObject({
      caseId: 'LCS-S1',
      name: 'Sam Sync',
      dateOfBirth: '2016-05-04',
      statuses: [{ status: 'child_in_need', from: '2026-02-02' }],
      flags: [{ flag: 'most_concern', from: '2026-02-10' }],
      allocations: [{ workerId: worker, role: 'key_worker', from: '2026-02-02' }],
    });
    expect(after.get(closing.id)!.statuses.every((s) => s.to)).toBe(true);

    const [run] = await runs();
    expect(run).toMatchObject({ source: 'folder', outcome: 'applied' });
    expect(run!.report.counts).toEqual({
      added: 2,
      changed: 1,
      closed: 1,
      unchanged: stored.size - 1,
      rejected: 0,
    });
    expect(run!.report.added).toEqual([
      { id: 'S-1', caseId: 'LCS-S1' },
      { id: 'S-2', caseId: 'LCS-S2' },
    ]);
    expect(run!.report.closed).toEqual([{ id: closing.id, caseId: closing.caseId }]);
    expect(run!.report.changed[0]!.statuses.ended.length).toBeGreaterThan(0);
    expect(run!.files).toEqual([
      { name: 'allocations.csv', kind: 'allocations', rows: 2 },
      { name: 'child-flags-2026-03-10.csv', kind: 'child-flags', rows: 1 },
      {
        name: 'child-statuses.csv',
        kind: 'child-statuses',
        rows: 2 + closing.statuses.filter((s) => !s.to).length,
      },
      { name: 'children.csv', kind: 'children', rows: 2 },
    ]);

    // The files moved, with the report as JSON and as text.
    const moved = await listing(folder);
    expect(moved['.']).toEqual([]);
    const done = `processed/${stamp(clock.now)}`;
    expect(moved[done]).toEqual([...Object.keys(goodDrop()), 'report.json', 'report.txt'].sort());
    const json = JSON.parse(await readFile(path.join(folder, done, 'report.json'), 'utf8'));
    expect(json).toMatchObject({ organisation: 'northshire', outcome: 'applied' });
    const text = await readFile(path.join(folder, done, 'report.txt'), 'utf8');
    expect(text).toContain('Outcome: Applied');
    expect(text).toContain('Children: 2 added, 1 changed, 1 closed');
    expect(text).toContain(`Closed\n  ${closing.id}`);

    const audit = await pool.query(
      `SELECT actor_user_id, detail FROM audit_event WHERE action = 'organisation_data.imported'
       ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0].actor_user_id).toBeNull();
    expect(audit.rows[0].detail.via).toBe('sync folder');
  });

  it('changes nothing when the same drop comes again (as after a crash before the move), and says unchanged', async () => {
    const before = await databaseSnapshot(pool);
    clock.advance(60_000);
    await drop(folder, goodDrop(), clock.now);
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'unchanged' },
    ]);
    expect(changedTables(before, await databaseSnapshot(pool))).toEqual(['sync_run']);
    const last = (await runs()).at(-1)!;
    expect(last.outcome).toBe('unchanged');
    expect(last.report.counts).toMatchObject({ added: 0, changed: 0, closed: 0 });
    expect((await listing(folder))[`processed/${stamp(clock.now)}`]).toContain('report.txt');
  });

  it('rejects the whole drop for a problem in any file, naming file, line and column, and changes nothing', async () => {
    const before = await databaseSnapshot(pool);
    clock.advance(60_000);
    await drop(
      folder,
      {
        'children.csv': csv(
          'child_id,name,date_of_birth,opened_on',
          'S-3,Kit Sync,2018-01-01,2026-03-01',
          'S-4,Lou Sync,31/02/2019,2026-03-01',
        ),
        'child-statuses.csv': csv(
          'child_id,status,from',
          'S-3,CIN,2026-03-01',
          'S-3,XYZ,2026-03-02',
        ),
        'child-flags.csv': csv('child_id,flag,from,colour', 'S-3,most_concern,2026-03-01,red'),
        'allocations.csv': csv(
          'child_id,worker_id,role,from',
          'S-3,E-NOBODY,key_worker,2026-03-01',
        ),
      },
      clock.now,
    );
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'rejected' },
    ]);
    expect(changedTables(before, await databaseSnapshot(pool))).toEqual(['sync_run']);
    const { report } = (await runs()).at(-1)!;
    expect(report.outcome).toBe('rejected');
    expect(report.rejected).toEqual([
      expect.objectContaining({ file: 'children.csv', line: 3, column: 'date_of_birth' }),
      expect.objectContaining({ file: 'child-statuses.csv', line: 3, column: 'status' }),
      expect.objectContaining({ file: 'child-flags.csv', line: 1, column: 'colour' }),
      {
        file: 'allocations.csv',
        line: 2,
        column: 'worker_id',
        message: "'E-NOBODY' is not a staff member in this file or in Oversight",
      },
    ]);
    expect(report.counts.rejected).toBe(4);
    const rejected = await listing(folder);
    expect(rejected['.']).toEqual([]);
    const text = await readFile(
      path.join(folder, `rejected/${stamp(clock.now)}`, 'report.txt'),
      'utf8',
    );
    expect(text).toContain('Rejected: nothing was changed');
    expect(text).toContain('allocations.csv, line 2, worker_id:');
  });

  it('rejects bad CSV syntax and a file of a kind the sync does not take, each named', async () => {
    clock.advance(60_000);
    await drop(
      folder,
      { 'children.csv': csv('child_id,name,opened_on', 'S-5,"Unclosed,2026-03-01') },
      clock.now,
    );
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'rejected' },
    ]);
    expect((await runs()).at(-1)!.report.rejected).toEqual([
      expect.objectContaining({ file: 'children.csv', line: 2 }),
    ]);

    clock.advance(60_000);
    await drop(
      folder,
      {
        'children.csv': csv('child_id,name,opened_on', 'S-5,Mo Sync,2026-03-01'),
        'staff.csv': csv('staff_id,name'),
        'notes.csv': csv('anything'),
      },
      clock.now,
    );
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'rejected' },
    ]);
    const { report } = (await runs()).at(-1)!;
    expect(report.rejected.map((p) => p.file)).toEqual(['notes.csv', 'staff.csv']);
    expect(report.rejected[0]!.message).toContain('not a file the sync takes');
    expect((await storedChildren(services, organisationId)).has('S-5')).toBe(false);
  });

  it('leaves a drop for the next scan while a .part file is there or a file changed in the last seconds', async () => {
    clock.advance(60_000);
    const files = { 'children.csv': csv('child_id,name,opened_on', 'S-6,Jo Sync,2026-03-01') };
    await drop(folder, files, clock.now);
    await writeFile(path.join(folder, 'child-statuses.csv.part'), 'child_id,status,fr');
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'waiting' },
    ]);
    await writeFile(
      path.join(folder, 'child-statuses.csv.part'),
      csv('child_id,status,from', 'S-6,CIN,2026-03-01'),
    );
    await rename(
      path.join(folder, 'child-statuses.csv.part'),
      path.join(folder, 'child-statuses.csv'),
    );
    // Renamed two seconds ago: still settling.
    const renamed = new Date(clock.now.getTime() - 2_000);
    await utimes(path.join(folder, 'child-statuses.csv'), renamed, renamed);
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'waiting' },
    ]);
    expect((await listing(folder))['.']).toEqual(['child-statuses.csv', 'children.csv']);
    clock.advance(10_000);
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'applied' },
    ]);
    expect((await storedChildren(services, organisationId)).get('S-6')!.statuses).toEqual([
      { status: 'child_in_need', from: '2026-03-01' },
    ]);
  });

  it('skips an organisation whose sync lock another process holds, and applies a drop once when two scans run at once', async () => {
    clock.advance(60_000);
    const files = { 'children.csv': csv('child_id,name,opened_on', 'S-7,Ray Sync,2026-03-01') };
    await drop(folder, files, clock.now);
    const other = await pool.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [
        `child-sync:${organisationId}`,
      ]);
      expect(await services.childSync.inbox.scan(clock.now)).toEqual([
        { organisation: 'northshire', state: 'busy' },
      ]);
      expect((await listing(folder))['.']).toEqual(['children.csv']);
    } finally {
      await other.query('SELECT pg_advisory_unlock_all()');
      other.release();
    }

    // A second process: its own services over the same database and folder.
    const second = buildServices(
      repositories(pool),
      loadConfig({ NODE_ENV: 'test', SYNC_INBOX_DIR: inbox }),
      clock.clock,
    );
    const before = (await runs()).length;
    const results = await Promise.all([
      services.childSync.inbox.scan(clock.now),
      second.childSync.inbox.scan(clock.now),
    ]);
    const states = results.flat().map((r) => r.state);
    expect(states.filter((s) => s === 'applied')).toHaveLength(1);
    expect(states.filter((s) => s !== 'applied')).toEqual([
      expect.stringMatching(/^(busy|empty)$/),
    ]);
    expect((await runs()).length).toBe(before + 1);
    const processed = Object.keys(await listing(folder)).filter((k) =>
      k.startsWith(`processed/${stamp(clock.now)}`),
    );
    expect(processed).toHaveLength(1);
  });

  it('scans on the worker’s tick at most once a minute, and leaves a folder of no organisation alone', async () => {
    const start = new Date(clock.now.getTime() + 3_600_000);
    await writeFile(path.join(inbox, 'README.txt'), 'Not a folder');
    const stranger = path.join(inbox, 'nowhere-council');
    await mkdir(stranger);
    await drop(stranger, { 'children.csv': csv('child_id,name,opened_on') }, start);

    const first = await services.childSync.inbox.tick(start);
    expect(first).toEqual([
      { organisation: 'northshire', state: 'empty' },
      { organisation: 'nowhere-council', state: 'unknown organisation' },
    ]);
    expect(await services.childSync.inbox.tick(new Date(start.getTime() + 59_000))).toBeUndefined();
    expect(await services.childSync.inbox.tick(new Date(start.getTime() + 60_000))).toHaveLength(2);
    expect((await listing(stranger))['.']).toEqual(['children.csv']);
    await rm(stranger, { recursive: true });
  });

  it('leaves a file renamed into the folder while a drop applies for the next scan, never moving it unread', async () => {
    clock.advance(60_000);
    await drop(
      folder,
      { 'children.csv': csv('child_id,name,opened_on', 'S-8,Ash Sync,2026-03-01') },
      clock.now,
    );
    const later = csv('child_id,name,opened_on', 'S-9,Bo Sync,2026-03-02');
    // The source system renames its next children.csv in place while this drop is applied.
    const runner = syncRunner(services.repos, services.imports);
    const racing = syncInbox(
      services.repos,
      {
        ...runner,
        applyFiles: async (...args) => {
          await drop(folder, { 'children.csv': later }, clock.now);
          return runner.applyFiles(...args);
        },
      },
      { dir: inbox, clock: clock.clock },
    );
    expect(await racing.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'applied' },
    ]);
    expect((await storedChildren(services, organisationId)).has('S-8')).toBe(true);
    expect((await listing(folder))['.']).toEqual(['children.csv']);
    expect(await readFile(path.join(folder, 'children.csv'), 'utf8')).toBe(later);

    clock.advance(60_000);
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'applied' },
    ]);
    expect((await storedChildren(services, organisationId)).get('S-9')?.name).toBe('Bo Sync');
    expect((await listing(folder))['.']).toEqual([]);
  });

  it('finishes a drop a crash left in processing/ before the new drop, and moves both', async () => {
    clock.advance(60_000);
    const crashed = `${stamp(new Date(clock.now.getTime() - 30_000))}`;
    const work = path.join(folder, 'processing', crashed);
    await mkdir(work, { recursive: true });
    await drop(
      work,
      { 'children.csv': csv('child_id,name,opened_on', 'S-10,Cy Sync,2026-03-01') },
      clock.now,
    );
    // The new drop refers to the child the crashed one adds: it must be applied after it.
    await drop(
      folder,
      { 'child-statuses.csv': csv('child_id,status,from', 'S-10,CIN,2026-03-01') },
      clock.now,
    );
    expect(await services.childSync.inbox.scan(clock.now)).toEqual([
      { organisation: 'northshire', state: 'applied' },
    ]);
    expect((await storedChildren(services, organisationId)).get('S-10')).toMatchObject({
      name: 'Cy Sync',
      statuses: [{ status: 'child_in_need', from: '2026-03-01' }],
    });
    const after = await listing(folder);
    expect(after['.']).toEqual([]);
    expect(after[`processed/${crashed}`]).toEqual(['children.csv', 'report.json', 'report.txt']);
    expect(after[`processed/${stamp(clock.now)}`]).toEqual([
      'child-statuses.csv',
      'report.json',
      'report.txt',
    ]);
    expect(await readdir(path.join(folder, 'processing'))).toEqual([]);
  });

  it('logs an organisation’s folder that fails and still applies the next organisation’s drop', async () => {
    clock.advance(60_000);
    // Another organisation, sorted before northshire, whose drop cannot be moved anywhere:
    // processing, processed and rejected are files, not folders, whoever runs the scan.
    const other = councilBundle({ children: 3, today: isoDateAt(clock.now), seed: 3 });
    other.organisation.id = 'aaa-council';
    expect((await services.imports.importFile({ kind: 'bundle', value: other })).applied).toBe(
      true,
    );
    const broken = path.join(inbox, 'aaa-council');
    await mkdir(broken);
    const stuck = { 'children.csv': csv('child_id,name,opened_on', 'A-1,Al Sync,2026-03-01') };
    await drop(broken, stuck, clock.now);
    for (const name of ['processing', 'processed', 'rejected'])
      await writeFile(path.join(broken, name), 'not a folder');
    await drop(
      folder,
      { 'children.csv': csv('child_id,name,opened_on', 'S-11,Di Sync,2026-03-01') },
      clock.now,
    );
    const errors: object[] = [];
    const log = { error: (details: object) => errors.push(details), info: () => undefined };
    expect(await services.childSync.inbox.scan(clock.now, log)).toEqual([
      { organisation: 'aaa-council', state: 'failed' },
      { organisation: 'northshire', state: 'applied' },
    ]);
    expect(errors).toEqual([expect.objectContaining({ organisation: 'aaa-council' })]);
    expect((await storedChildren(services, organisationId)).has('S-11')).toBe(true);
    // The failed organisation's drop is still there for the next scan.
    expect(await readFile(path.join(broken, 'children.csv'), 'utf8')).toBe(stuck['children.csv']);
    await rm(broken, { recursive: true });
  });

  it.skipIf(!unreadableWorks)(
    'skips an organisation folder it may not read (chmod 000), logging it, and applies the others',
    async () => {
      clock.advance(60_000);
      const locked = path.join(inbox, 'aab-council');
      await mkdir(locked);
      await chmod(locked, 0o000);
      try {
        await drop(
          folder,
          { 'children.csv': csv('child_id,name,opened_on', 'S-12,Ed Sync,2026-03-01') },
          clock.now,
        );
        const errors: object[] = [];
        const log = { error: (details: object) => errors.push(details), info: () => undefined };
        expect(await services.childSync.inbox.scan(clock.now, log)).toEqual([
          { organisation: 'aab-council', state: 'failed' },
          { organisation: 'northshire', state: 'applied' },
        ]);
        expect(errors).toEqual([expect.objectContaining({ organisation: 'aab-council' })]);
        expect((await storedChildren(services, organisationId)).has('S-12')).toBe(true);
      } finally {
        await chmod(locked, 0o755);
        await rm(locked, { recursive: true });
      }
    },
  );
});
