import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPack } from '../../src/domain/policy/index.ts';
import { formSections } from '../../src/domain/records/form-layout.ts';
import { templateFor } from '../../src/domain/records/index.ts';
import { testApp } from '../support/app.ts';
import { addAccount } from './agreements-helpers.ts';
import { apiClient } from './api-helpers.ts';
import {
  accounts,
  daysFromToday,
  filledFormOf,
  signedIn,
  staffIdOf,
  textOf,
  today,
  userIdOf,
} from './organisation-helpers.ts';

/**
 * A change of supervisor: Daniel Okafor wrote Jordan Ellis's personal supervision three months
 * ago; Jordan is now supervised and line managed by Sarah Whitfield. Durham passes the record to
 * Sarah only once Jordan agrees, and lets Daniel's manager (Priya Raman) redact it; Manchester
 * passes it without asking.
 */
describe('records on a change of supervisor', async () => {
  const { app, pool, services } = await testApp();
  const api = apiClient(app, services);
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const sarah = await staffIdOf(pool, 'tm-cp');
  const sarahEmail = 'sarah.whitfield@northshire.example';
  await addAccount(pool, sarah, sarahEmail, ['supervisor']);
  const organisationId = (
    await pool.query('SELECT organisation_id FROM staff_member WHERE id = $1', [jordan])
  ).rows[0].organisation_id as string;

  const usePack = (pack: string) =>
    pool.query('UPDATE organisation SET policy_pack_id = $1, overrides = NULL', [pack]);

  const passage = 'doubts about her commitment after the missed visit';
  const answer = `Jordan is settled. I have ${passage}, which we will return to.`;

  /** Daniel's signed personal supervision of Jordan, written on Durham's form. */
  async function danielsRecordOfJordan() {
    const template = templateFor(getPack('durham-one-point-2022')!, 'personal_supervision');
    const field = formSections(template, { openActions: false })
      .flatMap((s) => s.fields)
      .find((f) => f.type === 'text')!;
    const id = randomUUID();
    await pool.query(
      `INSERT INTO supervision_record (organisation_id, id, external_id, kind, meeting_date,
         author_id, template_id, written_on, shared_on, signed_on)
       VALUES ($1, $2::uuid, $2::text, 'personal_supervision', $3, $4, $5, $3, $3, $3)`,
      [organisationId, id, daysFromToday(-90), daniel, template.id],
    );
    await pool.query(
      `INSERT INTO record_staff (organisation_id, record_id, staff_id, position)
       VALUES ($1, $2, $3, 0)`,
      [organisationId, id, jordan],
    );
    await pool.query(
      `INSERT INTO record_version (organisation_id, record_id, version, status, template,
         headline, answers, signatories, shared_at, locked_at)
       VALUES ($1, $2, 1, 'locked', $3, 'Personal supervision of Jordan Ellis', $4, $5,
         now(), now())`,
      [
        organisationId,
        id,
        JSON.stringify(template),
        JSON.stringify({ [field.key]: answer }),
        JSON.stringify([
          { party: 'supervisor', staffId: daniel },
          { party: 'supervisee', staffId: jordan },
        ]),
      ],
    );
    return id;
  }

  const record = await danielsRecordOfJordan();
  // Daniel stops supervising Jordan yesterday; Sarah supervises and line manages her from today.
  await pool.query(
    `UPDATE supervisory_relationship SET ends_on = $3
     WHERE supervisee_id = $1 AND supervisor_id = $2 AND ends_on IS NULL`,
    [jordan, daniel, daysFromToday(-1)],
  );
  await pool.query(
    `INSERT INTO supervisory_relationship (organisation_id, id, external_id, supervisee_id,
       supervisor_id, kind, starts_on) VALUES ($1, $2::uuid, $2::text, $3, $4, 'line_management', $5)`,
    [organisationId, randomUUID(), jordan, sarah, today()],
  );
  await pool.query('UPDATE staff_member SET line_manager_id = $2 WHERE id = $1', [jordan, sarah]);

  const sarahClient = await signedIn(app, sarahEmail);
  const jordanClient = await signedIn(app, accounts.practitioner);
  const priyaClient = await signedIn(app, accounts.seniorManager);
  const sarahToken = await api.tokenFor(sarahEmail);

  const events = async (action: string, email: string) =>
    (
      await pool.query(
        `SELECT detail FROM audit_event WHERE action = $1 AND actor_user_id = $2 ORDER BY id`,
        [action, await userIdOf(pool, email)],
      )
    ).rows.map((r) => r.detail as Record<string, unknown>);

  it('Manchester: the record passes to the new supervisor without asking, and none may redact', async () => {
    await usePack('manchester');
    expect((await sarahClient.get(`/records/${record}`)).statusCode).toBe(200);
    expect((await api.call(sarahToken, 'GET', `/records/${record}`)).statusCode).toBe(200);
    const page = textOf((await jordanClient.get('/supervision/record-transfer')).body);
    expect(page).toContain('without asking you first');
    expect(page).toContain('Sarah Whitfield');
    expect((await priyaClient.get(`/records/${record}/redact`)).statusCode).toBe(403);
  });

  it('Durham: held back from the new supervisor and line manager until the supervisee agrees', async () => {
    await usePack('durham-one-point-2022');
    expect((await sarahClient.get(`/records/${record}`)).statusCode).toBe(403);
    expect((await sarahClient.get(`/records/${record}/print`)).statusCode).toBe(403);
    expect((await api.call(sarahToken, 'GET', `/records/${record}`)).statusCode).toBe(403);
    const listed = await api.call(sarahToken, 'GET', `/records?staffId=${jordan}`);
    expect(listed.json().items.map((i: { id: string }) => i.id)).not.toContain(record);
    // Daniel, who wrote it, still reads it.
    const danielClient = await signedIn(app, accounts.supervisor);
    expect((await danielClient.get(`/records/${record}`)).statusCode).toBe(200);

    // Jordan's home page asks, and the page says what agreeing means in the policy's words.
    const home = textOf((await jordanClient.get('/')).body);
    expect(home).toContain('1 new supervisor is waiting for your agreement');
    const page = textOf((await jordanClient.get('/supervision/record-transfer')).body);
    expect(page).toContain("with the supervisee's agreement");
    expect(page).toContain('Sarah Whitfield');
    expect(page).toContain('Waiting for your decision');
  });

  it('asks for a decision, and a decline keeps the record held back', async () => {
    const none = await jordanClient.post('/supervision/record-transfer', { supervisorId: sarah });
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain(
      'Select whether Sarah Whitfield may read your earlier supervision records',
    );
    const declined = await jordanClient.post('/supervision/record-transfer', {
      supervisorId: sarah,
      decision: 'declined',
    });
    expect(declined.statusCode).toBe(303);
    expect((await sarahClient.get(`/records/${record}`)).statusCode).toBe(403);
    expect(textOf((await jordanClient.get('/supervision/record-transfer')).body)).toContain(
      'Declined',
    );
    expect(await events('record_transfer.consent_declined', accounts.practitioner)).toEqual([
      expect.objectContaining({ supervisorId: sarah }),
    ]);
    // Nobody decides for someone else who is not their new supervisor.
    const stranger = await jordanClient.post('/supervision/record-transfer', {
      supervisorId: daniel,
      decision: 'given',
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('passes the record once the supervisee agrees, on the audit trail', async () => {
    const agreed = await jordanClient.post('/supervision/record-transfer', {
      supervisorId: sarah,
      decision: 'given',
    });
    expect(agreed.statusCode).toBe(303);
    const shown = await sarahClient.get(`/records/${record}`);
    expect(shown.statusCode).toBe(200);
    expect(textOf(shown.body)).toContain(passage);
    expect(await events('record_transfer.consent_given', accounts.practitioner)).toHaveLength(1);
    expect(textOf((await jordanClient.get('/')).body)).not.toContain('waiting for your agreement');
  });

  it('lets only the manager of the original supervisor redact', async () => {
    expect((await sarahClient.get(`/records/${record}/redact`)).statusCode).toBe(403);
    await sarahClient.get(`/records/${record}`);
    const bySarah = await sarahClient.post(`/records/${record}/redact`, {
      field: 'x',
      passage,
      reason: 'No',
    });
    expect(bySarah.statusCode).toBe(403);
    expect((await jordanClient.get(`/records/${record}/redact`)).statusCode).toBe(403);

    const form = await priyaClient.get(`/records/${record}/redact`);
    expect(form.statusCode).toBe(200);
    const field = /name="field" type="radio" value="([^"]+)"/.exec(form.body)?.[1];
    expect(field).toBeDefined();
    const refused = await priyaClient.post(`/records/${record}/redact`, {
      field: field!,
      passage: 'words that are not there',
      reason: '',
    });
    expect(refused.statusCode).toBe(400);
    const problems = textOf(refused.body);
    expect(problems).toContain('Enter words exactly as they appear in the answer you selected');
    expect(problems).toContain('Say why these words could damage the relationship');

    const redacted = await priyaClient.post(`/records/${record}/redact`, {
      field: field!,
      passage,
      reason: 'A passing worry that would colour the new relationship',
    });
    expect(redacted.statusCode).toBe(303);
    expect(await events('supervision_record.redacted', accounts.seniorManager)).toHaveLength(1);
  });

  it('shows the new supervisor [redacted] on the page, the print view and the API, never the words', async () => {
    for (const url of [`/records/${record}`, `/records/${record}/print`]) {
      const page = await sarahClient.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(passage);
      expect(textOf(page.body)).toContain('Jordan is settled. I have [redacted], which we will');
      expect(textOf(page.body)).toContain('Parts of this record have been redacted');
      expect(page.body).not.toContain('original=yes');
    }
    const json = await api.call(sarahToken, 'GET', `/records/${record}`);
    expect(json.statusCode).toBe(200);
    expect(json.body).not.toContain(passage);
    expect(json.body).toContain('[redacted]');
    expect((await sarahClient.get(`/records/${record}?original=yes`)).statusCode).toBe(403);
    // The signed version is as it was signed.
    const stored = await pool.query(
      'SELECT answers::text FROM record_version WHERE record_id = $1',
      [record],
    );
    expect(stored.rows[0].answers).toContain(passage);
  });

  it('lets the supervisee open the original, each read logged as its own event', async () => {
    const page = await jordanClient.get(`/records/${record}`);
    expect(page.body).not.toContain(passage);
    expect(page.body).toContain(`/records/${record}?original=yes`);
    const original = await jordanClient.get(`/records/${record}?original=yes`);
    expect(original.statusCode).toBe(200);
    expect(textOf(original.body)).toContain(passage);
    expect(await events('supervision_record.original_viewed', accounts.practitioner)).toEqual([
      expect.objectContaining({ kind: 'personal_supervision', version: 1 }),
    ]);
  });

  it('lets the redactor withdraw a redaction with a reason, after which the words show again', async () => {
    const form = await priyaClient.get(`/records/${record}/redact`);
    const redactionId = /\/redactions\/([0-9a-f-]{36})\/withdraw/.exec(form.body)?.[1];
    expect(redactionId).toBeDefined();
    const url = `/records/${record}/redactions/${redactionId}/withdraw`;
    expect((await sarahClient.post(url, { reason: 'Mine now' })).statusCode).toBe(403);
    expect((await priyaClient.post(url, { reason: '' })).statusCode).toBe(400);
    expect((await priyaClient.post(url, { reason: 'Raised with Jordan' })).statusCode).toBe(303);
    expect(textOf((await sarahClient.get(`/records/${record}`)).body)).toContain(passage);
    expect(
      await events('supervision_record.redaction_withdrawn', accounts.seniorManager),
    ).toHaveLength(1);
    // Withdrawn once; it is never edited afterwards.
    await expect(
      pool.query(`UPDATE record_redaction SET reason = 'changed' WHERE id = $1`, [redactionId]),
    ).rejects.toThrow(/never edited/);
  });

  it('hides the words in the versions before the one the redaction was laid on', async () => {
    // A second signed version, as an amendment leaves it: the redaction is laid on that one.
    await pool.query(
      `INSERT INTO record_version (organisation_id, record_id, version, status, template,
         headline, answers, signatories, shared_at, locked_at, amendment_reason)
       SELECT organisation_id, record_id, 2, status, template, headline, answers, signatories,
         shared_at, locked_at, 'A date corrected' FROM record_version
       WHERE record_id = $1 AND version = 1`,
      [record],
    );
    const form = await priyaClient.get(`/records/${record}/redact`);
    const field = /name="field" type="radio" value="([^"]+)"/.exec(form.body)?.[1];
    const redacted = await priyaClient.post(`/records/${record}/redact`, {
      field: field!,
      passage,
      reason: 'Still a passing worry',
    });
    expect(redacted.statusCode).toBe(303);
    const first = await sarahClient.get(`/records/${record}/versions/1`);
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain(passage);
    expect(textOf(first.body)).toContain('I have [redacted], which we will');
    const json = await api.call(sarahToken, 'GET', `/records/${record}`);
    expect(json.statusCode).toBe(200);
    expect(json.body).not.toContain(passage);
  });

  it('keeps the words under a redaction when an amendment draft is saved', async () => {
    const amended = await sarahClient.post(`/records/${record}/amend`, {
      reason: 'Add the support agreed since',
    });
    expect(amended.statusCode).toBe(303);
    // The new supervisor writes none of it: her edit page and her API save show nothing under it.
    expect((await sarahClient.get(`/records/${record}/edit`)).body).not.toContain(passage);
    const etag = (await api.call(sarahToken, 'GET', `/records/${record}`)).headers.etag as string;
    const sarahSave = await api.call(
      sarahToken,
      'PATCH',
      `/records/${record}`,
      { answers: { worries: 'None' } },
      { 'if-match': etag },
    );
    expect(sarahSave.body).not.toContain(passage);

    // Daniel, who writes it, saves another section: the redacted answer keeps its words.
    const danielClient = await signedIn(app, accounts.supervisor);
    const editUrl = `/records/${record}/edit`;
    const page = await danielClient.get(`${editUrl}?section=worries`);
    expect(page.statusCode).toBe(200);
    const saved = await danielClient.post(editUrl, {
      ...filledFormOf(page.body, editUrl, 'intent'),
      'a:worries': 'None now',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const draft = await pool.query(
      'SELECT answers FROM record_version WHERE record_id = $1 AND version = 3',
      [record],
    );
    expect(draft.rows[0].answers.worries).toBe('None now');
    expect(JSON.stringify(draft.rows[0].answers)).toContain(passage);
    expect(JSON.stringify(draft.rows[0].answers)).not.toContain('[redacted]');
    // The new supervisor reads the saved draft with the words still hidden.
    const shown = await sarahClient.get(`/records/${record}`);
    expect(shown.body).not.toContain(passage);
    expect(textOf(shown.body)).toContain('I have [redacted], which we will');
  });
});
