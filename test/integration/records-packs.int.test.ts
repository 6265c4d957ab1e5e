import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import {
  accounts,
  dateFields,
  decode,
  errorSummary,
  filledFormOf,
  signedIn,
  staffIdOf,
  textOf,
  today,
} from './organisation-helpers.ts';

/** A record form as a browser sends it, without the submit button (the test adds its intent). */
const recordFormOf = (html: string, action: string) => filledFormOf(html, action, 'intent');

/** Each pack's own forms and practice expectations, on the demo organisation's data. */
describe('records on each pack’s forms', async () => {
  const { app, pool } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const child = (
    await pool.query(
      `SELECT child_id FROM child_allocation WHERE worker_id = $1 AND ends_on IS NULL
       ORDER BY child_id LIMIT 1`,
      [jordan],
    )
  ).rows[0].child_id as string;

  const usePack = (pack: string) =>
    pool.query('UPDATE organisation SET policy_pack_id = $1, overrides = NULL', [pack]);

  async function startCaseRecord(kind = 'case_supervision') {
    const supervisor = await signedIn(app, accounts.supervisor);
    await supervisor.get('/records/new');
    const started = await supervisor.post('/records', {
      kind,
      staffId: jordan,
      childId: child,
      ...dateFields('date', today()),
    });
    expect(started.statusCode, started.body.slice(0, 2000)).toBe(303);
    const id = /^\/records\/([0-9a-f-]{36})/.exec(String(started.headers.location))![1]!;
    return { supervisor, id };
  }

  /** The task list's section pages of a record, in order. */
  async function sectionUrls(client: Awaited<ReturnType<typeof signedIn>>, id: string) {
    const page = (await client.get(`/records/${id}`)).body;
    return [
      ...new Set(
        [...page.matchAll(/href="(\/records\/[^"]+\/edit\?section=[^"]+)"/g)].map((m) =>
          decode(m[1]!),
        ),
      ),
    ];
  }

  it('Manchester: the Signs of Safety headings, 0–10 scaling and the MONTHLY headline', async () => {
    await usePack('manchester');
    const { supervisor, id } = await startCaseRecord();
    const record = textOf((await supervisor.get(`/records/${id}`)).body);
    expect(record).toContain('MONTHLY Supervision - Daniel Okafor TM and Jordan Ellis SW');
    for (const heading of [
      'What are we worried about?',
      'What is working well?',
      'What needs to happen?',
    ])
      expect(record).toContain(heading);

    // The scaling questions take a whole number from 0 to 10, and say so when given 11.
    const urls = await sectionUrls(supervisor, id);
    const editUrl = `/records/${id}/edit`;
    let scaled = false;
    for (const url of urls) {
      const page = await supervisor.get(url);
      if (!page.body.includes('A whole number from 0 to 10')) continue;
      const form = recordFormOf(page.body, editUrl);
      const scale = Object.keys(form).find((k) => k.startsWith('a:scaling'))!;
      const refused = await supervisor.post(editUrl, { ...form, [scale]: '11', intent: 'save' });
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)[0]?.text).toMatch(/from 0 to 10/);
      const kept = await supervisor.post(editUrl, { ...form, [scale]: '7', intent: 'save' });
      expect(kept.statusCode).toBe(303);
      scaled = true;
      break;
    }
    expect(scaled).toBe(true);
    const versions = await pool.query('SELECT answers FROM record_version WHERE record_id = $1', [
      id,
    ]);
    expect(Object.values(versions.rows[0].answers)).toContain(7);
  });

  it('Manchester: an unplanned discussion is headed AD HOC', async () => {
    await usePack('manchester');
    const { supervisor, id } = await startCaseRecord('case_supervision_unplanned');
    expect(textOf((await supervisor.get(`/records/${id}`)).body)).toContain(
      'AD HOC Supervision - Daniel Okafor TM and Jordan Ellis SW',
    );
  });

  it('Northumberland: a blank or copied note must be put right before it is shared', async () => {
    await usePack('northumberland-2024');
    const { supervisor, id } = await startCaseRecord();
    const record = textOf((await supervisor.get(`/records/${id}`)).body);
    expect(record).toContain('Planned supervision between Daniel Okafor and Jordan Ellis');
    const check = await supervisor.get(`/records/${id}/share`);
    expect(check.statusCode).toBe(200);
    const text = textOf(check.body);
    expect(text).toContain('You cannot share it yet');
    expect(check.body).not.toContain('Sign and share');
    const refused = await supervisor.post(`/records/${id}/share`, { revision: '1' });
    expect(refused.statusCode).toBe(400);
    const status = await pool.query('SELECT status FROM record_version WHERE record_id = $1', [id]);
    expect(status.rows[0].status).toBe('draft');
  });

  it('Durham: an observation is signed by the supervisee, the observer and the line manager', async () => {
    await usePack('durham-one-point-2022');
    const supervisor = await signedIn(app, accounts.supervisor);
    await supervisor.get('/records/new');
    const started = await supervisor.post('/records', {
      kind: 'direct_observation',
      staffId: jordan,
      ...dateFields('date', today()),
    });
    expect(started.statusCode).toBe(303);
    const id = /^\/records\/([0-9a-f-]{36})/.exec(String(started.headers.location))![1]!;
    const check = textOf((await supervisor.get(`/records/${id}/share`)).body);
    // Daniel observes and is Jordan's line manager: "where they are not the same person".
    expect(check).toContain('Observer Daniel Okafor');
    expect(check).toContain('Supervisee Jordan Ellis');
    expect(check).not.toContain('Supervisee’s line manager');
  });

  it('Durham: the author says when the meeting was put on MyView, for the 10-day deadline', async () => {
    await usePack('durham-one-point-2022');
    const supervisor = await signedIn(app, accounts.supervisor);
    await supervisor.get('/records/new');
    const started = await supervisor.post('/records', {
      kind: 'personal_supervision',
      staffId: jordan,
      ...dateFields('date', today()),
    });
    const id = /^\/records\/([0-9a-f-]{36})/.exec(String(started.headers.location))![1]!;
    const page = textOf((await supervisor.get(`/records/${id}`)).body);
    expect(page).toContain('When was the meeting recorded on the HR system?');
    const missing = await supervisor.post(`/records/${id}/date-recorded`, {});
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)[0]?.href).toBe('#dateRecorded-day');
    const saved = await supervisor.post(
      `/records/${id}/date-recorded`,
      dateFields('dateRecorded', today()),
    );
    expect(saved.headers.location).toBe(`/records/${id}?done=date-recorded`);
    const row = await pool.query('SELECT date_recorded_on FROM supervision_record WHERE id = $1', [
      id,
    ]);
    expect(row.rows[0].date_recorded_on).toBe(today());
    // The supervisee is not asked.
    const jordanClient = await signedIn(app, accounts.practitioner);
    expect(textOf((await jordanClient.get(`/records/${id}`)).body)).not.toContain('HR system');
  });

  it('Leeds: the worker writes Part A of the case record and the supervisor Part B', async () => {
    await usePack('leeds-schools-clusters');
    const { supervisor, id } = await startCaseRecord();
    const editUrl = `/records/${id}/edit`;
    const worker = await signedIn(app, accounts.practitioner);
    // The supervisee's form has only their part.
    const theirs = await worker.get(editUrl);
    expect(theirs.statusCode).toBe(200);
    const theirText = textOf(theirs.body);
    expect(theirText).toContain('PART A for completion by the worker');
    expect(theirText).not.toContain('PART B');
    const form = recordFormOf(theirs.body, editUrl);
    const familyName = Object.keys(form).find((k) => k.startsWith('a:part-a.'))!;
    const saved = await worker.post(editUrl, { ...form, [familyName]: 'Written by Jordan' });
    expect(saved.statusCode).toBe(303);
    // The supervisor's form has both parts, with Jordan's words kept.
    const urls = await sectionUrls(supervisor, id);
    const pages = await Promise.all(
      urls.map(async (url) => textOf((await supervisor.get(url)).body)),
    );
    const all = urls.length > 0 ? pages.join(' ') : textOf((await supervisor.get(editUrl)).body);
    expect(all).toContain('PART B');
    expect(all).toContain('Written by Jordan');
    // Sharing is the supervisor's alone.
    expect((await worker.get(`/records/${id}/share`)).statusCode).toBe(403);
  });
});
