/**
 * The demo organisation with a watched folder of its own (a real temporary directory), and the
 * children as Oversight holds them, for the sync tests.
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll } from 'vitest';
import type { BundleChild } from '../../src/domain/bundle/schema.ts';
import { demoSlug } from '../../src/services/demo/demo-organisation.ts';
import type { Services } from '../../src/services/index.ts';
import { testApp, testClock } from '../support/app.ts';
import { demoOrganisationId } from '../support/children.ts';

export async function syncApp() {
  const inbox = await mkdtemp(path.join(tmpdir(), 'oversight-sync-'));
  afterAll(() => rm(inbox, { recursive: true, force: true }));
  // The demo's dates follow today's, so the clock does too (to the second, for folder names).
  const clock = testClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const built = await testApp({ clock, env: { SYNC_INBOX_DIR: inbox } });
  const organisationId = await demoOrganisationId(built.pool);
  const folder = path.join(inbox, demoSlug);
  await mkdir(folder, { recursive: true });
  return { ...built, inbox, folder, organisationId };
}

/** A staff member's id in the HR system, by their email. */
export async function staffExternalId(pool: pg.Pool, email: string): Promise<string> {
  const { rows } = await pool.query(
    'SELECT external_id FROM staff_member WHERE lower(email) = lower($1)',
    [email],
  );
  if (!rows[0]) throw new Error(`no staff member ${email}`);
  return rows[0].external_id;
}

/** The children as stored, by their ids in the case-management system. */
export async function storedChildren(
  services: Services,
  organisationId: string,
): Promise<Map<string, BundleChild>> {
  const bundle = await services.repos.organisationData.loadBundle(organisationId);
  return new Map(bundle!.children.map((c) => [c.id, c]));
}

/**
 * Writes files into the folder as a writer that has finished: modified a minute before `at`, so
 * a scan at `at` takes them as settled.
 */
export async function drop(folder: string, files: Record<string, string>, at: Date) {
  const settled = new Date(at.getTime() - 60_000);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(folder, name);
    await writeFile(file, content);
    await utimes(file, settled, settled);
  }
}

/** The folder's entries, and those of each folder under processed/ or rejected/. */
export async function listing(folder: string) {
  const entries = await readdir(folder, { withFileTypes: true });
  const out: Record<string, string[]> = {
    '.': entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort(),
  };
  for (const done of ['processed', 'rejected']) {
    const runs = await readdir(path.join(folder, done)).catch(() => [] as string[]);
    for (const run of runs.sort())
      out[`${done}/${run}`] = (await readdir(path.join(folder, done, run))).sort();
  }
  return out;
}

/** The name a run's folder under processed/ or rejected/ takes from the time it was received. */
export const stamp = (at: Date) => at.toISOString().replace(/:/g, '-');

export const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
