import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dateInWords } from '../../src/domain/calendar/date-words.ts';
import { addDays } from '../../src/domain/calendar/index.ts';
import { testApp } from '../support/app.ts';
import { csvRecords } from '../support/csv.ts';
import {
  accounts,
  decode,
  errorSummary,
  signedIn,
  textOf,
  today,
  unitIdOf,
} from './organisation-helpers.ts';

type Table = { caption: string; head: string[]; rows: string[][]; numericLinks: string[] };

const cellText = (html: string) => textOf(html).trim();

/** The page's tables as a person reads them: caption, headings, rows, and the figures' links. */
function tablesOf(html: string): Table[] {
  return [...html.matchAll(/<table class="govuk-table"[\s\S]*?<\/table>/g)].map(([table]) => {
    const caption = cellText(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? '');
    const head = [...table.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
      cellText(m[1]!),
    );
    const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
    const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => cellText(m[1]!)),
    );
    const numericLinks = [
      ...body.matchAll(/<td class="[^"]*govuk-table__cell--numeric[^"]*"[^>]*>([\s\S]*?)<\/td>/g),
    ].flatMap((m) => [...m[1]!.matchAll(/href="([^"]+)"/g)].map((h) => decode(h[1]!)));
    return { caption, head, rows, numericLinks };
  });
}

const reportIds = [
  'supervision-frequency',
  'management-oversight',
  'recording-timeliness',
  'observation-coverage',
  'actions-ageing',
  'inspection-pack',
];

/** The first table's headings of each report: what an inspector reads across the top. */
const firstHeadings: Record<string, string[]> = {
  'supervision-frequency': [
    'Name',
    'Team',
    'Last supervision held',
    'Next planned',
    'State',
    'Due by',
    'Held this year',
    'Minimum for the year',
    'On time in the last 12 months',
  ],
  'management-oversight': [
    'Case',
    'Child',
    'Worker',
    'Team',
    'Last discussed',
    'Due by',
    'State',
    'Rule applied',
    'Policy section',
    'Other rules considered',
  ],
  'recording-timeliness': [
    'Team',
    'Due in the last 12 months',
    'Met on time',
    'Met late',
    'Not met',
    'Share on time',
    'Overdue now',
  ],
  'observation-coverage': [
    'Name',
    'Team',
    'Rule',
    'Year ends',
    'Required this year',
    'Counted',
    'State',
    'Last observed',
  ],
  'actions-ageing': [
    'Team',
    'Under 4 weeks',
    '1 to 3 months',
    '3 to 6 months',
    'Over 6 months',
    'Open',
    'Overdue',
    'Oldest open, set on',
  ],
  'inspection-pack': ['Figure', 'Number', 'Share'],
};

describe('reports', async () => {
  const { app, pool } = await testApp();
  const team = await unitIdOf(pool, 'ait-north');
  const otherTeam = await unitIdOf(pool, 'cp-north');
  const manager = await signedIn(app, accounts.supervisor);
  const teamName = 'Assessment and Intervention Team North';

  it('lists the reports with the units the person may see, today and a default unit', async () => {
    const page = await manager.get('/reports');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    for (const title of ['Supervision frequency', 'Management oversight', 'Inspection pack'])
      expect(text).toContain(title);
    const options = [...page.body.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)];
    expect(options.map((o) => o[1])).toEqual([team]);
    expect(page.body).toMatch(new RegExp(`<option value="${team}" selected`));
    const [year, month, day] = today().split('-');
    expect(page.body).toContain(`name="asOf-day" type="text" value="${Number(day)}"`);
    expect(page.body).toContain(`name="asOf-month" type="text" value="${Number(month)}"`);
    expect(page.body).toContain(`name="asOf-year" type="text" value="${year}"`);
  });

  it('opens the chosen report for the chosen unit and date', async () => {
    const response = await manager.get(
      `/reports?report=actions-ageing&unit=${team}&asOf-day=1&asOf-month=6&asOf-year=2026`,
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/reports/actions-ageing?unit=${team}&asOf=2026-06-01`);
  });

  it.each(reportIds)('%s: renders for the team manager with its columns and rows', async (id) => {
    const page = await manager.get(`/reports/${id}?unit=${team}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(`As at ${dateInWords(today())} for ${teamName}`);
    expect(text).toContain('under the policy pack');
    expect(text).toMatch(/Figures as at \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)/);
    for (const link of ['Download CSV', 'Download XLSX (Excel)', 'Print view'])
      expect(text).toContain(link);
    const [first] = tablesOf(page.body);
    expect(first!.head).toEqual(firstHeadings[id]);
    expect(first!.rows.length).toBeGreaterThan(0);
    // Counts and shares are right-aligned (the children's list has none).
    if (id !== 'management-oversight')
      expect(page.body).toContain('govuk-table__header govuk-table__header--numeric');
  });

  it('every figure that counts obligations leads to the obligations behind it', async () => {
    let links = 0;
    for (const id of reportIds) {
      const page = await manager.get(`/reports/${id}?unit=${team}`);
      for (const table of tablesOf(page.body))
        for (const href of table.numericLinks) {
          links++;
          expect(href).toMatch(/^\/compliance\/obligations\?/);
          const query = new URLSearchParams(href.split('?')[1]);
          expect(query.get('asOf')).toBe(today());
          expect(query.get('kind')).toBeTruthy();
          expect(query.get('unit') ?? query.get('person') ?? query.get('child')).toMatch(
            /^[0-9a-f-]{36}$/,
          );
        }
    }
    expect(links).toBeGreaterThan(20);
    // The team's row leads to the team's obligations, its overdue figure to the overdue ones.
    const page = await manager.get(`/reports/supervision-frequency?unit=${team}`);
    const teamTable = tablesOf(page.body)[1]!;
    expect(teamTable.numericLinks).toContain(
      `/compliance/obligations?unit=${team}&kind=staff_supervision,staff_supervision_rebook&state=overdue&asOf=${today()}`,
    );
  });

  it('downloads a CSV whose headings and rows are the page’s', async () => {
    const url = `/reports/supervision-frequency?unit=${team}`;
    const [page, csv] = [await manager.get(url), await manager.get(`${url}&format=csv`)];
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="supervision-frequency-assessment-and-intervention-team-north-${today()}.csv"`,
    );
    const [header, ...records] = csvRecords(csv.body);
    const html = tablesOf(page.body)[0]!;
    // The CSV says what a percentage column is measured in.
    expect(header).toEqual(html.head.map((h) => (h.startsWith('On time') ? `${h} (%)` : h)));
    expect(records).toHaveLength(html.rows.length);
    const chloe = html.rows.find((r) => r[0] === 'Chloe Martin')!;
    const chloeCsv = records.find((r) => r[0] === 'Chloe Martin')!;
    expect(chloeCsv.slice(0, 2)).toEqual(chloe.slice(0, 2));
    expect(chloeCsv[4]).toBe(chloe[4]);
    expect(chloeCsv[6]).toBe(chloe[6]);
    expect(dateInWords(chloeCsv[2]!)).toBe(chloe[2]);

    const second = await manager.get(`${url}&format=csv&table=1`);
    expect(csvRecords(second.body)[0]![0]).toBe('Team');
    expect(second.headers['content-disposition']).toContain('supervision-frequency-teams-');
    expect((await manager.get(`${url}&format=csv&table=9`)).statusCode).toBe(404);
  });

  it('downloads the inspection pack as a workbook with a sheet for each list', async () => {
    const response = await manager.get(`/reports/inspection-pack?unit=${team}&format=xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="inspection-pack-assessment-and-intervention-team-north-${today()}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'About',
      'Headline figures',
      'Staff overdue for supervision',
      'Case supervision overdue',
      'Not discussed in 3 months',
      'Records overdue',
      'Actions overdue',
      'Observations due',
    ]);
    const headline = workbook.getWorksheet('Headline figures')!;
    expect(headline.getRow(1).values).toEqual([undefined, 'Figure', 'Number', 'Share']);
    expect(headline.getRow(2).values).toEqual([undefined, 'Staff in scope', 7]);
    // The page offers a CSV of each list.
    const page = await manager.get(`/reports/inspection-pack?unit=${team}`);
    expect(page.body).toContain(`format=csv&amp;table=6`);
  });

  it('prints without the service’s navigation, every row included', async () => {
    const page = await manager.get(`/reports/management-oversight?unit=${team}&format=print`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('govuk-service-navigation');
    expect(page.body).not.toContain('govuk-pagination');
    expect(page.body).toContain('<link rel="stylesheet" href="/public/print.css" media="print">');
    expect(textOf(page.body)).toContain('Printed from Oversight');
    const screen = await manager.get(`/reports/management-oversight?unit=${team}`);
    expect(tablesOf(page.body)[0]!.rows).toEqual(tablesOf(screen.body)[0]!.rows);
  });

  it('replays an earlier date: the figures as they stood then', async () => {
    const earlier = addDays(today(), -120);
    const now = tablesOf(
      (await manager.get(`/reports/supervision-frequency?unit=${team}`)).body,
    )[0]!;
    const page = await manager.get(`/reports/supervision-frequency?unit=${team}&asOf=${earlier}`);
    expect(textOf(page.body)).toContain(`As at ${dateInWords(earlier)}`);
    const then = tablesOf(page.body)[0]!;
    expect(then.rows.map((r) => r[0])).toEqual(now.rows.map((r) => r[0]));
    expect(then.rows).not.toEqual(now.rows);
    // Nobody's last supervision can be after the date the figures are for.
    const csv = csvRecords(
      (await manager.get(`/reports/supervision-frequency?unit=${team}&asOf=${earlier}&format=csv`))
        .body,
    ).slice(1);
    for (const record of csv) if (record[2]) expect(record[2] <= earlier).toBe(true);
    expect(csv.some((r) => r[2] !== '')).toBe(true);
  });

  it('refuses a practitioner and another team’s unit; an unknown report or unit is not found', async () => {
    const practitioner = await signedIn(app, accounts.practitioner);
    expect((await practitioner.get('/reports')).statusCode).toBe(403);
    expect((await practitioner.get(`/reports/supervision-frequency?unit=${team}`)).statusCode).toBe(
      403,
    );
    expect((await manager.get(`/reports/supervision-frequency?unit=${otherTeam}`)).statusCode).toBe(
      403,
    );
    expect(
      (await manager.get(`/reports/inspection-pack?unit=${otherTeam}&format=xlsx`)).statusCode,
    ).toBe(403);
    expect((await manager.get(`/reports/supervision-frequency?unit=organisation`)).statusCode).toBe(
      403,
    );
    expect((await manager.get(`/reports/no-such-report?unit=${team}`)).statusCode).toBe(404);
    expect(
      (await manager.get(`/reports/supervision-frequency?unit=${randomUUID()}`)).statusCode,
    ).toBe(404);
    expect((await manager.get(`/reports/supervision-frequency?unit=nonsense`)).statusCode).toBe(
      404,
    );
  });

  it('names the as-of date in the error summary when it is not a real date', async () => {
    const typed = await manager.get(
      `/reports?report=supervision-frequency&unit=${team}&asOf-day=31&asOf-month=2&asOf-year=2026`,
    );
    expect(typed.statusCode).toBe(400);
    expect(errorSummary(typed.body)).toEqual([
      { text: 'The as-of date must be a real date', href: '#asOf-day' },
    ]);
    expect(typed.body).toContain('<title>Error: Reports – Oversight</title>');
    // What was typed stays in the boxes.
    expect(typed.body).toContain('name="asOf-day" type="text" value="31"');

    const address = await manager.get(
      `/reports/supervision-frequency?unit=${team}&asOf=2026-02-30`,
    );
    expect(address.statusCode).toBe(400);
    expect(errorSummary(address.body)).toEqual([
      { text: 'The as-of date must be a real date', href: '#asOf-day' },
    ]);

    const future = await manager.get(
      `/reports?report=supervision-frequency&unit=${team}&asOf-day=1&asOf-month=1&asOf-year=2999`,
    );
    expect(errorSummary(future.body)).toEqual([
      { text: 'The as-of date must be today or in the past', href: '#asOf-day' },
    ]);
    const nothing = await manager.get(`/reports?asOf-day=&asOf-month=&asOf-year=&unit=${team}`);
    expect(errorSummary(nothing.body)).toEqual([
      { text: 'Select a report', href: '#report' },
      { text: 'Enter the as-of date', href: '#asOf-day' },
    ]);
  });

  it('opens on the whole organisation for a senior manager', async () => {
    const senior = await signedIn(app, accounts.seniorManager);
    const index = await senior.get('/reports');
    expect(index.body).toMatch(/<option value="organisation" selected/);
    const page = await senior.get('/reports/inspection-pack');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('for Northshire');
    const [headline] = tablesOf(page.body);
    expect(Number(headline!.rows[0]![1])).toBeGreaterThan(7);
    // Figures for the organisation lead to the organisation's obligations: no unit named.
    for (const href of headline!.numericLinks) expect(href).not.toContain('unit=');
  });
});
