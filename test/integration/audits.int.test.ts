import { describe, expect, it } from 'vitest';
import { workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { samplingPeriod } from '../../src/domain/quality/sampling.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import {
  accounts,
  dateFields,
  daysFromToday,
  errorSummary,
  filledFormOf,
  signedIn,
  staffIdOf,
  textOf,
  today,
} from './organisation-helpers.ts';

const auditor = 'auditor@northshire.example';

/** The ten dimensions, each graded once (Northumberland, REVIEWING THE QUALITY OF SUPERVISION). */
const dimensions = [
  ['purpose', 'Purpose'],
  ['language', 'Language'],
  ['behavioural', 'Behavioural'],
  ['working-well-focus', 'Working well focus'],
  ['planning-and-review', 'Planning and review'],
  ['childs-lived-experience', 'Child’s lived experience'],
  ['parent-carer-involvement', 'Parent/carer involvement'],
  ['professional-collaboration', 'Professional collaboration'],
  ['impact', 'Impact'],
  ['local-policies-and-procedures', 'Local policies and procedures'],
] as const;

const allGraded = Object.fromEntries(dimensions.map(([id]) => [`${id}.judgement`, 'good']));

describe('audits of supervision', async () => {
  const { app, pool, services } = await testApp();
  const richard = await staffIdOf(pool, 'qa-hos');
  const ruth = await staffIdOf(pool, 'pe');
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const priya = await staffIdOf(pool, 'om-north');
  const organisationId = (
    await pool.query('SELECT organisation_id FROM staff_member WHERE id = $1', [richard])
  ).rows[0].organisation_id as string;

  const callerOf = async (email: string) => {
    const user = (await services.repos.users.findByEmail(email))!;
    return { user, actor: await services.access.actorFor(user) };
  };

  /**
   * Richard Haworth supervises Dr Ruth Sinclair: his own shared record of her supervision is a
   * candidate for the dip sample, and never his to audit.
   */
  async function richardsRecordOfRuth() {
    const caller = await callerOf(auditor);
    const started = await services.records.start(caller, {
      kind: 'personal_supervision',
      staffId: ruth,
      date: today(),
    });
    if (started.outcome !== 'saved') throw new Error(JSON.stringify(started));
    const saved = await services.records.save(caller, started.id, {
      version: 1,
      revision: 1,
      answers: {
        'record.support': 'Ruth is well and her placements are going to plan this term.',
        'record.gone-well': 'Both students passed their midpoint reviews.',
        'record.reflection': 'We talked about giving feedback to a student who is struggling.',
        'record.learning': 'Ruth will attend the practice educator refresher.',
        'record.next': daysFromToday(28),
      },
    });
    if (saved.outcome !== 'saved') throw new Error(JSON.stringify(saved));
    const { version } = await services.records.shareCheck(caller, started.id);
    const shared = await services.records.share(caller, started.id, version.revision);
    if (shared.outcome !== 'shared') throw new Error(JSON.stringify(shared));
    return started.id;
  }

  /** Jordan's record of a kind written in Oversight (the demo's others hold only dates). */
  const recordOf = async (kind: string) =>
    (
      await pool.query(
        `SELECT r.id FROM supervision_record r JOIN record_staff s
           ON s.organisation_id = r.organisation_id AND s.record_id = r.id
         WHERE s.staff_id = $1 AND r.kind = $2 AND EXISTS (SELECT 1 FROM record_version v
           WHERE v.organisation_id = r.organisation_id AND v.record_id = r.id)
         ORDER BY r.meeting_date LIMIT 1`,
        [jordan, kind],
      )
    ).rows[0].id as string;

  /**
   * A draw's audits, the personal supervision first: only the audit opens it to a head of
   * service, who may read any case supervision record anyway (they may see every child).
   */
  const auditsOfDraw = async (drawId: string) =>
    (
      await pool.query(
        `SELECT a.*, r.author_id, r.kind AS record_kind FROM quality_audit a
         LEFT JOIN supervision_record r ON r.organisation_id = a.organisation_id
           AND r.id = a.subject_record_id
         WHERE a.draw_id = $1 ORDER BY r.kind DESC, a.id`,
        [drawId],
      )
    ).rows;

  const ruthsRecord = await richardsRecordOfRuth();
  const qa = await signedIn(app, auditor);
  await qa.get('/audits/sampling');
  const drawn = await qa.post('/audits/sampling/draw', {
    ruleId: 'qa-record-dip-sample',
    auditorId: richard,
  });
  const drawId = /^\/audits\/draws\/([0-9a-f-]{36})/.exec(String(drawn.headers.location))?.[1];
  const [first, second] = drawId ? await auditsOfDraw(drawId) : [];

  it('draws the dip sample from the policy’s plan: two audits, never of a record the auditor wrote', async () => {
    const page = textOf((await qa.get('/audits/sampling')).body);
    expect(page).toContain('2 supervision records each month');
    expect(page).toContain('Supervisees who are: social worker');
    expect(page).toContain('From across the organisation');
    expect(page).toContain('Quality of supervision record: ten dimensions');
    expect(page).toContain('Richard Haworth (you)');

    expect(drawn.statusCode).toBe(303);
    expect(drawn.headers.location).toBe(`/audits/draws/${drawId}?done=drawn`);
    const audits = await auditsOfDraw(drawId!);
    expect(audits).toHaveLength(2);
    const period = samplingPeriod('month', today());
    for (const audit of audits) {
      expect(audit).toMatchObject({
        status: 'assigned',
        auditor_id: richard,
        audit_of: 'supervision_records',
        rule_id: 'qa-record-dip-sample',
        subject_staff_id: jordan,
        feedback_to_id: daniel,
        assigned_on: today(),
        due_on: period.to,
        completed_on: null,
      });
      expect(audit.external_id).toMatch(/^audit-[0-9a-f-]{36}$/);
      expect(audit.tool.id).toBe('ten-dimensions');
      expect(audit.record_ids).toEqual([audit.subject_record_id]);
      expect(audit.author_id).not.toBe(richard);
      expect(audit.subject_record_id).not.toBe(ruthsRecord);
    }
    // Richard's own record of Ruth's supervision was left out of the pool before the draw.
    const draw = (await pool.query('SELECT * FROM sample_draw WHERE id = $1', [drawId])).rows[0];
    expect(draw.pool.map((e: { id: string }) => e.id)).not.toContain(ruthsRecord);
    expect(draw.pool).toHaveLength(2);
    expect(draw.seed).toMatch(/^[0-9a-f]{32}$/);
    const trail = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'sample.drawn' AND resource_id = $1`,
      [drawId],
    );
    expect(trail.rows[0].detail).toMatchObject({ ruleId: 'qa-record-dip-sample', picks: 2 });

    const drawPage = textOf((await qa.get(`/audits/draws/${drawId}?done=drawn`)).body);
    expect(drawPage).toContain('Sample drawn for Richard Haworth');
    expect(drawPage).toContain(draw.seed);
    expect(drawPage).toContain('Pool 2 supervision records');
    expect(drawPage).toContain('Picks 2 of the 2 the plan asks for');
    expect(drawPage).toContain('The picks match the seed and pool.');
    expect(drawPage).toContain('SHA-256 hash of the seed, a colon and the candidate’s id');
    expect(drawPage).toContain('Personal supervision of Jordan Ellis');
  });

  it('finds a draw whose picks were changed after it was made', async () => {
    const { rows } = await pool.query('SELECT picks FROM sample_draw WHERE id = $1', [drawId]);
    const picks = rows[0].picks as string[];
    await pool.query('UPDATE sample_draw SET picks = $2 WHERE id = $1', [
      drawId,
      JSON.stringify([...picks].reverse()),
    ]);
    const page = textOf((await qa.get(`/audits/draws/${drawId}`)).body);
    expect(page).toContain('The picks do not match the seed and pool');
    await pool.query('UPDATE sample_draw SET picks = $2 WHERE id = $1', [
      drawId,
      JSON.stringify(picks),
    ]);
    expect(textOf((await qa.get(`/audits/draws/${drawId}`)).body)).toContain(
      'The picks match the seed and pool.',
    );
  });

  it('refuses a second draw of the plan for the same auditor and period', async () => {
    await qa.get('/audits/sampling');
    const again = await qa.post('/audits/sampling/draw', {
      ruleId: 'qa-record-dip-sample',
      auditorId: richard,
    });
    expect(again.statusCode).toBe(409);
    expect(errorSummary(again.body)).toEqual([
      {
        text: `Richard Haworth’s sample for ${govukDate(samplingPeriod('month', today()).from)} to ${govukDate(samplingPeriod('month', today()).to)} has already been drawn. A plan is drawn once in each period, so the draw can be checked`,
        href: `/audits/draws/${drawId}`,
      },
    ]);
    const draws = await pool.query(
      `SELECT count(*)::int AS n FROM sample_draw WHERE rule_id = 'qa-record-dip-sample'`,
    );
    expect(draws.rows[0].n).toBe(1);
    // The sampling page now links to the kept draw instead of offering another.
    const page = (await qa.get('/audits/sampling')).body;
    expect(page).toContain(`href="/audits/draws/${drawId}"`);
  });

  it('draws a file audit from the teams an operations manager manages', async () => {
    const om = await signedIn(app, accounts.seniorManager);
    const page = textOf((await om.get('/audits/sampling')).body);
    expect(page).toContain('1 supervision file each quarter');
    const result = await om.post('/audits/sampling/draw', {
      ruleId: 'ops-manager-file-audit',
      auditorId: priya,
    });
    expect(result.statusCode).toBe(303);
    const id = /\/audits\/draws\/([0-9a-f-]{36})/.exec(String(result.headers.location))![1]!;
    const [file] = await auditsOfDraw(id);
    // Jordan's is the only file in the North Area with records written in Oversight.
    expect(file).toMatchObject({
      audit_of: 'supervision_files',
      subject_staff_id: jordan,
      subject_record_id: null,
      feedback_to_id: daniel,
      auditor_id: priya,
    });
    expect(file.tool.id).toBe('peer-audit');
    expect(file.record_ids).toContain(await recordOf('personal_supervision'));
    expect(file.record_ids).toContain(await recordOf('direct_observation'));
    // A practitioner draws nobody's sample.
    const practitioner = await signedIn(app, accounts.practitioner);
    expect(textOf((await practitioner.get('/audits/sampling')).body)).toContain(
      'No sampling plans apply to you',
    );
    await practitioner.get('/audits');
    const refused = await practitioner.post('/audits/sampling/draw', {
      ruleId: 'qa-record-dip-sample',
      auditorId: richard,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('lets the auditor read the sampled records while the audit is open, logging each read', async () => {
    expect(first.record_kind).toBe('personal_supervision');
    const record = first.subject_record_id as string;
    const opened = await qa.get(`/records/${record}`);
    expect(opened.statusCode).toBe(200);
    const reads = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'supervision_record.viewed'
         AND resource_id = $1 AND actor_user_id = $2`,
      [record, (await callerOf(auditor)).user.id],
    );
    expect(reads.rows.map((r) => r.detail.auditIds)).toEqual([[first.id]]);
    // A record outside the sample stays closed: the observation of Jordan's practice.
    expect((await qa.get(`/records/${await recordOf('direct_observation')}`)).statusCode).toBe(403);
    // The audit page links to the sample.
    const page = (await qa.get(`/audits/${first.id}`)).body;
    expect(page).toContain(`href="/records/${record}"`);
  });

  it('refuses a save made on a stale revision and keeps what was typed', async () => {
    const url = `/audits/${first.id}`;
    const form = filledFormOf((await qa.get(url)).body, url, 'intent');
    const typed = {
      ...form,
      'purpose.judgement': 'requires_improvement',
      'purpose.judgement.findings': 'The purpose of the session is not written down.',
    };
    const stale = await qa.post(url, { ...typed, revision: '0', intent: 'save' });
    expect(stale.statusCode).toBe(409);
    expect(errorSummary(stale.body)[0]?.text).toContain(
      'Someone saved this audit after you opened it',
    );
    expect(stale.body).toContain('The purpose of the session is not written down.');
    expect(stale.body).toMatch(/value="requires_improvement" checked/);
    const unchanged = await pool.query('SELECT answers, status FROM quality_audit WHERE id = $1', [
      first.id,
    ]);
    expect(unchanged.rows[0]).toEqual({ answers: {}, status: 'assigned' });

    // Saved again from the page it came back on: the answers are kept, the audit under way.
    const again = filledFormOf(stale.body, url, 'intent');
    const saved = await qa.post(url, { ...again, intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const row = (
      await pool.query('SELECT answers, status, revision FROM quality_audit WHERE id = $1', [
        first.id,
      ])
    ).rows[0];
    expect(row).toEqual({
      status: 'in_progress',
      revision: 2,
      answers: {
        purpose: {
          judgement: {
            answer: 'requires_improvement',
            findings: 'The purpose of the session is not written down.',
          },
        },
      },
    });
  });

  it('names each unanswered question when an audit is completed too soon', async () => {
    const url = `/audits/${first.id}`;
    const form = filledFormOf((await qa.get(url)).body, url, 'intent');
    const response = await qa.post(url, {
      ...form,
      'purpose.judgement': 'top marks',
      intent: 'complete',
    });
    expect(response.statusCode).toBe(400);
    const summary = errorSummary(response.body);
    expect(summary[0]).toEqual({
      text: 'How well does the record meet this dimension?: choose one of Outstanding, Good, Requires improvement, Inadequate',
      href: '#purpose.judgement',
    });
    expect(summary.slice(1, 10)).toEqual(
      dimensions.slice(1).map(([id, heading]) => ({
        text: `${heading}: answer "How well does the record meet this dimension?"`,
        href: `#${id}.judgement`,
      })),
    );
    expect(summary[10]).toEqual({
      text: 'Enter a summary of findings: areas of celebration, learning and improvement',
      href: '#summary',
    });
    const row = (await pool.query('SELECT status FROM quality_audit WHERE id = $1', [first.id]))
      .rows[0];
    expect(row.status).toBe('in_progress');
  });

  it('checks the actions an audit sets: what, who and by when', async () => {
    const url = `/audits/${first.id}`;
    const form = filledFormOf((await qa.get(url)).body, url, 'intent');
    const response = await qa.post(url, {
      ...form,
      ...allGraded,
      summary: 'Clear purpose and plan.',
      'action-0-description': 'Record the purpose of each session',
      // Priya Raman is neither the supervisor, the supervisee nor the auditor.
      'action-0-ownerId': priya,
      ...dateFields('action-0-dueOn', daysFromToday(-1)),
      intent: 'complete',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      { text: 'Choose who will do action 1', href: '#action-0-ownerId' },
      { text: 'Action 1 due date must be today or in the future', href: '#action-0-dueOn-day' },
    ]);
  });

  it('completes an audit with actions tracked like supervision actions, then records feedback', async () => {
    const url = `/audits/${first.id}`;
    const form = filledFormOf((await qa.get(url)).body, url, 'intent');
    const due = daysFromToday(14);
    const completed = await qa.post(url, {
      ...form,
      ...allGraded,
      'purpose.judgement.findings': 'The purpose of the session is not written down.',
      summary:
        '- Celebrate: the child’s own words are used throughout\n- Improve: write down the purpose',
      'action-0-description': 'Write the purpose at the top of each supervision record',
      'action-0-ownerId': daniel,
      ...dateFields('action-0-dueOn', due),
      ...dateFields('nextAuditOn', daysFromToday(90)),
      intent: 'complete',
    });
    expect(completed.statusCode).toBe(303);
    expect(completed.headers.location).toBe(`${url}?done=completed`);
    const row = (await pool.query('SELECT * FROM quality_audit WHERE id = $1', [first.id])).rows[0];
    expect(row).toMatchObject({
      status: 'completed',
      completed_on: today(),
      next_audit_on: daysFromToday(90),
    });
    const actions = await pool.query('SELECT * FROM supervision_action WHERE audit_id = $1', [
      first.id,
    ]);
    expect(actions.rows).toEqual([
      expect.objectContaining({
        description: 'Write the purpose at the top of each supervision record',
        owner_id: daniel,
        staff_id: jordan,
        set_on: today(),
        due_on: due,
        status: 'open',
        record_id: null,
      }),
    ]);
    expect(actions.rows[0].external_id).toMatch(/^audit-action-[0-9a-f-]{36}$/);
    // An open action of Daniel's, followed up like any agreed in supervision.
    const open = await services.repos.supervisionSessions.openActions(organisationId, daniel);
    expect(open.map((a) => a.description)).toContain(
      'Write the purpose at the top of each supervision record',
    );
    const view = await services.compliance.view(
      organisationId,
      today(),
      { kind: 'staff', staffIds: [jordan] },
      { kinds: ['action'] },
    );
    expect(
      view.obligations.find((o) => o.id === `action:${actions.rows[0].external_id}`),
    ).toMatchObject({ kind: 'action', dueDate: due, state: expect.stringMatching(/^due/) });

    // The deadline for feedback: 5 working days from completion, by the working calendar.
    const feedbackDue = workingCalendarForRegion('england-and-wales').addPeriod(today(), {
      unit: 'working_days',
      count: 5,
    });
    const page = textOf((await qa.get(`${url}?done=completed`)).body);
    expect(page).toContain(
      `Feedback is due by ${govukDate(feedbackDue)} (within 5 working days of completing the audit)`,
    );
    expect(page).toContain('Write the purpose at the top of each supervision record Daniel Okafor');

    // The supervisor reads the completed audit; the supervisee once the feedback is given.
    const supervisor = await signedIn(app, accounts.supervisor);
    expect((await supervisor.get(url)).statusCode).toBe(200);
    expect(textOf((await supervisor.get('/audits')).body)).toContain(
      'Feedback about your supervision Audit of Auditor Feedback to Dates Status Actions Jordan Ellis’s supervision record Richard Haworth Daniel Okafor Completed',
    );
    const practitioner = await signedIn(app, accounts.practitioner);
    expect((await practitioner.get(url)).statusCode).toBe(403);

    await qa.get(url);
    const empty = await qa.post(`${url}/feedback`, {
      revision: String(row.revision),
      feedback: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      { text: 'Enter the feedback given, in bullet points', href: '#feedback' },
    ]);
    const given = await qa.post(`${url}/feedback`, {
      revision: String(row.revision),
      feedback:
        '- The record shows the child’s voice well\n- Write down the purpose of each session',
    });
    expect(given.statusCode).toBe(303);
    const closed = (await pool.query('SELECT * FROM quality_audit WHERE id = $1', [first.id]))
      .rows[0];
    expect(closed).toMatchObject({ status: 'feedback_given', feedback_on: today() });
    const closedPage = textOf((await qa.get(url)).body);
    expect(closedPage).toContain('It was given on');
    expect(closedPage).toContain('the deadline was met');
    expect(closedPage).toContain('Write down the purpose of each session');

    // The sample closes to the auditor; the supervisee may now read the audit.
    expect((await qa.get(`/records/${first.subject_record_id}`)).statusCode).toBe(403);
    expect((await practitioner.get(url)).statusCode).toBe(200);
  });

  it('keeps other people’s audits from those who have no part in them', async () => {
    const url = `/audits/${second.id}`;
    const practitioner = await signedIn(app, accounts.practitioner);
    expect((await practitioner.get(url)).statusCode).toBe(403);
    await practitioner.get('/audits');
    expect((await practitioner.post(url, { revision: '1', intent: 'save' })).statusCode).toBe(403);
    // The supervisor sees it only once it is completed.
    const supervisor = await signedIn(app, accounts.supervisor);
    expect((await supervisor.get(url)).statusCode).toBe(403);
    expect((await supervisor.get('/audits/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await supervisor.get('/audits/not-an-id')).statusCode).toBe(404);
    expect((await supervisor.get(`/audits/draws/${drawId}`)).statusCode).toBe(403);
    // Quality assurance sees every audit, by status.
    const om = await signedIn(app, accounts.seniorManager);
    const all = textOf((await om.get('/audits?status=assigned')).body);
    expect(all).toContain('All audits');
    expect(all).toContain('Jordan Ellis’s supervision record Richard Haworth');
  });

  it('draws what the pool holds when it has fewer than the plan asks for, and says so', async () => {
    // The council raises its dip sample to 5 a month (its own framework, through its overrides).
    await pool.query(
      `UPDATE organisation SET overrides = jsonb_set(overrides, '{audits,0,subjects,count}', '5')
       WHERE id = $1`,
      [organisationId],
    );
    const margaret = await staffIdOf(pool, 'hos');
    await qa.get('/audits/sampling');
    // Quality assurance draws for another auditor: Margaret Oduya, head of service.
    const result = await qa.post('/audits/sampling/draw', {
      ruleId: 'qa-record-dip-sample',
      auditorId: margaret,
    });
    expect(result.statusCode).toBe(303);
    const id = /\/audits\/draws\/([0-9a-f-]{36})/.exec(String(result.headers.location))![1]!;
    const audits = await auditsOfDraw(id);
    // Daniel's two records of Jordan and Richard's of Ruth: Margaret wrote none of them.
    expect(audits.map((a) => a.auditor_id)).toEqual([margaret, margaret, margaret]);
    expect(audits.map((a) => a.subject_record_id)).toContain(ruthsRecord);
    const page = textOf((await qa.get(`/audits/draws/${id}`)).body);
    expect(page).toContain(
      'The pool held only 3 supervision records, so 3 were drawn instead of the 5 the plan asks for.',
    );
    expect(page).toContain('The picks match the seed and pool.');
  });

  it('refuses to draw from a pool with nothing in it', async () => {
    // Gareth Lloyd's South Area has no supervision written in Oversight yet.
    const gareth = await staffIdOf(pool, 'om-south');
    await qa.get('/audits/sampling');
    const result = await qa.post('/audits/sampling/draw', {
      ruleId: 'ops-manager-file-audit',
      auditorId: gareth,
    });
    expect(result.statusCode).toBe(400);
    expect(errorSummary(result.body)).toEqual([
      {
        text: 'There is nothing to draw: no supervision files in this plan’s pool that Gareth Lloyd did not write or take part in',
        href: '#draw',
      },
    ]);
    const draws = await pool.query(
      'SELECT count(*)::int AS n FROM sample_draw WHERE auditor_id = $1',
      [gareth],
    );
    expect(draws.rows[0].n).toBe(0);
  });

  it('refuses a draw without the form’s security token', async () => {
    const response = await qa.postRaw('/audits/sampling/draw', {
      ruleId: 'qa-record-dip-sample',
      auditorId: richard,
    });
    expect(response.statusCode).toBe(403);
  });
});
