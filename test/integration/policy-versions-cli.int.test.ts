import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositories } from '../../src/data-access/index.ts';
import { loadDemoOrganisation } from '../../src/services/demo/load-demo.ts';
import { policyVersions } from '../../src/services/policy-versions.ts';
import { runCli } from '../support/cli.ts';
import { freshDatabase } from '../support/database.ts';

/** `oversight policy export` and `policy import` (issue 13), on the demo organisation. */
describe('oversight policy export and import', async () => {
  const pool = await freshDatabase();
  await loadDemoOrganisation(pool);
  const repos = repositories(pool);
  const versions = policyVersions(repos);
  const organisationId = (await repos.organisations.findBySlug('northshire'))!.id;
  const dir = await mkdtemp(join(tmpdir(), 'oversight-policy-'));
  const exportedFile = join(dir, 'northshire.json');

  it('exports the policy in force as a pack file', async () => {
    const result = await runCli(pool, [
      'policy',
      'export',
      '--organisation',
      'northshire',
      '--out',
      exportedFile,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const file = JSON.parse(await readFile(exportedFile, 'utf8'));
    expect(file.exported).toMatchObject({ basedOn: 'systemic-4x4x4', version: 1 });
    expect(file.id).toBe('systemic-4x4x4');
    // The exported file is a valid pack for `policy validate` too.
    expect((await runCli(pool, ['policy', 'validate', exportedFile])).code).toBe(0);
  });

  it('refuses a file with problems, one line each, and saves nothing', async () => {
    const file = JSON.parse(await readFile(exportedFile, 'utf8'));
    file.caseSupervision[0].interval.count = 0;
    file.caseSupervision[1].match.statuses = ['child_protection_plan'];
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify(file));
    const result = await runCli(pool, [
      'policy',
      'import',
      bad,
      '--organisation',
      'northshire',
      '--reason',
      'Try it',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^\$\.caseSupervision\[0\]\.interval\.count: an interval of 0 \w+ contradicts itself/,
      ),
      expect.stringMatching(
        /^\$\.caseSupervision\[1\]\.match\.statuses\[0\]: unknown child status "child_protection_plan": expected one of /,
      ),
    ]);
    expect(await versions.list(organisationId)).toHaveLength(1);
  });

  it('asks for a reason', async () => {
    const result = await runCli(pool, [
      'policy',
      'import',
      exportedFile,
      '--organisation',
      'northshire',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--reason: say why the policy changes');
    expect(await versions.list(organisationId)).toHaveLength(1);
  });

  it('imports an exported file as a new version with the identical pack', async () => {
    const before = await versions.current(organisationId);
    const result = await runCli(pool, [
      'policy',
      'import',
      exportedFile,
      '--organisation',
      'northshire',
      '--reason',
      'Round trip',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('policy version 2 (systemic-4x4x4) saved');
    const after = await versions.current(organisationId);
    expect(after).toMatchObject({
      version: 2,
      reason: 'Round trip',
      overrides: null,
      createdBy: { userId: null },
    });
    expect(after.pack).toEqual(before.pack);
  });
});
