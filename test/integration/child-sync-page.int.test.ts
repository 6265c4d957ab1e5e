/**
 * /organisation/sync: an administrator lists the syncs newest first and opens one to read its
 * report (what was added, changed and closed, or why it was rejected); nobody else may.
 */
import { describe, expect, it } from 'vitest';
import { rejectedReport } from '../../src/domain/bundle/child-sync-report.ts';
import { browserClient } from '../support/app.ts';
import { csv, drop, staffExternalId, syncApp } from './child-sync-helpers.ts';

const { app, pool, services, clock, folder } = await syncApp();
const worker = await staffExternalId(pool, 'fatima.hussain@northshire.example');
const adminUser = (await services.repos.users.findByEmail('admin@northshire.example'))!;

// A folder sync that applied, then a push that was rejected.
await drop(
  folder,
  {
    'children.csv': csv('child_id,name,opened_on', 'Q-1,Quinn Page,2026-01-05'),
    'allocations.csv': csv('child_id,worker_id,role,from', `Q-1,${worker},key_worker,2026-01-05`),
  },
  clock.now,
);
await services.childSync.inbox.scan(clock.now);
clock.advance(60_000);
const rejected = await services.childSync.push({
  user: adminUser,
  body: JSON.stringify({
    children: [
      {
        id: 'Q-2',
        caseId: 'Q-2',
        openedAt: '2026-01-05',
        statuses: [],
        flags: [],
        allocations: [{ workerId: 'E-NOBODY', role: 'key_worker', from: '2026-01-05' }],
      },
    ],
  }),
});
if (rejected.kind !== 'rejected' || !rejected.run) throw new Error('expected a kept rejection');
const { rows } = await pool.query('SELECT id FROM sync_run ORDER BY received_at');
const [appliedId, rejectedId] = rows.map((r) => r.id as string);

async function signedIn(email: string) {
  const client = browserClient(app);
  await client.signIn(email);
  return client;
}

describe('the syncs page', () => {
  it('lists the runs newest first for an administrator', async () => {
    const client = await signedIn('admin@northshire.example');
    const page = await client.get('/organisation/sync');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Syncs of children</h1>');
    const links = [...page.body.matchAll(/href="\/organisation\/sync\/([0-9a-f-]{36})"/g)].map(
      (m) => m[1],
    );
    expect(links).toEqual([rejectedId, appliedId]);
    expect(page.body).toContain('Pushed to the API by');
    expect(page.body).toContain('allocations.csv (1 row), children.csv (1 row)');
    expect(page.body).toMatch(/govuk-tag--red">\s*Rejected/);
    expect(page.body).toMatch(/govuk-tag--green">\s*Applied/);
  });

  it('shows one run’s report: the children added and changed', async () => {
    const client = await signedIn('admin@northshire.example');
    const page = await client.get(`/organisation/sync/${appliedId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Watched folder');
    expect(page.body).toContain('Children added');
    expect(page.body).toMatch(/<td class="govuk-table__cell">Q-1<\/td>/);
    const audit = await pool.query(
      `SELECT actor_user_id FROM audit_event WHERE action = 'sync_run.viewed' AND resource_id = $1`,
      [appliedId],
    );
    expect(audit.rows).toEqual([{ actor_user_id: adminUser.id }]);
  });

  it('shows why a run was rejected, each reason with where it is', async () => {
    const client = await signedIn('admin@northshire.example');
    const page = await client.get(`/organisation/sync/${rejectedId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rejected: nothing was changed');
    expect(page.body).toContain('$.children[0].allocations[0].workerId');
    expect(page.body).toContain('expected the id of a staff member in Oversight');
  });

  it('answers 404 for a run that does not exist, or is not a run’s address', async () => {
    const client = await signedIn('admin@northshire.example');
    expect(
      (await client.get('/organisation/sync/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
    expect((await client.get('/organisation/sync/not-a-run')).statusCode).toBe(404);
  });

  it('refuses everyone but administrators, showing nothing of the runs', async () => {
    for (const email of [
      'supervisor@northshire.example',
      'senior.manager@northshire.example',
      'practitioner@northshire.example',
    ]) {
      const client = await signedIn(email);
      for (const url of ['/organisation/sync', `/organisation/sync/${appliedId}`]) {
        const page = await client.get(url);
        expect(page.statusCode, `${email} ${url}`).toBe(403);
        expect(page.body).not.toContain('Q-1');
      }
    }
    const anonymous = await browserClient(app).get('/organisation/sync');
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('pages the runs 25 at a time with a link to each page, page 1 at the list’s own address', async () => {
    for (let n = 0; n < 24; n++) {
      clock.advance(60_000);
      await services.repos.syncRuns.record({
        organisationId: adminUser.organisationId,
        source: 'folder',
        files: [{ name: `children-${n}.csv`, kind: 'children', rows: 0 }],
        receivedAt: clock.now,
        finishedAt: clock.now,
        report: rejectedReport([{ file: `children-${n}.csv`, line: 1, message: 'empty' }]),
      });
    }
    const client = await signedIn('admin@northshire.example');
    const first = await client.get('/organisation/sync');
    expect(first.body).toContain('26 syncs, page 1 of 2');
    /** Each pagination link: its href and what it is (prev, next, or the page it names). */
    const pageLinks = (html: string) =>
      [
        ...html.matchAll(
          /class="govuk-link govuk-pagination__link" href="([^"]+)" (?:rel="(\w+)"|aria-label="([^"]+)")/g,
        ),
      ].map((m) => `${m[2] ?? m[3]} ${m[1]}`);
    expect(pageLinks(first.body)).toEqual([
      'Page 1 /organisation/sync',
      'Page 2 /organisation/sync?page=2',
      'next /organisation/sync?page=2',
    ]);
    const second = await client.get('/organisation/sync?page=2');
    expect(second.body).toContain('26 syncs, page 2 of 2');
    expect(second.body).toContain(`href="/organisation/sync/${appliedId}"`);
    expect(pageLinks(second.body)).toEqual([
      'prev /organisation/sync',
      'Page 1 /organisation/sync',
      'Page 2 /organisation/sync?page=2',
    ]);
    // Not a whole page number: the first page.
    expect((await client.get('/organisation/sync?page=2.5')).body).toContain('page 1 of 2');
  });
});
