import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../report-table.ts';
import { toCsv } from './csv.ts';

const bom = '\uFEFF';

function table(rows: ReportTable['rows'], columns?: ReportTable['columns']): ReportTable {
  return {
    title: 'Supervision by team',
    columns: columns ?? [
      { key: 'team', label: 'Team', kind: 'text' },
      { key: 'held', label: 'Supervisions held', kind: 'number' },
      { key: 'onTime', label: 'On time', kind: 'percent' },
      { key: 'last', label: 'Last held', kind: 'date' },
    ],
    rows,
  };
}

/** The records after the BOM, split on CRLF (the trailing CRLF leaves an empty last item). */
function lines(csv: string): string[] {
  return csv.slice(bom.length).split('\r\n');
}

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    const csv = toCsv(table([{ team: 'North', held: 12, onTime: 0.75, last: '2026-03-03' }]));
    expect(csv.startsWith(bom)).toBe(true);
    expect(lines(csv)).toEqual([
      'Team,Supervisions held,On time (%),Last held',
      'North,12,75,2026-03-03',
      '',
    ]);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('writes numbers raw, percentages to one decimal and dates as ISO', () => {
    const csv = toCsv(
      table([
        { team: 'East', held: 1234, onTime: 0.875, last: '2027-02-28' },
        { team: 'West', held: 2.5, onTime: 0.28549, last: null },
        { team: 'South', held: 0, onTime: 0.996, last: '2026-12-01' },
      ]),
    );
    expect(lines(csv).slice(1, 4)).toEqual([
      'East,1234,87.5,2027-02-28',
      'West,2.5,28.5,',
      'South,0,99.6,2026-12-01',
    ]);
  });

  it('leaves empty cells empty, including keys missing from a row', () => {
    const csv = toCsv(table([{ team: null, held: null }]));
    expect(lines(csv)[1]).toBe(',,,');
  });

  it('quotes fields containing commas, quotes, CR or LF, doubling the quotes', () => {
    const csv = toCsv(
      table([
        { team: 'Leaving care, north', held: 1, onTime: null, last: null },
        { team: 'The "Hub"', held: 2, onTime: null, last: null },
        { team: 'Line one\nline two', held: 3, onTime: null, last: null },
        { team: 'Carriage\rreturn', held: 4, onTime: null, last: null },
      ]),
    );
    const body = csv.slice(bom.length);
    expect(body).toContain('\r\n"Leaving care, north",1,,\r\n');
    expect(body).toContain('\r\n"The ""Hub""",2,,\r\n');
    expect(body).toContain('\r\n"Line one\nline two",3,,\r\n');
    expect(body).toContain('\r\n"Carriage\rreturn",4,,\r\n');
  });

  it('guards text that a spreadsheet would run as a formula', () => {
    const starts = ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tcmd', '\rcmd'];
    const csv = toCsv(
      table(
        starts.map((team) => ({ team })),
        [{ key: 'team', label: 'Team', kind: 'text' }],
      ),
    );
    expect(lines(csv).slice(1, 5)).toEqual(["'=1+1", "'+44 20", "'-2", "'@SUM(A1)"]);
    const body = csv.slice(bom.length);
    expect(body).toContain("\r\n'\tcmd\r\n");
    expect(body).toContain('\r\n"\'\rcmd"\r\n');
  });

  it('guards a dangerous formula that also needs quoting', () => {
    const csv = toCsv(
      table(
        [{ team: '=HYPERLINK("http://x","a,b")' }],
        [{ key: 'team', label: 'Team', kind: 'text' }],
      ),
    );
    expect(lines(csv)[1]).toBe('"\'=HYPERLINK(""http://x"",""a,b"")"');
  });

  it('never guards numbers, so negative numbers stay numbers', () => {
    const csv = toCsv(table([{ team: 'North', held: -3, onTime: -0.05, last: null }]));
    expect(lines(csv)[1]).toBe('North,-3,-5,');
  });

  it('keeps text that is not an ISO date as guarded text in a date column', () => {
    const csv = toCsv(table([{ team: 'North', held: 1, onTime: null, last: '-not recorded' }]));
    expect(lines(csv)[1]).toBe("North,1,,'-not recorded");
  });

  it('keeps non-ASCII text intact', () => {
    const csv = toCsv(table([{ team: 'Zoë’s team – café', held: 1, onTime: null, last: null }]));
    expect(lines(csv)[1]).toBe('Zoë’s team – café,1,,');
  });
});
