import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/calendar/index.ts';
import { govukDate } from '../../src/web/view-filters.ts';
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
  dateFields,
  daysFromToday,
  errorSummary,
  signedIn,
  staffIdOf,
  textOf,
  today,
} from './organisation-helpers.ts';

describe('agreements as compliance evidence, a student’s two agreements, and Durham', async () => {
  const { app, pool, services } = await testApp();
  const organisationId = (await pool.query('SELECT id FROM organisation')).rows[0].id as string;
  const daniel = await staffIdOf(pool, 'tm-ait');
  const jordan = await staffIdOf(pool, 'sw-ait-1');

  const agreementRow = async (id: string) =>
    (await pool.query('SELECT * FROM supervision_agreement WHERE id = $1', [id])).rows[0];

  /** Starts, fills, sends and has both parties sign; returns the agreement id. */
  async function agree(
    relationshipId: string,
    fields: Record<string, string>,
    signers: [string, string],
    author = accounts.supervisor,
  ) {
    const client = await signedIn(app, author);
    await client.get(`/agreements/relationships/${relationshipId}`);
    const started = await client.post(`/agreements/relationships/${relationshipId}/new`, {});
    const id = agreementIdIn(started.headers.location as string);
    const editUrl = `/agreements/${id}/edit`;
    const form = agreementFormOf((await client.get(editUrl)).body, editUrl);
    const sent = await client.post(editUrl, { ...form, ...fields, action: 'send' });
    if (sent.statusCode !== 303) return { id, sent };
    for (const email of signers) {
      const signer = await signedIn(app, email);
      const page = await signer.get(`/agreements/${id}/sign`);
      const signForm = agreementFormOf(page.body, `/agreements/${id}/sign`);
      const signed = await signer.post(`/agreements/${id}/sign`, { ...signForm, confirm: 'yes' });
      expect(signed.statusCode).toBe(303);
    }
    return { id, sent };
  }

  const systemicAnswers = {
    'answer-helpful-from-supervisor': 'Space to reflect',
    'answer-helpful-from-practitioner': 'Preparation',
  };

  it('a signed agreement meets the engine’s agreement obligation', async () => {
    const starter = await newStarter(pool, {
      name: 'Robin Newcombe',
      managerId: daniel,
      startsOn: daysFromToday(-5),
      externalId: 'sw-new-robin',
    });
    await addAccount(pool, starter.staffId, 'robin.newcombe@northshire.example');
    const obligation = async () => {
      const { obligations } = await services.compliance.forOrganisation(organisationId, today());
      return obligations.find((o) => o.kind === 'agreement' && o.subject.id === 'sw-new-robin');
    };
    expect(await obligation()).toMatchObject({ state: 'due', dueDate: null });

    const { id } = await agree(
      starter.relationshipId,
      { ...systemicAnswers, frequencyCount: '1', frequencyUnit: 'months' },
      [accounts.supervisor, 'robin.newcombe@northshire.example'],
    );
    const row = await agreementRow(id);
    expect(row.status).toBe('signed');
    expect(await obligation()).toMatchObject({
      state: 'met',
      metOn: today(),
      evidenceIds: [row.record_id],
      rule: { id: 'agreement-annual' },
    });
    // "Review date (to be reviewed annually)": the engine's review falls due a year on.
    const { obligations } = await services.compliance.forOrganisation(organisationId, today());
    const review = obligations.find(
      (o) => o.kind === 'agreement_review' && o.subject.id === 'sw-new-robin',
    );
    expect(review?.dueDate).toBe(addMonths(today(), 12));
    expect(row.review_due_on).toBe(addMonths(today(), 12));
  });

  it('a student has two agreements: placement supervisor and practice educator', async () => {
    const amelia = await staffIdOf(pool, 'student');
    const grace = await staffIdOf(pool, 'sp-cic');
    const ruth = await staffIdOf(pool, 'pe');
    await addAccount(pool, amelia, 'amelia.turner@northshire.example');
    await addAccount(pool, grace, 'grace.adeyemi@northshire.example', ['supervisor']);
    await addAccount(pool, ruth, 'ruth.sinclair@northshire.example', ['supervisor']);
    const placement = await relationshipOf(pool, amelia, 'placement_supervisor');
    const educator = await relationshipOf(pool, amelia, 'practice_educator');

    // Amelia sees all three of her relationships; the student's two each take an agreement.
    const student = await signedIn(app, 'amelia.turner@northshire.example');
    const list = textOf((await student.get('/agreements')).body);
    expect(list).toContain('Amelia Turner Grace Adeyemi Placement supervisor');
    expect(list).toContain('Amelia Turner Dr Ruth Sinclair Practice educator');
    expect(list).toContain('Amelia Turner Tom Brennan Line management');

    // "supervision on a weekly basis": fortnightly with each is not weekly.
    const refused = await agree(
      placement,
      { ...systemicAnswers, frequencyCount: '2', frequencyUnit: 'weeks' },
      ['', ''],
      'grace.adeyemi@northshire.example',
    );
    expect(refused.sent.statusCode).toBe(400);
    expect(errorSummary(refused.sent.body)[0]?.text).toBe(
      'Agreed frequency must be at least as often as the policy’s minimum for Amelia Turner, which is every week. Every 2 weeks is less often',
    );
    const placementId = refused.id;
    const grace1 = await signedIn(app, 'grace.adeyemi@northshire.example');
    const editUrl = `/agreements/${placementId}/edit`;
    // Nothing of the refused form was saved; what was typed is sent again, weekly.
    const form = agreementFormOf((await grace1.get(editUrl)).body, editUrl);
    const weekly = await grace1.post(editUrl, {
      ...form,
      ...systemicAnswers,
      frequencyCount: '1',
      frequencyUnit: 'weeks',
      action: 'send',
    });
    expect(weekly.statusCode).toBe(303);
    for (const email of ['grace.adeyemi@northshire.example', 'amelia.turner@northshire.example']) {
      const signer = await signedIn(app, email);
      const page = await signer.get(`/agreements/${placementId}/sign`);
      await signer.post(`/agreements/${placementId}/sign`, {
        ...agreementFormOf(page.body, `/agreements/${placementId}/sign`),
        confirm: 'yes',
      });
    }

    const { id: educatorId } = await agree(
      educator,
      { ...systemicAnswers, frequencyCount: '7', frequencyUnit: 'days' },
      ['amelia.turner@northshire.example', 'ruth.sinclair@northshire.example'],
      'ruth.sinclair@northshire.example',
    );

    const both = await pool.query(
      `SELECT relationship_id, status, record_id FROM supervision_agreement
       WHERE relationship_id = ANY($1::uuid[]) ORDER BY relationship_id`,
      [[placement, educator]],
    );
    expect(both.rows).toHaveLength(2);
    expect(both.rows.every((r) => r.status === 'signed')).toBe(true);
    expect(new Set(both.rows.map((r) => r.record_id)).size).toBe(2);
    expect((await agreementRow(placementId)).supervisor_signed_by).not.toBe(
      (await agreementRow(educatorId)).supervisor_signed_by,
    );

    // Each supervisor sees their own; neither is party to the other's.
    const ruthClient = await signedIn(app, 'ruth.sinclair@northshire.example');
    expect((await ruthClient.get(`/agreements/${educatorId}`)).statusCode).toBe(200);
    expect((await ruthClient.get(`/agreements/${placementId}`)).statusCode).toBe(403);

    const { obligations } = await services.compliance.forOrganisation(organisationId, today());
    const studentAgreements = obligations.filter(
      (o) => o.kind === 'agreement' && o.subject.id === 'student',
    );
    expect(studentAgreements.map((o) => o.state)).not.toContain('due');
  });

  it('Durham: its own template, nine a year, and six-monthly effectiveness reviews', async () => {
    await pool.query("UPDATE organisation SET policy_pack_id = 'durham-one-point-2022'");
    try {
      const jordanLine = await relationshipOf(pool, jordan);
      const supervisor = await signedIn(app, accounts.supervisor);
      const page = textOf((await supervisor.get(`/agreements/relationships/${jordanLine}`)).body);
      expect(page).toContain(
        'The policy’s minimum for Jordan Ellis today is at least 9 times a year (April to March)',
      );
      // The relationship is years old and has had no effectiveness review.
      const { rows } = await pool.query(
        'SELECT starts_on FROM supervisory_relationship WHERE id = $1',
        [jordanLine],
      );
      expect(page).toContain('Effectiveness reviews');
      expect(page).toMatch(/Next review due by .* Overdue/);
      expect(rows[0].starts_on < addMonths(today(), -6)).toBe(true);

      // The template is 4.1 a)–f).
      const started = await supervisor.post(`/agreements/relationships/${jordanLine}/new`, {});
      const id = agreementIdIn(started.headers.location as string);
      const editUrl = `/agreements/${id}/edit`;
      const edit = await supervisor.get(editUrl);
      expect(textOf(edit.body)).toContain('d) How disagreements will be handled');
      const sixWeekly = await supervisor.post(editUrl, {
        ...agreementFormOf(edit.body, editUrl),
        frequencyCount: '6',
        frequencyUnit: 'weeks',
      });
      expect(errorSummary(sixWeekly.body)).toEqual([
        {
          text: 'Agreed frequency must be at least as often as the policy’s minimum for Jordan Ellis, which is at least 9 times a year (April to March). Every 6 weeks is less often',
          href: '#frequencyCount',
        },
      ]);

      // Recording an effectiveness review: bad input first, then properly.
      const reviewUrl = `/agreements/relationships/${jordanLine}/effectiveness-reviews/new`;
      await supervisor.get(reviewUrl);
      const bad = await supervisor.post(reviewUrl, {
        ...dateFields('heldOn', daysFromToday(3)),
        review: '',
      });
      expect(bad.statusCode).toBe(400);
      expect(errorSummary(bad.body)).toEqual([
        { text: 'Date of the review must be today or in the past', href: '#heldOn-day' },
        {
          text: 'Enter what you reviewed: the content, length, frequency, format and style of supervision',
          href: '#review',
        },
        { text: 'Select yes if the agreement needs to change', href: '#changesNeeded' },
      ]);
      const saved = await supervisor.post(reviewUrl, {
        ...dateFields('heldOn', today()),
        review: 'Length is right; we will move to the first Tuesday of the month.',
        feedback: 'More time on reflection, please.',
        changesNeeded: 'yes',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(
        `/agreements/relationships/${jordanLine}?done=reviewed-change#effectiveness`,
      );
      const after = textOf((await supervisor.get(saved.headers.location as string)).body);
      expect(after).toContain(`Next review due by ${govukDate(addMonths(today(), 6))}`);
      expect(after).toContain('More time on reflection, please.');
      const review = await pool.query(
        `SELECT v.*, r.kind, r.meeting_date FROM effectiveness_review v
         JOIN supervision_record r ON r.id = v.record_id WHERE v.relationship_id = $1`,
        [jordanLine],
      );
      expect(review.rows[0]).toMatchObject({
        kind: 'effectiveness_review',
        meeting_date: today(),
        agreement_changes_needed: true,
      });
      const audit = await pool.query(
        "SELECT action FROM audit_event WHERE resource_type = 'effectiveness_review'",
      );
      expect(audit.rows.map((r) => r.action)).toEqual(['effectiveness_review.created']);

      // The engine counts it.
      const { obligations } = await services.compliance.forOrganisation(organisationId, today());
      const reviews = obligations.filter(
        (o) => o.kind === 'effectiveness_review' && o.subject.id === 'sw-ait-1',
      );
      expect(reviews.some((o) => o.metOn === today())).toBe(true);
      expect(reviews.at(-1)?.dueDate).toBe(addMonths(today(), 6));

      // "or when there is a change of supervisor": Robin moves to Nadia tomorrow.
      const robin = await staffIdOf(pool, 'sw-new-robin');
      const nadia = await staffIdOf(pool, 'ap-ait');
      await pool.query(
        `UPDATE supervisory_relationship SET ends_on = $2 WHERE supervisee_id = $1`,
        [robin, today()],
      );
      const { rows: moved } = await pool.query(
        `INSERT INTO supervisory_relationship (organisation_id, id, external_id, supervisee_id,
           supervisor_id, kind, starts_on)
         VALUES ($1, gen_random_uuid(), 'robin-nadia', $2, $3, 'line_management', $4)
         RETURNING id`,
        [organisationId, robin, nadia, daysFromToday(1)],
      );
      const changed = textOf(
        (await supervisor.get(`/agreements/relationships/${moved[0].id}`)).body,
      );
      expect(changed).toContain(`No signed agreement yet: due from ${govukDate(daysFromToday(1))}`);
      expect(changed).toContain(
        'The supervisor changed, and the policy asks for the agreement to be reviewed when that happens (before this, Daniel Okafor supervised Robin Newcombe).',
      );
      const old = await relationshipOf(pool, robin);
      expect(old).toBe(moved[0].id);
      const ended = await pool.query(
        "SELECT id FROM supervisory_relationship WHERE supervisee_id = $1 AND external_id <> 'robin-nadia'",
        [robin],
      );
      const endedPage = textOf(
        (await supervisor.get(`/agreements/relationships/${ended.rows[0].id}`)).body,
      );
      expect(endedPage).toMatch(/Versions Version Status .* 1 Signed/);
      // The engine asks for the review too, from the day Nadia takes over.
      const afterChange = await services.compliance.forOrganisation(
        organisationId,
        daysFromToday(1),
      );
      expect(
        afterChange.obligations.find(
          (o) =>
            o.kind === 'agreement_review' && o.subject.id === 'sw-new-robin' && o.dueDate === null,
        ),
      ).toMatchObject({ state: 'due', responsibleId: 'ap-ait' });
    } finally {
      await pool.query("UPDATE organisation SET policy_pack_id = 'systemic-4x4x4'");
    }
  });
});
