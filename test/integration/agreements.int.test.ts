import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/calendar/index.ts';
import { testApp } from '../support/app.ts';
import {
  addAccount,
  agreementFormOf,
  agreementIdIn,
  newStarter,
  relationshipOf,
} from './agreements-helpers.ts';
import {
  accounts,
  daysFromToday,
  errorSummary,
  signedIn,
  staffIdOf,
  textOf,
  today,
  userIdOf,
} from './organisation-helpers.ts';

const answers = {
  'answer-helpful-from-supervisor': 'Time to think out loud about my cases.\nHonest feedback.',
  'answer-helpful-from-practitioner': 'Bring the notes from last time; I will protect the time.',
  'answer-avoid': 'Cancelling at short notice.',
};

describe('supervision agreements on the pages', async () => {
  const { app, pool } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const chloe = await staffIdOf(pool, 'asye');
  const jordanLine = await relationshipOf(pool, jordan);

  const agreementRow = async (id: string) =>
    (await pool.query('SELECT * FROM supervision_agreement WHERE id = $1', [id])).rows[0];

  /** Starts a draft as `email`, fills the form and saves it; returns the agreement id. */
  async function draft(
    email: string,
    relationshipId: string,
    fields: Record<string, string>,
    action = 'save',
  ) {
    const client = await signedIn(app, email);
    await client.get(`/agreements/relationships/${relationshipId}`);
    const started = await client.post(`/agreements/relationships/${relationshipId}/new`, {});
    expect(started.statusCode).toBe(303);
    const id = agreementIdIn(started.headers.location as string);
    const editUrl = `/agreements/${id}/edit`;
    const form = agreementFormOf((await client.get(editUrl)).body, editUrl);
    const saved = await client.post(editUrl, { ...form, ...fields, action });
    return { client, id, saved };
  }

  async function signAs(email: string, id: string) {
    const client = await signedIn(app, email);
    const page = await client.get(`/agreements/${id}/sign`);
    expect(page.statusCode).toBe(200);
    const form = agreementFormOf(page.body, `/agreements/${id}/sign`);
    return client.post(`/agreements/${id}/sign`, { ...form, confirm: 'yes' });
  }

  it('is drafted on the pack’s template, sent, signed by both parties and then fixed', async () => {
    // Reached from the supervisee's staff page.
    const supervisor = await signedIn(app, accounts.supervisor);
    const staffPage = await supervisor.get(`/staff/${jordan}`);
    expect(staffPage.body).toContain(`href="/agreements?staff=${jordan}"`);
    const list = textOf((await supervisor.get(`/agreements?staff=${jordan}`)).body);
    expect(list).toContain('Supervision agreements for Jordan Ellis');
    expect(list).toContain('Daniel Okafor Line management');

    const relationship = textOf(
      (await supervisor.get(`/agreements/relationships/${jordanLine}`)).body,
    );
    expect(relationship).toContain("Children's Services Supervision Agreement");
    expect(relationship).toContain(
      'The policy’s minimum for Jordan Ellis today is at least once every calendar month',
    );

    const { id, saved } = await draft(accounts.supervisor, jordanLine, {
      ...answers,
      frequencyCount: '4',
      frequencyUnit: 'weeks',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/agreements/${id}?done=saved`);
    expect(await agreementRow(id)).toMatchObject({
      version: 1,
      status: 'draft',
      template_id: 'childrens-services-supervision-agreement',
      agreed_frequency: { unit: 'weeks', count: 4 },
      answers: {
        'helpful-from-supervisor': 'Time to think out loud about my cases.\nHonest feedback.',
        'helpful-from-practitioner': 'Bring the notes from last time; I will protect the time.',
        avoid: 'Cancelling at short notice.',
      },
    });

    // The page shows the seed's fixed words and the answers.
    const page = textOf((await supervisor.get(`/agreements/${id}`)).body);
    expect(page).toContain('General Principles');
    expect(page).toContain('Supervision should take place in a private confidential space');
    expect(page).toContain('One-to-one supervision every 4 weeks');
    expect(page).toContain('Time to think out loud about my cases. Honest feedback.');

    // Sent for signature, and the parties are told.
    await supervisor.get(`/agreements/${id}`);
    const sent = await supervisor.post(`/agreements/${id}/send`, {});
    expect(sent.statusCode).toBe(303);
    expect((await agreementRow(id)).status).toBe('awaiting_signatures');
    const notices = await pool.query(
      "SELECT payload FROM job WHERE kind = 'notice' AND dedupe_key LIKE $1",
      [`notice:agreement_awaiting_signature:${id}:%`],
    );
    expect(notices.rows.map((r) => r.payload)).toEqual([
      { kind: 'agreement_awaiting_signature', agreementId: id },
    ]);

    // The supervisor signs first: it waits for the supervisee.
    const first = await signAs(accounts.supervisor, id);
    expect(first.headers.location).toBe(`/agreements/${id}?done=signed`);
    const afterFirst = await agreementRow(id);
    expect(afterFirst.status).toBe('awaiting_signatures');
    expect(afterFirst.supervisor_signed_by).toBe(await userIdOf(pool, accounts.supervisor));
    expect(afterFirst.supervisee_signed_at).toBeNull();
    expect(afterFirst.record_id).toBeNull();

    // The supervisee signs: signed, fixed, evidenced, and due for review in a year.
    const second = await signAs(accounts.practitioner, id);
    expect(second.headers.location).toBe(`/agreements/${id}?done=complete`);
    const signed = await agreementRow(id);
    expect(signed.status).toBe('signed');
    expect(signed.supervisee_signed_by).toBe(await userIdOf(pool, accounts.practitioner));
    expect(signed.review_due_on).toBe(addMonths(today(), 12));
    const record = (
      await pool.query(
        `SELECT r.*, array_agg(s.staff_id) AS staff FROM supervision_record r
         JOIN record_staff s ON s.record_id = r.id WHERE r.id = $1
         GROUP BY r.organisation_id, r.id`,
        [signed.record_id],
      )
    ).rows[0];
    expect(record).toMatchObject({
      kind: 'supervision_agreement',
      meeting_date: today(),
      author_id: daniel,
      external_id: signed.record_id,
      staff: [jordan],
    });

    const shown = textOf((await supervisor.get(`/agreements/${id}`)).body);
    expect(shown).toContain('Signature of practitioner: Signed by Jordan Ellis on');
    expect(shown).toContain('Signature of Line Supervisor: Signed by Daniel Okafor on');
    expect(shown).not.toContain('Change the agreement');

    // The database refuses any change to the signed version, or its removal.
    await expect(
      pool.query(`UPDATE supervision_agreement SET answers = '{}' WHERE id = $1`, [id]),
    ).rejects.toThrow(/a signed supervision agreement cannot be changed/);
    await expect(
      pool.query('DELETE FROM supervision_agreement WHERE id = $1', [id]),
    ).rejects.toThrow(/cannot be changed/);
    // Nor will the form change it.
    const edit = await supervisor.post(`/agreements/${id}/edit`, {
      ...answers,
      frequencyCount: '1',
      frequencyUnit: 'weeks',
      version: 'whatever',
    });
    expect(edit.statusCode).toBe(303);
    expect((await agreementRow(id)).agreed_frequency).toEqual({ unit: 'weeks', count: 4 });

    // Every step is in the audit trail.
    const trail = await pool.query(
      'SELECT action, detail FROM audit_event WHERE resource_id = $1 ORDER BY id',
      [id],
    );
    expect(trail.rows.map((r) => r.action)).toEqual([
      'supervision_agreement.created',
      'supervision_agreement.updated',
      'supervision_agreement.sent',
      'supervision_agreement.signed',
      'supervision_agreement.signed',
    ]);
    expect(trail.rows[1].detail).toEqual({
      changed: [
        'answers.avoid',
        'answers.helpful-from-practitioner',
        'answers.helpful-from-supervisor',
        'agreedFrequency',
      ],
    });
    expect(trail.rows[4].detail).toMatchObject({ party: 'supervisee', complete: true });
  });

  it('changing a signed agreement makes a new version; the old one stays readable', async () => {
    const [old] = (
      await pool.query(
        "SELECT id FROM supervision_agreement WHERE relationship_id = $1 AND status = 'signed'",
        [jordanLine],
      )
    ).rows;
    const supervisor = await signedIn(app, accounts.supervisor);
    await supervisor.get(`/agreements/${old.id}`);
    const started = await supervisor.post(`/agreements/${old.id}/new-version`, {});
    expect(started.statusCode).toBe(303);
    const id = agreementIdIn(started.headers.location as string);
    expect(id).not.toBe(old.id);
    const fresh = await agreementRow(id);
    // It starts from the one in force.
    expect(fresh).toMatchObject({ version: 2, status: 'draft' });
    expect(fresh.answers.avoid).toBe('Cancelling at short notice.');
    expect(fresh.agreed_frequency).toEqual({ unit: 'weeks', count: 4 });

    const editUrl = `/agreements/${id}/edit`;
    const form = agreementFormOf((await supervisor.get(editUrl)).body, editUrl);
    expect(form['answer-avoid']).toBe('Cancelling at short notice.');
    const sent = await supervisor.post(editUrl, {
      ...form,
      'answer-avoid': 'Cancelling at short notice, and phones on the table.',
      frequencyCount: '2',
      frequencyUnit: 'weeks',
      action: 'send',
    });
    expect(sent.headers.location).toBe(`/agreements/${id}?done=sent`);

    // Until the new one is signed, the old one is in force.
    expect((await agreementRow(old.id)).status).toBe('signed');
    await signAs(accounts.practitioner, id);
    await signAs(accounts.supervisor, id);
    expect((await agreementRow(id)).status).toBe('signed');
    expect((await agreementRow(old.id)).status).toBe('superseded');
    const record = await pool.query('SELECT kind FROM supervision_record WHERE id = $1', [
      (await agreementRow(id)).record_id,
    ]);
    expect(record.rows[0].kind).toBe('agreement_review');

    // Both versions are listed, and the old one reads as it was signed.
    const relationship = textOf(
      (await supervisor.get(`/agreements/relationships/${jordanLine}`)).body,
    );
    expect(relationship).toMatch(/Version Status .* 2 Signed .* 1 Superseded/);
    expect(relationship).toContain('Version 2 is in force, signed by both.');
    const oldPage = textOf((await supervisor.get(`/agreements/${old.id}`)).body);
    expect(oldPage).toContain('Cancelling at short notice.');
    expect(oldPage).not.toContain('phones on the table');
    expect(oldPage).toContain('A later version has replaced this one.');
  });

  it('only the two parties sign, each from their own account', async () => {
    const { id } = await draft(
      accounts.supervisor,
      await relationshipOf(pool, chloe),
      {
        'answer-helpful-from-supervisor': 'Reflection',
        'answer-helpful-from-practitioner': 'Time',
        frequencyCount: '1',
        frequencyUnit: 'weeks',
      },
      'send',
    );
    expect((await agreementRow(id)).status).toBe('awaiting_signatures');

    // A colleague cannot even open it.
    const colleague = await signedIn(app, accounts.practitioner);
    expect((await colleague.get(`/agreements/${id}`)).statusCode).toBe(403);
    await colleague.get('/');
    expect((await colleague.post(`/agreements/${id}/sign`, { confirm: 'yes' })).statusCode).toBe(
      403,
    );
    // An administrator can read and change it, but not sign for either party.
    const admin = await signedIn(app, accounts.admin);
    const adminPage = await admin.get(`/agreements/${id}`);
    expect(adminPage.statusCode).toBe(200);
    expect(textOf(adminPage.body)).not.toContain('Sign the agreement');
    expect((await admin.get(`/agreements/${id}/edit`)).statusCode).toBe(200);
    const refused = await admin.post(`/agreements/${id}/sign`, { confirm: 'yes' });
    expect(refused.statusCode).toBe(403);
    expect(textOf(refused.body)).toContain(
      'Only the supervisee and the supervisor can sign, each from their own account.',
    );
    const row = await agreementRow(id);
    expect(row.supervisee_signed_at).toBeNull();
    expect(row.supervisor_signed_at).toBeNull();

    // Signing needs the box ticked.
    const chloeClient = await signedIn(app, 'asye@northshire.example');
    const signPage = await chloeClient.get(`/agreements/${id}/sign`);
    expect(textOf(signPage.body)).toContain('Sign as the supervisee');
    const unticked = await chloeClient.post(`/agreements/${id}/sign`, {
      version: agreementFormOf(signPage.body, `/agreements/${id}/sign`).version!,
    });
    expect(unticked.statusCode).toBe(400);
    expect(errorSummary(unticked.body)).toEqual([
      { text: 'Confirm that you have read and agree to this agreement', href: '#confirm' },
    ]);
    // Nobody signs twice.
    await signAs('asye@northshire.example', id);
    const again = await chloeClient.post(`/agreements/${id}/sign`, { confirm: 'yes' });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('You have already signed this agreement');
  });

  it('an agreed frequency below the pack’s minimum is refused, naming the field', async () => {
    // Chloe is 11 weeks into her ASYE: "6 weeks – 6 months Fortnightly".
    const rel = await relationshipOf(pool, chloe);
    const open = await pool.query(
      "SELECT id FROM supervision_agreement WHERE relationship_id = $1 AND status <> 'signed'",
      [rel],
    );
    // Finish the earlier test's agreement so a new version can start.
    for (const row of open.rows) await signAs(accounts.supervisor, row.id);
    const { client, id, saved } = await draft(accounts.supervisor, rel, {
      frequencyCount: '1',
      frequencyUnit: 'months',
    });
    expect(saved.statusCode).toBe(400);
    const message =
      'Agreed frequency must be at least as often as the policy’s minimum for Chloe Martin, which is every 2 weeks (weeks 6 to 26 of the ASYE). Every month is less often';
    expect(errorSummary(saved.body)).toEqual([{ text: message, href: '#frequencyCount' }]);
    expect(saved.body).toContain('id="frequencyCount-error"');
    // What was typed is kept.
    expect(saved.body).toMatch(/name="frequencyCount" type="text" value="1"|value="1"/);
    expect((await agreementRow(id)).agreed_frequency).toEqual({ unit: 'weeks', count: 1 });

    const fortnightly = await client.post(`/agreements/${id}/edit`, {
      ...agreementFormOf(saved.body, `/agreements/${id}/edit`),
      frequencyCount: '14',
      frequencyUnit: 'days',
    });
    expect(fortnightly.statusCode).toBe(303);
    expect((await agreementRow(id)).agreed_frequency).toEqual({ unit: 'days', count: 14 });
  });

  it('bad input names each field; a draft can be incomplete but is not sent until complete', async () => {
    const starter = await newStarter(pool, {
      name: 'Priya Starter',
      managerId: daniel,
      startsOn: daysFromToday(-3),
      externalId: 'sw-new-1',
    });
    const { client, id, saved } = await draft(accounts.supervisor, starter.relationshipId, {
      frequencyCount: 'four',
      frequencyUnit: '',
    });
    expect(saved.statusCode).toBe(400);
    expect(errorSummary(saved.body)).toEqual([
      { text: 'How often you will meet must be a whole number, like 4', href: '#frequencyCount' },
      {
        text: 'Select days, weeks or months for how often you will meet',
        href: '#frequencyUnit',
      },
    ]);
    const emptyDraft = await client.post(`/agreements/${id}/edit`, {
      ...agreementFormOf(saved.body, `/agreements/${id}/edit`),
      frequencyCount: '',
      frequencyUnit: '',
    });
    expect(emptyDraft.statusCode).toBe(303);
    const send = await client.post(`/agreements/${id}/send`, {});
    expect(send.statusCode).toBe(400);
    expect(errorSummary(send.body)).toEqual([
      {
        text: 'Enter an answer to “What I would find helpful from you as my supervisor and what I will contribute as a practitioner”',
        href: '#answer-helpful-from-supervisor',
      },
      {
        text: 'Enter an answer to “What I would find helpful from you as the practitioner and what I will contribute as a supervisor”',
        href: '#answer-helpful-from-practitioner',
      },
      { text: 'Enter how often you will meet for one-to-one supervision', href: '#frequencyCount' },
    ]);
    expect((await agreementRow(id)).status).toBe('draft');
  });

  it('two people editing one draft: the second sees both versions and loses nothing', async () => {
    const starter = await newStarter(pool, {
      name: 'Sam Together',
      managerId: daniel,
      startsOn: daysFromToday(-1),
      externalId: 'sw-new-2',
    });
    await addAccount(pool, starter.staffId, 'sam.together@northshire.example');
    const { id } = await draft(accounts.supervisor, starter.relationshipId, {
      'answer-avoid': 'Nothing yet',
    });
    const editUrl = `/agreements/${id}/edit`;
    const manager = await signedIn(app, accounts.supervisor);
    const supervisee = await signedIn(app, 'sam.together@northshire.example');
    const managerForm = agreementFormOf((await manager.get(editUrl)).body, editUrl);
    const superviseeForm = agreementFormOf((await supervisee.get(editUrl)).body, editUrl);
    expect(
      (await manager.post(editUrl, { ...managerForm, 'answer-avoid': 'Interruptions' })).statusCode,
    ).toBe(303);
    const clash = await supervisee.post(editUrl, {
      ...superviseeForm,
      'answer-avoid': 'Rushing',
      frequencyCount: '3',
      frequencyUnit: 'weeks',
    });
    expect(clash.statusCode).toBe(409);
    const text = textOf(clash.body);
    expect(text).toContain('This agreement was changed while you were editing it');
    expect(text).toContain(
      'Anything either the practitioner or supervisor should try to avoid: Rushing Interruptions Different',
    );
    expect(text).toContain('Agreed frequency every 3 weeks Not answered Different');
    // Their version, ready to save over the other.
    const resubmit = agreementFormOf(clash.body, editUrl);
    expect(resubmit['answer-avoid']).toBe('Rushing');
    expect((await supervisee.post(editUrl, resubmit)).statusCode).toBe(303);
    expect((await agreementRow(id)).answers.avoid).toBe('Rushing');
  });

  it('a change after one signature takes it back to draft and removes the signature', async () => {
    const starter = await newStarter(pool, {
      name: 'Alex Redraft',
      managerId: daniel,
      startsOn: daysFromToday(-1),
      externalId: 'sw-new-3',
    });
    const { id } = await draft(
      accounts.supervisor,
      starter.relationshipId,
      { ...answers, frequencyCount: '1', frequencyUnit: 'months' },
      'send',
    );
    await signAs(accounts.supervisor, id);
    expect((await agreementRow(id)).supervisor_signed_at).not.toBeNull();
    const client = await signedIn(app, accounts.supervisor);
    const editUrl = `/agreements/${id}/edit`;
    const page = await client.get(editUrl);
    expect(textOf(page.body)).toContain('removes any signature already made');
    await client.post(editUrl, { ...agreementFormOf(page.body, editUrl), 'answer-avoid': 'Late' });
    const row = await agreementRow(id);
    expect(row.status).toBe('draft');
    expect(row.supervisor_signed_at).toBeNull();
  });
});
