import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import {
  accounts,
  dateFields,
  daysFromToday,
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

const recordIdIn = (location: unknown) => {
  const id = /^\/records\/([0-9a-f-]{36})/.exec(String(location))?.[1];
  if (!id) throw new Error(`no record in ${location}`);
  return id;
};

async function heldSession(
  pool: pg.Pool,
  options: {
    supervisorId: string;
    superviseeId: string;
    childIds: string[];
    on: string;
    kind?: string;
    alsoAttending?: string[];
  },
) {
  const { rows } = await pool.query('SELECT organisation_id FROM staff_member WHERE id = $1', [
    options.supervisorId,
  ]);
  const organisationId = rows[0].organisation_id;
  const id = randomUUID();
  await pool.query(
    `INSERT INTO supervision_session (organisation_id, id, external_id, kind, held_on, minutes,
       supervisor_id, status) VALUES ($1, $2::uuid, $2::text, $5, $3, 90, $4, 'held')`,
    [organisationId, id, options.on, options.supervisorId, options.kind ?? 'one_to_one'],
  );
  for (const [position, staffId] of [
    options.superviseeId,
    ...(options.alsoAttending ?? []),
  ].entries())
    await pool.query(
      `INSERT INTO session_participant (organisation_id, session_id, staff_id, position)
       VALUES ($1, $2, $3, $4)`,
      [organisationId, id, staffId, position],
    );
  for (const childId of options.childIds)
    await pool.query(
      `INSERT INTO session_child (organisation_id, session_id, child_id, added_by)
       VALUES ($1, $2, $3, $4)`,
      [organisationId, id, childId, options.supervisorId],
    );
  return id;
}

describe('supervision records on the pages', async () => {
  const { app, pool, services } = await testApp();
  const run = () => services.jobs.runDue(new Date(Date.now() + 1000));
  const noticesAbout = async (id: string) =>
    (
      await pool.query(
        `SELECT u.email, n.kind FROM notification n
         JOIN user_account u ON u.organisation_id = n.organisation_id AND u.id = n.recipient_user_id
         WHERE n.link = $1 ORDER BY n.created_at`,
        [`/records/${id}`],
      )
    ).rows;
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const jordansChild = (
    await pool.query(
      `SELECT child_id FROM child_allocation WHERE worker_id = $1 AND ends_on IS NULL
       ORDER BY child_id LIMIT 1`,
      [jordan],
    )
  ).rows[0].child_id as string;

  /** Starts a personal supervision record about Jordan, as Daniel; returns the client and id. */
  async function startPersonal(date = today()) {
    const supervisor = await signedIn(app, accounts.supervisor);
    await supervisor.get('/records/new');
    const started = await supervisor.post('/records', {
      kind: 'personal_supervision',
      staffId: jordan,
      ...dateFields('date', date),
    });
    expect(started.statusCode, started.body.slice(0, 3000)).toBe(303);
    return { supervisor, id: recordIdIn(started.headers.location) };
  }

  const versionRow = async (id: string, version = 1) =>
    (
      await pool.query('SELECT * FROM record_version WHERE record_id = $1 AND version = $2', [
        id,
        version,
      ])
    ).rows[0];

  it('is written on the pack’s template, shared, signed with a disagreement, locked and amended', async () => {
    const { supervisor, id } = await startPersonal();
    const editUrl = `/records/${id}/edit`;
    const editPage = await supervisor.get(editUrl);
    expect(editPage.statusCode).toBe(200);
    const text = textOf(editPage.body);
    // The systemic pack's Personal Supervision Record, in the seed's words.
    expect(text).toContain('Personal Supervision Record');
    expect(text).toContain('Actions to take forwards:');

    const form = recordFormOf(editPage.body, editUrl);
    const support = Object.keys(form).find((k) => k.startsWith('a:') && k.includes('support'));
    expect(support).toBeDefined();
    const saved = await supervisor.post(editUrl, {
      ...form,
      [support!]: 'Jordan spoke about the pressure of two court deadlines in one week.',
      'action-0-description': 'Book the court skills training',
      'action-0-ownerId': jordan,
      ...dateFields('action-0-dueOn', daysFromToday(20)),
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const draft = await versionRow(id);
    expect(draft.status).toBe('draft');
    expect(draft.answers[support!.slice(2)]).toContain('two court deadlines');
    expect(draft.actions[0]).toMatchObject({ description: 'Book the court skills training' });

    // Nobody but the author sees a draft's form; the supervisee cannot sign it yet.
    const jordanClient = await signedIn(app, accounts.practitioner);
    expect((await jordanClient.get(`/records/${id}/sign`)).statusCode).toBe(403);

    const check = await supervisor.get(`/records/${id}/share`);
    expect(textOf(check.body)).toContain('Supervisee Jordan Ellis');
    const shared = await supervisor.post(
      `/records/${id}/share`,
      recordFormOf(check.body, `/records/${id}/share`),
    );
    expect(shared.headers.location).toBe(`/records/${id}?done=shared`);
    expect((await versionRow(id)).status).toBe('shared');
    const record = (await pool.query('SELECT * FROM supervision_record WHERE id = $1', [id]))
      .rows[0];
    expect(record.shared_on).toBe(today());
    const action = (await pool.query('SELECT * FROM supervision_action WHERE record_id = $1', [id]))
      .rows[0];
    expect(action).toMatchObject({ owner_id: jordan, staff_id: jordan, status: 'open' });

    // The supervisee is told it is there to sign.
    await run();
    expect(await noticesAbout(id)).toEqual([
      { email: accounts.practitioner, kind: 'record_awaiting_signature' },
    ]);

    // It waits on the supervisee's list of records, and on the author's as shared.
    const waiting = textOf((await jordanClient.get('/records')).body);
    expect(waiting).toMatch(
      /Waiting for your signature .*Personal Supervision Record – Jordan Ellis/,
    );
    const sharedList = textOf((await supervisor.get('/records')).body);
    expect(sharedList).toMatch(/Shared by you, waiting for others to sign .*Jordan Ellis/);

    // The supervisee disagrees: a disagreement needs its words.
    const signPage = await jordanClient.get(`/records/${id}/sign`);
    expect(signPage.statusCode).toBe(200);
    const empty = await jordanClient.post(`/records/${id}/sign`, { decision: 'disagree' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body).map((e) => e.text)).toContain('Say what you disagree with');
    const disagreed = await jordanClient.post(`/records/${id}/sign`, {
      decision: 'disagree',
      disagreement: 'The record leaves out that I asked for a reduced caseload.',
    });
    expect(disagreed.headers.location).toBe(`/records/${id}?done=locked`);
    const locked = await versionRow(id);
    expect(locked.status).toBe('locked');
    const page = textOf((await jordanClient.get(`/records/${id}`)).body);
    expect(page).toContain('recorded a disagreement');
    expect(page).toContain('I asked for a reduced caseload');

    // The database itself refuses any change to a locked version or its signatures.
    await expect(
      pool.query(`UPDATE record_version SET answers = '{}' WHERE record_id = $1`, [id]),
    ).rejects.toThrow(/locked/);
    await expect(
      pool.query('DELETE FROM record_signature WHERE record_id = $1', [id]),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      pool.query('DELETE FROM record_version WHERE record_id = $1', [id]),
    ).rejects.toThrow(/locked/);

    // The disagreement goes to the supervisor's line manager.
    const escalated = await jordanClient.post(`/records/${id}/escalate`, {
      reason: 'Please look at my caseload.',
    });
    expect(escalated.headers.location).toBe(`/records/${id}?done=escalated`);
    const escalation = (
      await pool.query('SELECT * FROM record_escalation WHERE record_id = $1', [id])
    ).rows[0];
    const danielsManager = (
      await pool.query('SELECT line_manager_id FROM staff_member WHERE id = $1', [daniel])
    ).rows[0].line_manager_id;
    expect(escalation.to_staff_id).toBe(danielsManager);
    await run();
    expect((await noticesAbout(id)).at(-1)).toEqual({
      email: accounts.seniorManager,
      kind: 'record_escalated',
    });
    // The line manager reads it (a personal record, open to them now) and responds.
    const manager = await signedIn(app, accounts.seniorManager);
    const escalatedPage = await manager.get(`/records/${id}`);
    expect(textOf(escalatedPage.body)).toContain('Please look at my caseload.');
    const responded = await manager.post(`/records/${id}/escalations/${escalation.id}/response`, {
      response: 'Agreed: Daniel will review the caseload with Jordan this week.',
    });
    expect(responded.headers.location).toBe(`/records/${id}?done=answered`);
    expect(textOf((await jordanClient.get(`/records/${id}`)).body)).toContain(
      'Daniel will review the caseload',
    );

    // An amendment is a new version with its reason; the locked one stays as it was.
    const noReason = await supervisor.post(`/records/${id}/amend`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const amended = await supervisor.post(`/records/${id}/amend`, {
      reason: 'Adding the caseload request Jordan raised',
    });
    expect(amended.headers.location).toBe(`/records/${id}/edit?done=amended`);
    const second = await versionRow(id, 2);
    expect(second).toMatchObject({
      status: 'draft',
      amendment_reason: 'Adding the caseload request Jordan raised',
    });
    expect(second.answers).toEqual(locked.answers);
    expect((await versionRow(id)).status).toBe('locked');
    const first = textOf((await supervisor.get(`/records/${id}/versions/1`)).body);
    expect(first).toContain('A later version replaced it');
  });

  it('refuses bad input with errors that name the field', async () => {
    const { supervisor, id } = await startPersonal();
    const notReal = await supervisor.post('/records', {
      kind: 'personal_supervision',
      staffId: jordan,
      'date-day': '31',
      'date-month': '2',
      'date-year': '2026',
    });
    expect(notReal.statusCode).toBe(400);
    expect(errorSummary(notReal.body)).toEqual([
      { text: 'Date must be a real date', href: '#date-day' },
    ]);
    const nobody = await supervisor.post('/records', {
      kind: 'personal_supervision',
      ...dateFields('date', today()),
    });
    expect(errorSummary(nobody.body).map((e) => e.text)).toEqual([
      'Select one of the people you supervise',
    ]);
    const editUrl = `/records/${id}/edit`;
    const form = recordFormOf((await supervisor.get(editUrl)).body, editUrl);
    const early = await supervisor.post(editUrl, {
      ...form,
      'action-0-description': 'Read the chronology',
      'action-0-ownerId': jordan,
      ...dateFields('action-0-dueOn', daysFromToday(-3)),
      intent: 'save',
    });
    expect(early.statusCode).toBe(400);
    const summary = errorSummary(early.body);
    expect(summary[0]?.text).toMatch(/cannot be due before the supervision/);
    expect(summary[0]?.href).toBe('#action-0-dueOn-day');

    // Saved without an owner, it cannot be shared until someone is chosen.
    const noOwner = await supervisor.post(editUrl, {
      ...form,
      'action-0-description': 'Read the chronology',
      ...dateFields('action-0-dueOn', daysFromToday(3)),
      intent: 'save',
    });
    expect(noOwner.statusCode).toBe(303);
    const check = await supervisor.get(`/records/${id}/share`);
    expect(textOf(check.body)).toContain('You cannot share it yet');
    expect(check.body).not.toContain('Sign and share');
    const refused = await supervisor.post(`/records/${id}/share`, {
      revision: String((await versionRow(id)).revision),
    });
    expect(refused.statusCode).toBe(400);
    expect((await versionRow(id)).status).toBe('draft');

    // Someone who is not a party cannot sign it.
    const senior = await signedIn(app, accounts.seniorManager);
    expect((await senior.get(`/records/${id}/sign`)).statusCode).toBe(403);
  });

  it('keeps both texts when two people save one draft: a conflict page, nothing lost', async () => {
    const { supervisor, id } = await startPersonal();
    const editUrl = `/records/${id}/edit`;
    const form = recordFormOf((await supervisor.get(editUrl)).body, editUrl);
    const key = Object.keys(form).find((k) => k.startsWith('a:') && k.includes('support'))!;
    const mine = await supervisor.post(editUrl, { ...form, [key]: 'First save', intent: 'save' });
    expect(mine.statusCode).toBe(303);
    // The same form again, read before that save: a conflict, with both versions shown.
    const stale = await supervisor.post(editUrl, { ...form, [key]: 'Second text', intent: 'save' });
    expect(stale.statusCode).toBe(409);
    const text = textOf(stale.body);
    expect(text).toContain('First save');
    expect(text).toContain('Second text');
    expect((await versionRow(id)).answers[key.slice(2)]).toBe('First save');
    // Saving their version over: the conflict page's form carries the new revision.
    const again = await supervisor.post(editUrl, recordFormOf(stale.body, editUrl));
    expect(again.statusCode).toBe(303);
    expect((await versionRow(id)).answers[key.slice(2)]).toBe('Second text');
  });

  it('saves a draft as JSON for the page’s script, and answers a stale save with 409', async () => {
    const { supervisor, id } = await startPersonal();
    const editUrl = `/records/${id}/edit`;
    const form = recordFormOf((await supervisor.get(editUrl)).body, editUrl);
    const key = Object.keys(form).find((k) => k.startsWith('a:') && k.includes('support'))!;
    const json = { accept: 'application/json' };
    const views = async () =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM audit_event
           WHERE resource_id = $1 AND action = 'supervision_record.viewed'`,
          [id],
        )
      ).rows[0].n as number;
    const viewsBefore = await views();
    const saved = await supervisor.post(
      editUrl,
      { ...form, [key]: 'As I type', intent: 'autosave' },
      json,
    );
    expect(saved.statusCode).toBe(200);
    expect(JSON.parse(saved.body).revision).toBe(Number(form.revision) + 1);
    // Saving as one types is a change, audited as one, not another view of the record.
    expect(await views()).toBe(viewsBefore);
    const stale = await supervisor.post(
      editUrl,
      { ...form, [key]: 'Old tab', intent: 'autosave' },
      json,
    );
    expect(stale.statusCode).toBe(409);
    expect(JSON.parse(stale.body)).toMatchObject({ conflict: true });
  });

  it('keeps personal records to the people the framework names, and logs every view', async () => {
    const { supervisor, id } = await startPersonal();
    await supervisor.get(`/records/${id}`);
    const jordanClient = await signedIn(app, accounts.practitioner);
    expect((await jordanClient.get(`/records/${id}`)).statusCode).toBe(200);
    for (const email of [accounts.seniorManager, accounts.admin, 'asye@northshire.example']) {
      const other = await signedIn(app, email);
      expect((await other.get(`/records/${id}`)).statusCode, email).toBe(403);
      expect((await other.get(`/records/${id}/print`)).statusCode, email).toBe(403);
    }
    const views = await pool.query(
      `SELECT count(*)::int AS n FROM audit_event
       WHERE resource_id = $1 AND action = 'supervision_record.viewed'`,
      [id],
    );
    expect(views.rows[0].n).toBe(2);
  });

  it('makes a session’s records, lists open actions for review and flags a repeated action', async () => {
    const first = await heldSession(pool, {
      supervisorId: daniel,
      superviseeId: jordan,
      childIds: [jordansChild],
      on: daysFromToday(-30),
    });
    const supervisor = await signedIn(app, accounts.supervisor);
    const before = await supervisor.get(`/planning/sessions/${first}/records`);
    expect(textOf(before.body)).toContain('Start the records');
    const made = await supervisor.post(`/planning/sessions/${first}/records`, {});
    expect(made.statusCode, made.body.slice(0, 4000)).toBe(303);
    const records = (
      await pool.query(
        `SELECT r.id, r.kind, array_agg(rc.child_id) FILTER (WHERE rc.child_id IS NOT NULL) AS children
         FROM supervision_record r LEFT JOIN record_child rc ON rc.record_id = r.id
         WHERE r.session_id = $1 GROUP BY r.id, r.kind ORDER BY r.kind`,
        [first],
      )
    ).rows;
    expect(records.map((r) => r.kind)).toEqual(['case_supervision', 'personal_supervision']);
    const caseRecord = records.find((r) => r.kind === 'case_supervision')!;
    expect(caseRecord.children).toEqual([jordansChild]);

    // The case record (a task list of sections) is written section by section; its last
    // section agrees an action for the child.
    const sectionUrls = [
      ...new Set(
        [
          ...(await supervisor.get(`/records/${caseRecord.id}`)).body.matchAll(
            /href="(\/records\/[^"]+\/edit\?section=[^"]+)"/g,
          ),
        ].map((m) => decode(m[1]!)),
      ),
    ];
    expect(sectionUrls.length).toBeGreaterThanOrEqual(4);
    const editUrl = `/records/${caseRecord.id}/edit`;
    for (const url of sectionUrls) {
      const form = recordFormOf((await supervisor.get(url)).body, editUrl);
      const answerKeys = Object.keys(form).filter(
        (k) =>
          k.startsWith('a:') &&
          !k.endsWith('-day') &&
          !k.endsWith('-month') &&
          !k.endsWith('-year'),
      );
      const filled = Object.fromEntries(
        answerKeys.map((k) => [
          k,
          `The plan is working (${k}) and the child said she feels safer at home.`,
        ]),
      );
      const actionRow =
        'action-count' in form
          ? {
              'action-0-description': 'Visit the school to hear from the class teacher',
              'action-0-ownerId': jordan,
              ...dateFields('action-0-dueOn', daysFromToday(-10)),
            }
          : {};
      const saved = await supervisor.post(editUrl, {
        ...form,
        ...filled,
        ...actionRow,
        intent: 'continue',
      });
      expect(saved.statusCode, url).toBe(303);
    }
    const check = await supervisor.get(`/records/${caseRecord.id}/share`);
    await supervisor.post(
      `/records/${caseRecord.id}/share`,
      recordFormOf(check.body, `/records/${caseRecord.id}/share`),
    );

    // The compliance engine reads the record's dates: shared today, late for a meeting a month ago.
    const organisationId = (
      await pool.query('SELECT organisation_id FROM supervision_record WHERE id = $1', [
        caseRecord.id,
      ])
    ).rows[0].organisation_id;
    const { obligations } = await services.compliance.forOrganisation(organisationId, today());
    const shared = obligations.find(
      (o) => o.id === `recording:${caseRecord.id}:case-notes-shared-5-wd`,
    );
    expect(shared).toMatchObject({ metOn: today(), responsibleId: 'tm-ait' });
    expect(shared?.state).not.toBe('met');

    // The next supervision about the child lists the open action for a progress update.
    const next = await heldSession(pool, {
      supervisorId: daniel,
      superviseeId: jordan,
      childIds: [jordansChild],
      on: today(),
    });
    await supervisor.post(`/planning/sessions/${next}/records`, {});
    const nextCase = (
      await pool.query(
        `SELECT id FROM supervision_record WHERE session_id = $1 AND kind = 'case_supervision'`,
        [next],
      )
    ).rows[0].id;
    const nextSections = [
      ...new Set(
        [
          ...(await supervisor.get(`/records/${nextCase}`)).body.matchAll(
            /href="(\/records\/[^"]+\/edit\?section=[^"]+)"/g,
          ),
        ].map((m) => decode(m[1]!)),
      ),
    ];
    const nextUrl = `/records/${nextCase}/edit`;
    let listed = false;
    for (const url of nextSections) {
      const page = await supervisor.get(url);
      const form = recordFormOf(page.body, nextUrl);
      const extra: Record<string, string> = {};
      if ('review-count' in form && form['review-count'] !== '0') {
        listed = textOf(page.body).includes('Visit the school to hear from the class teacher');
        Object.assign(extra, {
          'review-0-progress': 'Done: the teacher says attendance is up.',
          'review-0-outcome': 'completed',
        });
      }
      if ('action-count' in form)
        Object.assign(extra, {
          'action-0-description': 'Visit the school to hear from the class teacher.',
          'action-0-ownerId': jordan,
          ...dateFields('action-0-dueOn', daysFromToday(14)),
        });
      const saved = await supervisor.post(nextUrl, { ...form, ...extra, intent: 'continue' });
      expect(saved.statusCode, url).toBe(303);
    }
    expect(listed).toBe(true);
    // The same action agreed again, word for word: the check before sharing flags it.
    const nextCheck = textOf((await supervisor.get(`/records/${nextCase}/share`)).body);
    expect(nextCheck).toMatch(
      /Visit the school to hear from the class teacher.*(again|repeated|unchanged)/i,
    );
    await supervisor.post(`/records/${nextCase}/share`, {
      revision: String((await versionRow(nextCase)).revision),
    });
    const action = (
      await pool.query('SELECT status, completed_on FROM supervision_action WHERE record_id = $1', [
        caseRecord.id,
      ])
    ).rows[0];
    expect(action).toEqual({ status: 'completed', completed_on: today() });
  });

  it('gives the supervisee only the sections the template leaves to them', async () => {
    const { id } = await startPersonal();
    const jordanClient = await signedIn(app, accounts.practitioner);
    // The systemic personal record is the supervisor's to write: the supervisee has no form.
    const edit = await jordanClient.get(`/records/${id}/edit`);
    expect(edit.statusCode).toBe(303);
  });

  it('records a group session once, with a note on each child’s record signed by the lead', async () => {
    const fatima = await staffIdOf(pool, 'sw-ait-2');
    const group = await heldSession(pool, {
      kind: 'group',
      supervisorId: daniel,
      superviseeId: jordan,
      alsoAttending: [fatima],
      childIds: [jordansChild],
      on: today(),
    });
    const supervisor = await signedIn(app, accounts.supervisor);
    await supervisor.get(`/planning/sessions/${group}/records`);
    await supervisor.post(`/planning/sessions/${group}/records`, {});
    const made = (
      await pool.query(
        `SELECT r.id, r.kind, (SELECT count(*)::int FROM record_staff x WHERE x.record_id = r.id) AS attendees,
           (SELECT count(*)::int FROM record_child x WHERE x.record_id = r.id) AS children
         FROM supervision_record r WHERE r.session_id = $1 ORDER BY r.kind`,
        [group],
      )
    ).rows;
    expect(made.map(({ kind, attendees, children }) => ({ kind, attendees, children }))).toEqual([
      { kind: 'case_supervision', attendees: 2, children: 1 },
      { kind: 'group_supervision', attendees: 2, children: 0 },
    ]);
    // The child's note is the lead's to sign: sharing it locks it.
    const note = made[0].id;
    const check = textOf((await supervisor.get(`/records/${note}/share`)).body);
    expect(check).toContain('Supervisor Daniel Okafor');
    expect(check).not.toContain('Supervisee Jordan Ellis');
    // The note is on the child's page.
    const childPage = textOf((await supervisor.get(`/children/${jordansChild}`)).body);
    expect(childPage).toContain('Supervision and oversight notes');
  });
});
