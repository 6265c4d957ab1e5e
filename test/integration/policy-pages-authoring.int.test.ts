/**
 * The policy authoring pages (issue 13) as an administrator uses them: change a rule, see the
 * preview per team, save it as a version; bad input named on the page with nothing saved;
 * templates; restore; export and import; who may and the CSRF token.
 */
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import {
  accounts,
  errorSummary,
  filledFormOf as filledForm,
  formOf as form,
  signedIn,
  textOf,
} from './organisation-helpers.ts';

// Nunjucks writes a backslash as &#92;, which the shared helpers' decode leaves as it is.
const withBackslashes = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replaceAll('&#92;', '\\')]));
const formOf = (html: string, action?: string) => withBackslashes(form(html, action));
const filledFormOf = (html: string, action: string, button: string) =>
  withBackslashes(filledForm(html, action, button));

const rules = '/organisation/policy/rules/caseSupervision';
const interval = 'rule.child-in-need-3-monthly.interval';

async function versionCount(pool: import('pg').Pool): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM policy_version');
  return rows[0].n;
}

describe('policy pages', { timeout: 120_000 }, async () => {
  const { app, pool } = await testApp();
  const admin = await signedIn(app, accounts.admin);

  it('links the policy from the organisation page and shows the version in force', async () => {
    expect((await admin.get('/organisation')).body).toContain('href="/organisation/policy"');
    const page = textOf((await admin.get('/organisation/policy')).body);
    expect(page).toContain('In force: version 1');
    expect(page).toContain('systemic-4x4x4');
  });

  it('changes a rule, previews the effect per team with numbers, and saves version 2', async () => {
    const form = await admin.get(rules);
    expect(form.statusCode).toBe(200);
    const values = filledFormOf(form.body, rules, '');
    expect(values[interval]).toBe('3');
    expect(values[`${interval}.unit`]).toBe('months');

    const preview = await admin.post(rules, { ...values, [interval]: '1' });
    expect(preview.statusCode).toBe(200);
    const text = textOf(preview.body);
    expect(text).toContain('Check what the change does');
    expect(text).toContain('Case supervision: child-in-need-3-monthly changed');
    // Seeing children monthly rather than three-monthly asks for more discussions: some team
    // has obligations added or changing state, with examples.
    const rows = [
      ...preview.body.matchAll(
        /<th scope="row" class="govuk-table__header">([^<]+)<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(\d+)<\/td>/g,
      ),
    ].map((m) => ({
      team: m[1]!,
      added: Number(m[2]),
      removed: Number(m[3]),
      changed: Number(m[4]),
    }));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.added + r.changed > 0)).toBe(true);
    expect(text).toMatch(/Case supervision of .+, due /);
    // Each team's obligations by state, under the version in force and under the change.
    expect(text).toMatch(/obligations by state today, under version 1 and under the change/);
    expect(text).toMatch(/State Version 1 The change (Met|Met late|Due|Due soon|Overdue) \d+ \d+/);
    expect(text).toContain('Save as version 2');
    expect(await versionCount(pool)).toBe(1);

    const save = formOf(preview.body, '/organisation/policy/versions');
    const noReason = await admin.post('/organisation/policy/versions', { ...save, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual([
      { text: 'Enter why the policy is changing', href: '#reason' },
    ]);
    expect(await versionCount(pool)).toBe(1);
    // A reason of spaces only is no reason.
    const spaces = await admin.post('/organisation/policy/versions', { ...save, reason: '   ' });
    expect(errorSummary(spaces.body)).toEqual([
      { text: 'Enter why the policy is changing', href: '#reason' },
    ]);
    expect(await versionCount(pool)).toBe(1);

    const saved = await admin.post('/organisation/policy/versions', {
      ...save,
      reason: 'Board decision: children in need discussed monthly',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/organisation/policy/versions/2?saved=saved');
    const version = textOf((await admin.get('/organisation/policy/versions/2')).body);
    expect(version).toContain('Board decision: children in need discussed monthly');
    expect(version).toContain('Case supervision: child-in-need-3-monthly changed');
    const list = textOf((await admin.get('/organisation/policy/versions')).body);
    expect(list).toMatch(/Version 2 In force .*Board decision/);
    expect(textOf((await admin.get(rules)).body)).toContain('Version 2');
    expect(filledFormOf((await admin.get(rules)).body, rules, '')[interval]).toBe('1');
  });

  it('names an interval of 0 on its field, keeps what was typed and saves nothing', async () => {
    const before = await versionCount(pool);
    const values = filledFormOf((await admin.get(rules)).body, rules, '');
    const response = await admin.post(rules, { ...values, [interval]: '0' });
    expect(response.statusCode).toBe(400);
    const summary = errorSummary(response.body);
    expect(summary).toHaveLength(1);
    expect(summary[0]!.href).toBe('#rule-child-in-need-3-monthly-interval');
    expect(summary[0]!.text).toContain('Rule child-in-need-3-monthly, interval');
    expect(response.body).toMatch(/id="rule-child-in-need-3-monthly-interval"[^>]*value="0"/);
    expect(await versionCount(pool)).toBe(before);
  });

  it('names an unknown status code given in the advanced overrides, and saves nothing', async () => {
    const before = await versionCount(pool);
    const values = filledFormOf((await admin.get(rules)).body, rules, '');
    const advanced = JSON.stringify({
      caseSupervision: [
        { id: 'early-help-3-monthly', match: { statuses: ['looked_after_abroad'] } },
      ],
    });
    const response = await admin.post(rules, { ...values, advanced });
    expect(response.statusCode).toBe(400);
    const summary = errorSummary(response.body);
    expect(summary.map((s) => s.href)).toEqual(['#advanced']);
    expect(summary[0]!.text).toMatch(/statuses\[0\]/);
    expect(summary[0]!.text).toContain('looked_after_abroad');
    expect(response.body).toContain('looked_after_abroad');
    expect(await versionCount(pool)).toBe(before);
  });

  it('says a number must be a whole number', async () => {
    const values = filledFormOf((await admin.get(rules)).body, rules, '');
    const response = await admin.post(rules, { ...values, [interval]: 'monthly' });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      {
        text: 'Rule child-in-need-3-monthly, interval must be a whole number',
        href: '#rule-child-in-need-3-monthly-interval',
      },
    ]);
  });

  it('restores an earlier version as a new one through the preview, with its reason', async () => {
    const n = await versionCount(pool);
    const restore = '/organisation/policy/versions/1/restore';
    const page = await admin.get('/organisation/policy/versions/1');
    expect(textOf(page.body)).toContain('Preview restoring version 1');
    const preview = await admin.post(restore, formOf(page.body, restore));
    expect(preview.statusCode).toBe(200);
    expect(textOf(preview.body)).toContain('Check what restoring version 1 does');
    expect(textOf(preview.body)).toContain('Case supervision: child-in-need-3-monthly changed');
    expect(textOf(preview.body)).toContain(`Restore version 1 as version ${n + 1}`);
    expect(await versionCount(pool)).toBe(n);
    const confirm = formOf(preview.body, restore);
    const empty = await admin.post(restore, { ...confirm, reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      { text: 'Enter why this version is restored', href: '#reason' },
    ]);
    expect(await versionCount(pool)).toBe(n);
    const restored = await admin.post(restore, {
      ...confirm,
      reason: 'Back to three-monthly until the review',
    });
    expect(restored.statusCode).toBe(303);
    expect(restored.headers.location).toBe(`/organisation/policy/versions/${n + 1}?saved=restored`);
    const list = textOf((await admin.get('/organisation/policy/versions')).body);
    expect(list).toContain('Back to three-monthly until the review Version 1');
    expect(filledFormOf((await admin.get(rules)).body, rules, '')[interval]).toBe('3');
  });

  it('adds a section to a template, moves it up, previews and saves it', async () => {
    const list = await admin.get('/organisation/policy/templates');
    const href = /href="(\/organisation\/policy\/templates\/[^"]+)"/.exec(list.body)![1]!;
    const page = await admin.get(href);
    expect(textOf(page.body)).toMatch(
      /\d+ records? of this kind written with version \d+ or earlier keep their sections/,
    );
    const base = formOf(page.body, href);
    const noHeading = await admin.post(href, { ...base, op: 'add-section', sectionHeading: '' });
    expect(noHeading.statusCode).toBe(400);
    expect(errorSummary(noHeading.body)).toEqual([
      { text: 'Enter the heading of the new section', href: '#sectionHeading' },
    ]);
    const added = await admin.post(href, {
      ...base,
      op: 'add-section',
      sectionHeading: 'Wellbeing check-in',
    });
    expect(added.statusCode).toBe(200);
    const headings = (html: string) =>
      [...html.matchAll(/<h2 class="govuk-heading-m">\d+\. ([^<]+)<\/h2>/g)].map((m) => m[1]);
    const after = headings(added.body);
    expect(after.at(-1)).toBe('Wellbeing check-in');
    const last = after.length - 1;
    const moved = await admin.post(href, { ...formOf(added.body, href), op: `section-up:${last}` });
    expect(headings(moved.body).at(-2)).toBe('Wellbeing check-in');
    const preview = await admin.post(href, { ...formOf(moved.body, href), op: 'preview' });
    expect(preview.statusCode).toBe(200);
    expect(textOf(preview.body)).toMatch(/Templates: .+ changed/);
    const save = formOf(preview.body, '/organisation/policy/versions');
    const saved = await admin.post('/organisation/policy/versions', {
      ...save,
      reason: 'A wellbeing section',
    });
    expect(saved.statusCode).toBe(303);
    expect(headings((await admin.get(href)).body).at(-2)).toBe('Wellbeing check-in');
  });

  it('exports the pack in force and imports it back as the same pack', async () => {
    const exported = await admin.get('/organisation/policy/export');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(
      /^attachment; filename="policy-version-\d+\.json"$/,
    );
    const pack = JSON.parse(exported.body);
    expect(pack.id).toBe('systemic-4x4x4');
    await admin.get('/organisation/policy/import');
    const preview = await admin.upload(
      '/organisation/policy/import',
      {},
      {
        name: 'pack.json',
        content: exported.body,
      },
    );
    expect(preview.statusCode).toBe(200);
    const text = textOf(preview.body);
    expect(text).toContain('No rule differs from version');
    expect(text).toContain('No team’s compliance changes today.');
    const n = await versionCount(pool);
    const saved = await admin.post('/organisation/policy/versions', {
      ...formOf(preview.body, '/organisation/policy/versions'),
      reason: 'Shared with a neighbouring council',
    });
    expect(saved.headers.location).toBe(`/organisation/policy/versions/${n + 1}?saved=saved`);
    const again = JSON.parse((await admin.get('/organisation/policy/export')).body);
    const { exported: _a, ...first } = pack;
    const { exported: _b, ...second } = again;
    expect(second).toEqual(first);
  });

  it('names the problems of an imported file and saves nothing', async () => {
    const before = await versionCount(pool);
    await admin.get('/organisation/policy/import');
    const notJson = await admin.upload(
      '/organisation/policy/import',
      {},
      { name: 'x.json', content: '{' },
    );
    expect(notJson.statusCode).toBe(400);
    expect(errorSummary(notJson.body)).toEqual([
      { text: 'The selected file must be JSON (a policy pack as exported)', href: '#file' },
    ]);
    const pack = JSON.parse((await admin.get('/organisation/policy/export')).body);
    pack.caseSupervision[0].interval.count = 0;
    await admin.get('/organisation/policy/import');
    const bad = await admin.upload(
      '/organisation/policy/import',
      {},
      {
        name: 'pack.json',
        content: JSON.stringify(pack),
      },
    );
    expect(bad.statusCode).toBe(400);
    expect(
      errorSummary(bad.body).some((e) => e.text.startsWith('$.caseSupervision[0].interval')),
    ).toBe(true);
    expect(await versionCount(pool)).toBe(before);
  });

  it('refuses anyone but an administrator', async () => {
    const supervisor = await signedIn(app, accounts.supervisor);
    for (const url of [
      '/organisation/policy',
      rules,
      '/organisation/policy/versions',
      '/organisation/policy/export',
    ])
      expect((await supervisor.get(url)).statusCode).toBe(403);
    await supervisor.get('/');
    const before = await versionCount(pool);
    const draft = JSON.stringify({ basePackId: 'manchester', overrides: {} });
    const post = await supervisor.post('/organisation/policy/versions', { draft, reason: 'mine' });
    expect(post.statusCode).toBe(403);
    expect((await supervisor.get('/organisation')).body).not.toContain(
      'href="/organisation/policy"',
    );
    expect(await versionCount(pool)).toBe(before);
  });

  it('refuses a save without the form’s CSRF token', async () => {
    const before = await versionCount(pool);
    const draft = JSON.stringify({ basePackId: 'manchester', overrides: {} });
    const response = await admin.postRaw('/organisation/policy/versions', { draft, reason: 'x' });
    expect(response.statusCode).toBe(403);
    expect(await versionCount(pool)).toBe(before);
  });

  it('refuses to save over a version saved since the preview, keeping what was typed', async () => {
    const values = filledFormOf((await admin.get(rules)).body, rules, '');
    const mine = await admin.post(rules, { ...values, [interval]: '2' });
    const theirs = await admin.post(rules, { ...values, [interval]: '4' });
    const versions = '/organisation/policy/versions';
    const saved = await admin.post(versions, {
      ...formOf(theirs.body, versions),
      reason: 'Saved first',
    });
    expect(saved.statusCode).toBe(303);
    const n = await versionCount(pool);
    const late = await admin.post(versions, { ...formOf(mine.body, versions), reason: 'Mine' });
    expect(late.statusCode).toBe(409);
    expect(errorSummary(late.body)).toEqual([
      {
        text: `Version ${n} was saved by Adam Fletcher since this change was previewed, so nothing was saved. Check what the change does to version ${n} below, then save it again`,
        href: '#rules-changed',
      },
    ]);
    expect(late.body).toMatch(/<textarea[^>]*name="reason"[^>]*>Mine<\/textarea>/);
    expect(await versionCount(pool)).toBe(n);
    expect(filledFormOf((await admin.get(rules)).body, rules, '')[interval]).toBe('4');
    // Having seen the preview against the version now in force, the change can be saved.
    const again = await admin.post(versions, { ...formOf(late.body, versions), reason: 'Mine' });
    expect(again.statusCode).toBe(303);
    expect(filledFormOf((await admin.get(rules)).body, rules, '')[interval]).toBe('2');
  });

  it('shows quality assurance the policy read-only, with export, and refuses them changes', async () => {
    const auditor = await signedIn(app, 'auditor@northshire.example');
    expect((await auditor.get('/organisation')).body).toContain('href="/organisation/policy"');
    const overview = await auditor.get('/organisation/policy');
    expect(overview.statusCode).toBe(200);
    expect(textOf(overview.body)).toContain('In force: version');
    expect(overview.body).not.toContain('Change the policy');
    expect(overview.body).not.toContain('href="/organisation/policy/pack"');
    expect((await auditor.get('/organisation/policy/versions')).statusCode).toBe(200);
    const version = await auditor.get('/organisation/policy/versions/1');
    expect(version.statusCode).toBe(200);
    expect(version.body).not.toContain('/restore');
    const exported = await auditor.get('/organisation/policy/export');
    expect(exported.statusCode).toBe(200);
    expect(JSON.parse(exported.body).id).toBeTruthy();
    for (const url of ['/organisation/policy/pack', rules, '/organisation/policy/import'])
      expect((await auditor.get(url)).statusCode).toBe(403);
    const before = await versionCount(pool);
    const draft = JSON.stringify({ basePackId: 'manchester', overrides: {} });
    expect(
      (await auditor.post('/organisation/policy/versions', { draft, reason: 'x' })).statusCode,
    ).toBe(403);
    expect((await auditor.post('/organisation/policy/versions/1/restore', {})).statusCode).toBe(
      403,
    );
    expect(await versionCount(pool)).toBe(before);
  });

  it('keeps an imported pack that has a built-in id when a rule of it is changed', async () => {
    const pack = JSON.parse((await admin.get('/organisation/policy/export')).body);
    expect(pack.id).toBe(JSON.parse((await admin.get('/organisation/policy/export')).body).id);
    const rule = pack.caseSupervision.find(
      (r: { id: string }) => r.id === 'child-in-need-3-monthly',
    );
    rule.interval.count = 5;
    pack.name = 'Northshire’s own framework';
    await admin.get('/organisation/policy/import');
    const preview = await admin.upload(
      '/organisation/policy/import',
      {},
      {
        name: 'pack.json',
        content: JSON.stringify(pack),
      },
    );
    expect(preview.statusCode).toBe(200);
    const imported = await admin.post('/organisation/policy/versions', {
      ...formOf(preview.body, '/organisation/policy/versions'),
      reason: 'Our own framework',
    });
    expect(imported.statusCode).toBe(303);
    const values = filledFormOf((await admin.get(rules)).body, rules, '');
    expect(values[interval]).toBe('5');
    const other = 'rule.early-help-3-monthly.interval';
    const changed = await admin.post(rules, { ...values, [other]: '2' });
    expect(changed.statusCode).toBe(200);
    const saved = await admin.post('/organisation/policy/versions', {
      ...formOf(changed.body, '/organisation/policy/versions'),
      reason: 'Early help every two months',
    });
    expect(saved.statusCode).toBe(303);
    // A second change, now that the imported pack carries overrides of its own.
    const again = filledFormOf((await admin.get(rules)).body, rules, '');
    expect(again[other]).toBe('2');
    const second = await admin.post(rules, { ...again, [interval]: '6' });
    expect(
      (
        await admin.post('/organisation/policy/versions', {
          ...formOf(second.body, '/organisation/policy/versions'),
          reason: 'Children in need every six months',
        })
      ).statusCode,
    ).toBe(303);
    const now = JSON.parse((await admin.get('/organisation/policy/export')).body);
    expect(now.id).toBe(pack.id);
    expect(now.name).toBe('Northshire’s own framework');
    const intervalOf = (id: string) =>
      now.caseSupervision.find((r: { id: string }) => r.id === id).interval.count;
    expect(intervalOf('child-in-need-3-monthly')).toBe(6);
    expect(intervalOf('early-help-3-monthly')).toBe(2);
  });

  it('chooses another built-in pack through the preview', async () => {
    const page = await admin.get('/organisation/policy/pack');
    expect(textOf(page.body)).toContain('Manchester City Council');
    const none = await admin.post('/organisation/policy/pack', {});
    expect(errorSummary(none.body)).toEqual([{ text: 'Select a policy pack', href: '#pack' }]);
    const preview = await admin.post('/organisation/policy/pack', { pack: 'manchester' });
    expect(preview.statusCode).toBe(200);
    expect(textOf(preview.body)).toContain(
      "under the change (Manchester Children's Services supervision policy)",
    );
    const saved = await admin.post('/organisation/policy/versions', {
      ...formOf(preview.body, '/organisation/policy/versions'),
      reason: 'Adopting the Manchester framework',
    });
    expect(saved.statusCode).toBe(303);
    expect(textOf((await admin.get('/organisation/policy')).body)).toContain('manchester');
  });
});
