import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/index.ts';
import { timeliness } from '../../src/domain/dashboards/index.ts';
import { peerAuditTool, tenDimensions } from '../../src/domain/policy/packs/quality-tools.ts';
import type { AuditTool } from '../../src/domain/policy/schema.ts';
import type { AuditAnswers } from '../../src/domain/quality/answers.ts';
import {
  defaultPeriod,
  financialHalf,
  financialYear,
  financialYearOf,
} from '../../src/domain/quality/report.ts';
import { testApp } from '../support/app.ts';
import { csvRecords } from '../support/csv.ts';
import {
  accounts,
  decode,
  signedIn,
  staffIdOf,
  textOf,
  today,
  unitIdOf,
} from './organisation-helpers.ts';

type Table = { caption: string; head: string[]; rows: string[][] };

const cellText = (html: string) => textOf(html).trim();

/** The page's tables as a person reads them: caption, headings and rows. */
function tablesOf(html: string): Table[] {
  return [...html.matchAll(/<table class="govuk-table"[\s\S]*?<\/table>/g)].map(([table]) => ({
    caption: cellText(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? ''),
    head: [...table.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => cellText(m[1]!)),
    rows: [
      ...(/<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '').matchAll(
        /<tr[^>]*>([\s\S]*?)<\/tr>/g,
      ),
    ].map((row) =>
      [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => cellText(m[1]!)),
    ),
  }));
}

const tableTitled = (html: string, caption: string) => {
  const table = tablesOf(html).find((t) => t.caption === caption);
  if (!table) throw new Error(`no table “${caption}”`);
  return table;
};
const rowOf = (table: Table, first: string) => {
  const row = table.rows.find((r) => r[0] === first);
  if (!row) throw new Error(`no row “${first}” in “${table.caption}”`);
  return row;
};

/** Ten-dimension answers: every dimension graded `grade`, except those given. */
function graded(grade: string, except: Record<string, string> = {}): AuditAnswers {
  return Object.fromEntries(
    tenDimensions.sections.map((s) => [
      s.id,
      { judgement: { answer: except[s.id] ?? grade, findings: 'Seen in the record' } },
    ]),
  );
}

const peerAnswers = (structure: string, observe: string): AuditAnswers => ({
  'audit-questions': {
    'file-structure': { answer: structure },
    'observe-supervisor': { answer: observe, findings: 'Noted' },
  },
});

describe('the annual supervision report', async () => {
  const { app, pool, services } = await testApp();
  const organisationId = (await pool.query("SELECT id FROM organisation WHERE slug = 'northshire'"))
    .rows[0].id as string;
  const period = defaultPeriod(today());
  const on = (days: number) => addDays(period.from, days);
  const auditor = await staffIdOf(pool, 'qa-hos');
  const subject = await staffIdOf(pool, 'sw-ait-1');

  let n = 0;
  async function audit(
    tool: AuditTool,
    answers: AuditAnswers,
    completedOn: string,
    feedbackAfterDays = 2,
  ) {
    n++;
    await pool.query(
      `INSERT INTO quality_audit (organisation_id, external_id, auditor_id, subject_staff_id,
         audit_of, completed_on, feedback_on, status, tool, answers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'feedback_given', $8, $9)`,
      [
        organisationId,
        `report-test-${n}`,
        auditor,
        subject,
        tool.of[0],
        completedOn,
        addDays(completedOn, feedbackAfterDays),
        JSON.stringify(tool),
        JSON.stringify(answers),
      ],
    );
  }
  // Q1: two record audits; Q2: one; Q3: two peer audits of files; one the year before.
  await audit(tenDimensions, graded('good', { impact: 'inadequate' }), on(10));
  await audit(tenDimensions, graded('outstanding', { impact: 'good' }), on(10));
  await audit(tenDimensions, graded('requires_improvement'), on(105), 20);
  await audit(peerAuditTool, peerAnswers('yes', 'no'), on(192));
  await audit(peerAuditTool, peerAnswers('no', 'yes'), on(193));
  await audit(tenDimensions, graded('inadequate'), on(-30));

  // Feedback in the year's round: 6 in one team, 5 in another, 2 in a third. The 5 are held
  // back too, or the 2's answers could be worked out from the organisation's.
  const aitNorth = await unitIdOf(pool, 'ait-north');
  const cpNorth = await unitIdOf(pool, 'cp-north');
  const cicSouth = await unitIdOf(pool, 'cic-south');
  const respondents = (
    await pool.query(
      `SELECT id FROM staff_member WHERE organisation_id = $1 AND id <> $2
       ORDER BY external_id LIMIT 13`,
      [organisationId, auditor],
    )
  ).rows.map((r) => r.id as string);
  const teamOf = (i: number) => (i < 6 ? aitNorth : i < 11 ? cpNorth : cicSouth);
  for (const [i, respondent] of respondents.entries())
    await pool.query(
      `INSERT INTO supervision_feedback (organisation_id, survey_id, round_from, round_to,
         respondent_id, supervisor_id, unit_id, answers, submitted_on)
       VALUES ($1, 'supervisee-feedback', $2, $3, $4, $5, $6, $7, $8)`,
      [
        organisationId,
        period.from,
        period.to,
        respondent,
        auditor,
        teamOf(i),
        JSON.stringify({
          content: teamOf(i) === aitNorth ? 'agree' : 'disagree',
          improvements: ['Fewer cancellations'],
          comments: 'Private words about my supervisor',
        }),
        on(30),
      ],
    );
  const teamName = async (id: string) =>
    (await pool.query('SELECT name FROM org_unit WHERE id = $1', [id])).rows[0].name as string;
  const aitName = await teamName(aitNorth);
  const cpName = await teamName(cpNorth);
  const cicName = await teamName(cicSouth);
  const round = `round from April ${period.year} to March ${period.year + 1}`;

  const auditorClient = await signedIn(app, 'auditor@northshire.example');
  const page = await auditorClient.get('/reports/annual-supervision');
  const csv = csvRecords(
    (await auditorClient.get(`/reports/annual-supervision.csv?${period.query}`)).body,
  );
  const figure = (section: string, group: string, measure: string) =>
    csv.filter((r) => r[0] === section && r[1] === group && r[2] === measure).map((r) => r[3]);

  it('opens on the last complete financial year, reached from the reports page', async () => {
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(`Annual supervision report: ${period.label}`);
    for (const heading of [
      '1. Frequency and timeliness of supervision',
      '2. Audit findings by dimension',
      '3. Feedback themes',
      '4. Record-quality trends',
    ])
      expect(text).toContain(heading);
    expect((await auditorClient.get('/reports')).body).toContain(
      'href="/reports/annual-supervision"',
    );
    // Who read it is kept.
    const logged = await pool.query(
      "SELECT detail FROM audit_event WHERE action = 'quality_report.viewed' AND resource_id = $1",
      [period.query],
    );
    expect(logged.rows.length).toBeGreaterThan(0);
  });

  it('counts findings by dimension from each audit’s tool, with the grades given', () => {
    const byTool = tableTitled(page.body, 'Audits completed in the period, by tool');
    expect(byTool.head).toEqual([
      'Audit tool',
      'Audits completed',
      'Answers',
      'Favourable',
      'Favourable share',
    ]);
    // The audit of the year before is not counted: 3, not 4.
    expect(rowOf(byTool, tenDimensions.name)).toEqual([tenDimensions.name, '3', '30', '19', '63%']);
    expect(rowOf(byTool, peerAuditTool.name)).toEqual([peerAuditTool.name, '2', '4', '2', '50%']);

    const dimensions = tableTitled(page.body, `${tenDimensions.name}: findings by dimension`);
    expect(dimensions.rows.map((r) => r[0])).toEqual(tenDimensions.sections.map((s) => s.heading));
    expect(rowOf(dimensions, 'Purpose')).toEqual([
      'Purpose',
      '3',
      '2',
      '67%',
      'Outstanding 1, Good 1, Requires improvement 1',
    ]);
    expect(rowOf(dimensions, 'Impact')).toEqual([
      'Impact',
      '3',
      '1',
      '33%',
      'Good 1, Requires improvement 1, Inadequate 1',
    ]);

    // Manchester's Q12 asks about a concern: "no" is the favourable answer.
    const questions = tableTitled(page.body, `${peerAuditTool.name}: findings by question`);
    const observe = peerAuditTool.sections[0]!.questions.find(
      (q) => q.id === 'observe-supervisor',
    )!;
    expect(questions.rows.find((r) => r[1] === observe.text)).toEqual([
      'Audit questions',
      observe.text,
      '2',
      '1',
      '50%',
      'Yes 1, No 1',
    ]);
    // Findings notes are never shown in the report.
    expect(page.body).not.toContain('Seen in the record');
  });

  it('counts feedback given after audits against the deadline', () => {
    const feedback = tableTitled(page.body, 'Feedback after audits within the deadline');
    expect(rowOf(feedback, 'audit-feedback-5-wd')).toEqual([
      'audit-feedback-5-wd',
      '5',
      '4',
      '1',
      '0',
      '80%',
    ]);
    const quotas = tableTitled(page.body, 'Audits against the sampling plans');
    // April's quota was met (2 audits). July's 1 of 2 fell short before the demo went live, so
    // that quota is waived (audits were on paper then) and is not counted.
    expect(rowOf(quotas, 'qa-record-dip-sample').at(-1)).toBe('2');
  });

  it('takes supervision timeliness from the compliance engine as at the period end', async () => {
    // The demo went live six months ago: supervision before that is waived, so not counted.
    const before = tableTitled(page.body, 'Staff supervision due in the period, by unit');
    expect(rowOf(before, 'Whole organisation').slice(2)).toEqual(['0', '0', '0', '0', '']);

    // A year with supervision since going live, figures as at today while it runs.
    const year = financialYear(financialYearOf(addDays(today(), -45)));
    const response = await auditorClient.get(`/reports/annual-supervision?${year.query}`);
    const asOf = today() < year.to ? today() : year.to;
    const view = await services.compliance.view(organisationId, asOf, { kind: 'organisation' });
    const expected = timeliness(
      view.obligations.filter(
        (o) => o.kind === 'staff_supervision' || o.kind === 'staff_supervision_rebook',
      ),
      year.from,
      year.to,
      asOf,
    );
    expect(expected.due).toBeGreaterThan(0);
    const table = tableTitled(response.body, 'Staff supervision due in the period, by unit');
    expect(table.head).toEqual([
      'Unit',
      'Level',
      'Due',
      'Met on time',
      'Met late',
      'Missed',
      'On time',
    ]);
    const whole = rowOf(table, 'Whole organisation');
    expect(whole.slice(2, 6)).toEqual(
      [expected.due, expected.metOnTime, expected.metLate, expected.notMet].map(String),
    );
    // A service counts its teams.
    const service = rowOf(table, "Children's Social Work Service");
    const teams = [
      'Assessment and Intervention Team North',
      'Child Protection and Court Team North',
    ];
    expect(Number(service[2])).toBeGreaterThanOrEqual(
      teams.reduce((n, name) => n + Number(rowOf(table, name)[2]), 0),
    );
    const yearCsv = csvRecords(
      (await auditorClient.get(`/reports/annual-supervision.csv?${year.query}`)).body,
    );
    expect(
      yearCsv
        .filter(
          (r) =>
            r[0] === 'Frequency and timeliness of supervision' &&
            r[1] === 'Whole organisation' &&
            r[2] === 'Staff supervision: Due',
        )
        .map((r) => r[3]),
    ).toEqual([String(expected.due)]);
  });

  it('shows record-quality trends by quarter', () => {
    const quarters = tableTitled(page.body, 'Record quality by quarter');
    expect(quarters.rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      [`Q1: April to June ${period.year}`, '20', '95%'],
      [`Q2: July to September ${period.year}`, '10', '0%'],
      [`Q3: October to December ${period.year}`, '4', '50%'],
      [`Q4: January to March ${period.year + 1}`, '0', ''],
    ]);
  });

  it('shows feedback only for groups of at least five, in the page and the CSV', () => {
    const who = tableTitled(page.body, `Who responded, ${round}`);
    expect(rowOf(who, 'Whole organisation')).toEqual(['Whole organisation', '13', 'Shown below']);
    expect(rowOf(who, aitName)).toEqual([aitName, '6', 'Shown below']);
    expect(rowOf(who, cicName)).toEqual([cicName, '', 'Not shown: fewer than 5 responded']);
    expect(rowOf(who, cpName)[1]).toBe('');
    const agreement = tableTitled(page.body, `Share agreeing or strongly agreeing, ${round}`);
    expect(agreement.head).toEqual(['Statement', 'Whole organisation', aitName]);
    expect(rowOf(agreement, 'The content of my supervision meets my needs.')).toEqual([
      'The content of my supervision meets my needs.',
      '46%',
      '100%',
    ]);
    expect(page.body).not.toContain('Private words');

    const section = 'Feedback themes';
    expect(figure(section, `${aitName}, ${round}`, 'Respondents')).toEqual(['6']);
    expect(
      figure(
        section,
        `${aitName}, ${round}`,
        'Agreeing (%): The content of my supervision meets my needs.',
      ),
    ).toEqual(['100']);
    for (const small of [cicName, cpName]) {
      const rows = csv.filter((r) => r[1] === `${small}, ${round}`);
      expect(rows).toEqual([[section, `${small}, ${round}`, 'Respondents', 'not shown']]);
    }
  });

  it('gives the same figures in the CSV, one a row', () => {
    expect(csv[0]).toEqual(['Section', 'Group', 'Measure', 'Value']);
    const section = 'Audit findings by dimension';
    const purpose = `${tenDimensions.name}: Purpose`;
    expect(figure(section, purpose, 'Answers')).toEqual(['3']);
    expect(figure(section, purpose, 'Favourable')).toEqual(['2']);
    expect(figure(section, purpose, 'Favourable share (%)')).toEqual(['66.7']);
    expect(figure(section, purpose, 'Answered Outstanding')).toEqual(['1']);
    expect(figure(section, tenDimensions.name, 'Audits completed')).toEqual(['3']);
    expect(
      figure('Record-quality trends', `Q1: April to June ${period.year}`, 'Favourable (%)'),
    ).toEqual(['95']);
  });

  it('has a print view with the same tables', async () => {
    const print = await auditorClient.get(`/reports/annual-supervision?${period.query}&view=print`);
    expect(print.statusCode).toBe(200);
    expect(textOf(print.body)).toContain('Annual supervision report. Printed from Oversight.');
    expect(print.body).not.toContain('govuk-service-navigation');
    expect(
      rowOf(tableTitled(print.body, `${tenDimensions.name}: findings by dimension`), 'Purpose')[3],
    ).toBe('67%');
  });

  it('reports a half year: the 6-monthly themes', async () => {
    const half = financialHalf(period.year, 2);
    const response = await auditorClient.get(`/reports/annual-supervision?${half.query}`);
    expect(response.statusCode).toBe(200);
    const byTool = tableTitled(response.body, 'Audits completed in the period, by tool');
    expect(byTool.rows.map((r) => [r[0], r[1]])).toEqual([[peerAuditTool.name, '2']]);
    expect(tableTitled(response.body, 'Record quality by quarter').rows.map((r) => r[0])).toEqual([
      `Q3: October to December ${period.year}`,
      `Q4: January to March ${period.year + 1}`,
    ]);
  });

  it('refuses a period it cannot read or that has not started', async () => {
    const bad = await auditorClient.get('/reports/annual-supervision?year=last');
    expect(bad.statusCode).toBe(400);
    expect(decode(bad.body)).toContain('Give the financial year as the year it starts');
    const future = await auditorClient.get(`/reports/annual-supervision?year=${period.year + 3}`);
    expect(future.statusCode).toBe(400);
  });

  it('is not for practitioners or team managers', async () => {
    for (const email of [accounts.practitioner, accounts.supervisor]) {
      const client = await signedIn(app, email);
      expect((await client.get('/reports/annual-supervision')).statusCode).toBe(403);
      expect((await client.get('/reports/annual-supervision.csv')).statusCode).toBe(403);
      expect((await client.get('/reports')).body).not.toContain('/reports/annual-supervision');
    }
  });
});
