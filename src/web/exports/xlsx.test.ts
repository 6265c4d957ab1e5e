import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../report-table.ts';
import { sheetNames, toXlsx } from './xlsx.ts';

const byTeam: ReportTable = {
  title: 'Supervision by team',
  columns: [
    { key: 'team', label: 'Team', kind: 'text' },
    { key: 'held', label: 'Supervisions held', kind: 'number' },
    { key: 'onTime', label: 'On time', kind: 'percent' },
    { key: 'last', label: 'Last held', kind: 'date' },
  ],
  rows: [
    { team: 'North', held: 1234, onTime: 0.875, last: '2026-03-03' },
    { team: '=cmd|calc', held: 2.5, onTime: 0.996, last: null },
    { team: null, held: null, onTime: null, last: 'not recorded' },
  ],
};

const meta = { title: 'Supervision compliance', asOf: '2027-02-28', generatedBy: 'Ann Lead' };

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

describe('toXlsx', () => {
  it('writes an About sheet then one sheet per table, with the workbook title and creator', async () => {
    const other = { ...byTeam, title: 'Overdue visits' };
    const workbook = await readBack(await toXlsx([byTeam, other], meta));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'About',
      'Supervision by team',
      'Overdue visits',
    ]);
    expect(workbook.title).toBe('Supervision compliance');
    expect(workbook.creator).toBe('Ann Lead');
    const about = workbook.getWorksheet('About')!;
    expect(about.getCell('B1').value).toBe('Supervision compliance');
    expect(about.getCell('B2').value).toEqual(new Date('2027-02-28T00:00:00Z'));
    expect(about.getCell('B3').value).toBe('Ann Lead');
    expect(about.getCell('B7').value).toBe('Overdue visits');
  });

  it('links each table named on the About sheet to its sheet', async () => {
    const homes = { ...byTeam, title: "Children's homes" };
    const about = (await readBack(await toXlsx([homes], meta))).getWorksheet('About')!;
    expect(about.getCell('A6').value).toEqual({
      text: "Children's homes",
      hyperlink: "#'Children''s homes'!A1",
    });
  });

  it('writes a bold, frozen header row of column labels', async () => {
    const sheet = (await readBack(await toXlsx([byTeam], meta))).getWorksheet(2)!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Team',
      'Supervisions held',
      'On time',
      'Last held',
    ]);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('keeps numbers, percentages and dates as real values with number formats', async () => {
    const sheet = (await readBack(await toXlsx([byTeam], meta))).getWorksheet(2)!;
    expect(sheet.getCell('B2').value).toBe(1234);
    expect(sheet.getCell('B2').numFmt).toBe('#,##0');
    expect(sheet.getCell('B3').value).toBe(2.5);
    expect(sheet.getCell('C2').value).toBe(0.875);
    expect(sheet.getCell('C2').numFmt).toBe('0%');
    expect(sheet.getCell('C3').value).toBe(0.996);
    expect(sheet.getCell('C3').numFmt).toBe('0.0%');
    const date = sheet.getCell('D2');
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect(date.value).toEqual(new Date('2026-03-03T00:00:00Z'));
    expect(date.numFmt).toBe('d mmm yyyy');
  });

  it('keeps text as text (never a formula) and leaves empty cells empty', async () => {
    const sheet = (await readBack(await toXlsx([byTeam], meta))).getWorksheet(2)!;
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A3').value).toBe('=cmd|calc');
    expect(sheet.getCell('A4').type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getCell('D4').value).toBe('not recorded');
  });

  it('sizes columns to their content, capped at 60', async () => {
    const long: ReportTable = {
      title: 'Notes',
      columns: [
        { key: 'id', label: 'Ref', kind: 'number' },
        { key: 'note', label: 'Note', kind: 'text' },
        { key: 'team', label: 'Team', kind: 'text' },
      ],
      rows: [{ id: 1, note: 'x'.repeat(200), team: 'Leaving care (north)' }],
    };
    const sheet = (await readBack(await toXlsx([long], meta))).getWorksheet(2)!;
    expect(sheet.getColumn(1).width).toBe(8);
    expect(sheet.getColumn(2).width).toBe(60);
    expect(sheet.getColumn(3).width).toBe('Leaving care (north)'.length + 2);
  });

  it('sanitises sheet names and makes them unique', async () => {
    const titles = [
      'Overdue: north/south [draft]?',
      'A very long table title that goes on well past the limit',
      'A very long table title that goes on well past the limit too',
      'about',
      '',
      "'History'",
    ];
    const workbook = await readBack(
      await toXlsx(
        titles.map((title) => ({ ...byTeam, title })),
        meta,
      ),
    );
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toEqual([
      'About',
      'Overdue north south draft',
      'A very long table title that go',
      'A very long table title tha (2)',
      'about (2)',
      'Table 5',
      'History table',
    ]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
  });
});

describe('sheetNames', () => {
  it('numbers repeated titles, ignoring case', () => {
    expect(sheetNames(['Team', 'TEAM', 'team'])).toEqual(['Team', 'TEAM (2)', 'team (3)']);
  });
});
