/**
 * The watched folder: `<SYNC_INBOX_DIR>/<organisation slug>/*.csv` is one drop from the
 * case-management system. A scan applies each organisation's drop as one sync, under that
 * organisation's advisory lock so that of several processes one applies it. A drop is left for
 * the next scan while any of its files is still being written: a `.part` file is there, or a file
 * changed in the last few seconds.
 *
 * The drop's files are first renamed into `processing/<time>/` and read from there, so a new
 * file renamed into the folder meanwhile is the next drop's, never moved away unread. The
 * processing folder then moves whole, with `report.json` and `report.txt`, to `processed/<time>/`
 * or `rejected/<time>/`. A processing folder left by a crash is applied again first at the next
 * scan: an import already committed changes nothing (reported unchanged).
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Repositories } from '../../data-access/index.ts';
import type { SyncFile } from '../../data-access/sync-run-repository.ts';
import { withOrganisation } from '../../data-access/tenant-scope.ts';
import { rejectedReport, type SyncProblem } from '../../domain/bundle/child-sync-report.ts';
import type { ImportKind } from '../../domain/import/tables.ts';
import { type CsvFile, kindFromFileName } from '../../services/import/import-service.ts';
import { fileWords, reportText } from './report-words.ts';
import type { SyncRunner } from './sync-runner.ts';

/** The kinds a sync takes, in the order they are applied. */
export const syncKinds = ['children', 'child-statuses', 'child-flags', 'allocations'] as const;

/** A file changed more recently than this is taken to be still being written. */
export const settleMs = 5_000;

/** A process scans the folder at most this often. */
export const scanIntervalMs = 60_000;

export type ScanResult = {
  organisation: string;
  state:
    | 'empty'
    | 'waiting'
    | 'busy'
    | 'unknown organisation'
    | 'applied'
    | 'unchanged'
    | 'rejected'
    /** The folder could not be read or moved: logged, and tried again at the next scan. */
    | 'failed';
};

type Log = {
  error: (details: object, message: string) => void;
  info: (details: object, message: string) => void;
};

type DropFile = { name: string };

/** The folder's files: CSV files, and whether any is still being written. */
async function dropIn(folder: string, now: Date) {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: DropFile[] = [];
  let writing = false;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const lower = entry.name.toLowerCase();
    if (lower.endsWith('.part')) writing = true;
    if (!lower.endsWith('.csv')) continue;
    const modified = (await stat(path.join(folder, entry.name))).mtimeMs;
    if (modified > now.getTime() - settleMs) writing = true;
    files.push({ name: entry.name });
  }
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { files, writing };
}

/** `2026-03-05T10-15-00.123Z`: the run's time, safe as a folder name everywhere. */
const stamp = (at: Date) => at.toISOString().replace(/:/g, '-');

/** A new folder under `parent` named by the time, with -2, -3… if one already has the name. */
async function newFolder(parent: string, name: string): Promise<string> {
  await mkdir(parent, { recursive: true });
  for (let n = 1; ; n++) {
    const folder = path.join(parent, n === 1 ? name : `${name}-${n}`);
    try {
      await mkdir(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Moves a folder whole into `parent`, keeping its name, with -2, -3… if one has it already. */
async function moveFolder(folder: string, parent: string): Promise<string> {
  await mkdir(parent, { recursive: true });
  const name = path.basename(folder);
  for (let n = 1; ; n++) {
    const target = path.join(parent, n === 1 ? name : `${name}-${n}`);
    try {
      await rename(folder, target);
      return target;
    } catch (error) {
      if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? ''))
        throw error;
    }
  }
}

/** The drops a crash left in `processing/`, oldest first. */
async function leftoverDrops(folder: string): Promise<string[]> {
  const processing = path.join(folder, 'processing');
  const entries = await readdir(processing, { withFileTypes: true }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => path.join(processing, e.name))
    .sort();
}

export function syncInbox(
  repos: Repositories,
  runner: SyncRunner,
  options: { dir: string | undefined; clock: () => Date },
) {
  let lastScan: number | undefined;

  function unknownKinds(files: DropFile[]): SyncProblem[] {
    return files
      .filter((f) => !syncKinds.includes(kindFromFileName(f.name) as (typeof syncKinds)[number]))
      .map((f) => ({
        file: f.name,
        message: `not a file the sync takes: name each file for what it holds, ${syncKinds.map((k) => `${k}.csv`).join(', ')} (a suffix such as ${syncKinds[0]}-2026-03-05.csv is allowed)`,
      }));
  }

  /** Applies the drop in its processing folder and moves that folder with its report. */
  async function apply(
    work: string,
    organisation: { id: string; slug: string },
    receivedAt: Date,
  ): Promise<ScanResult['state']> {
    const { files } = await dropIn(work, receivedAt);
    if (files.length === 0) {
      // Left by a crash before any file was moved in: nothing to apply.
      await rmdir(work).catch(() => undefined);
      return 'empty';
    }
    const problems = unknownKinds(files);
    const csv = (): CsvFile[] =>
      files.map((f) => ({
        name: f.name,
        kind: kindFromFileName(f.name) as ImportKind,
        chunks: createReadStream(path.join(work, f.name), {
          encoding: 'utf8',
          highWaterMark: 256 * 1024,
        }),
      }));
    const outcome =
      problems.length > 0
        ? { report: rejectedReport(problems), files: undefined }
        : await runner.applyFiles(organisation, csv(), receivedAt);
    const recorded: SyncFile[] = files.map((f) => ({
      name: f.name,
      kind: kindFromFileName(f.name) ?? 'unknown',
      rows: outcome.files?.find((r) => r.name === f.name)?.rows ?? 0,
    }));
    const run = await runner.record({
      organisationId: organisation.id,
      source: 'folder',
      files: recorded,
      receivedAt,
      finishedAt: options.clock(),
      report: outcome.report,
    });
    await writeFile(
      path.join(work, 'report.json'),
      `${JSON.stringify({ run: run?.id ?? null, organisation: organisation.slug, receivedAt, files: recorded, ...outcome.report }, null, 2)}\n`,
    );
    await writeFile(
      path.join(work, 'report.txt'),
      reportText(outcome.report, [
        `Oversight: sync of children for ${organisation.slug}`,
        `Run: ${run?.id ?? 'not kept'}`,
        `Received: ${receivedAt.toISOString()}`,
        `Files: ${recorded.map(fileWords).join(', ')}`,
      ]),
    );
    const done = outcome.report.outcome === 'rejected' ? 'rejected' : 'processed';
    await moveFolder(work, path.join(path.dirname(work), '..', done));
    return outcome.report.outcome;
  }

  /** Under the lock: drops a crash left in processing/ first, then the folder's new drop. */
  async function applyAll(
    folder: string,
    organisation: { id: string; slug: string },
    now: Date,
  ): Promise<ScanResult['state']> {
    let state: ScanResult['state'] = 'empty';
    for (const work of await leftoverDrops(folder))
      state = await apply(work, organisation, options.clock());
    // Listed again under the lock: another process may have applied and moved it.
    const drop = await dropIn(folder, now);
    if (drop.files.length === 0) return state;
    if (drop.writing) return 'waiting';
    const receivedAt = options.clock();
    const work = await newFolder(path.join(folder, 'processing'), stamp(receivedAt));
    for (const f of drop.files) await rename(path.join(folder, f.name), path.join(work, f.name));
    return apply(work, organisation, receivedAt);
  }

  /** One organisation's folder: its drop applied, or why not. */
  async function scanOne(slug: string, now: Date): Promise<ScanResult['state']> {
    const folder = path.join(options.dir as string, slug);
    const pending = (await leftoverDrops(folder)).length + (await dropIn(folder, now)).files.length;
    if (pending === 0) return 'empty';
    const organisation = await repos.organisations.findBySlug(slug);
    if (!organisation) return 'unknown organisation';
    return withOrganisation(organisation.id, async () => {
      const locked = await runner.locked(organisation.id, 0, () =>
        applyAll(folder, organisation, now),
      );
      return locked.ran ? locked.value : 'busy';
    });
  }

  /** Each organisation's folder on its own: one that fails is logged, and the others go on. */
  async function scan(now: Date = options.clock(), log?: Log): Promise<ScanResult[]> {
    if (!options.dir) return [];
    const entries = await readdir(options.dir, { withFileTypes: true });
    const results: ScanResult[] = [];
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    for (const name of folders.sort()) {
      if (!/^[a-z0-9-]+$/.test(name)) continue;
      try {
        results.push({ organisation: name, state: await scanOne(name, now) });
      } catch (error) {
        log?.error({ err: error, organisation: name }, 'sync folder of an organisation failed');
        results.push({ organisation: name, state: 'failed' });
      }
    }
    return results;
  }

  return {
    scan,
    /** The worker's tick: a scan at most once a minute in this process. */
    async tick(now: Date, log?: Log): Promise<ScanResult[] | undefined> {
      if (!options.dir) return undefined;
      if (lastScan !== undefined && now.getTime() - lastScan < scanIntervalMs) return undefined;
      lastScan = now.getTime();
      try {
        const results = await scan(now, log);
        for (const r of results.filter((r) => !['empty', 'waiting', 'failed'].includes(r.state)))
          log?.info({ organisation: r.organisation, state: r.state }, 'sync folder scanned');
        return results;
      } catch (error) {
        log?.error({ err: error }, 'sync folder scan failed');
        return undefined;
      }
    },
  };
}
export type SyncInbox = ReturnType<typeof syncInbox>;
