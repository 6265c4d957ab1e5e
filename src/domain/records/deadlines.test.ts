import { describe, expect, it } from 'vitest';
import { workingCalendarForRegion } from '../calendar/index.ts';
import { getPack } from '../policy/index.ts';
import type { PolicyPack } from '../policy/schema.ts';
import { type DatedRecord, recordDeadlines } from './deadlines.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const addPeriod = calendar.addPeriod.bind(calendar);
const pack = (id: string) => getPack(id)!;

const deadlines = (
  p: PolicyPack,
  record: Partial<DatedRecord> & Pick<DatedRecord, 'kind' | 'date'>,
  asOf: string,
) => recordDeadlines(p, addPeriod, record, asOf);

describe('due dates, in the seeds’ words', () => {
  it('systemic: "completed and shared with the practitioner and added to the child\'s record within 5 working days" (31 August a bank holiday)', () => {
    const due = deadlines(
      pack('systemic-4x4x4'),
      { kind: 'case_supervision', date: '2026-08-26' },
      '2026-08-26',
    );
    expect(due.map((d) => [d.rule.id, d.step, d.dueOn])).toEqual([
      ['case-notes-written-5-wd', 'written', '2026-09-03'],
      ['case-notes-shared-5-wd', 'shared', '2026-09-03'],
      ['case-notes-on-child-record-5-wd', 'on_child_record', '2026-09-03'],
    ]);
    expect(due.map((d) => d.words)).toEqual([
      'Recorded within 5 working days of the meeting',
      'Shared with the supervisee within 5 working days of the meeting',
      'Added to the child’s record within 5 working days of the meeting',
    ]);
  });

  it('Durham: "passed to the supervisee within 10 working days", signed "within 15 working days" (25 May a bank holiday)', () => {
    const due = deadlines(
      pack('durham-one-point-2022'),
      { kind: 'personal_supervision', date: '2026-05-22' },
      '2026-05-22',
    );
    expect(due.map((d) => [d.rule.id, d.dueOn, d.words])).toEqual([
      [
        'personal-record-shared-10-wd',
        '2026-06-08',
        'Shared with the supervisee within 10 working days of the meeting',
      ],
      [
        'meeting-date-on-myview-10-wd',
        '2026-06-08',
        'Date of the meeting recorded within 10 working days of the meeting',
      ],
      [
        'signed-record-uploaded-15-wd',
        '2026-06-15',
        'Signed within 15 working days of the meeting',
      ],
    ]);
  });

  it('Manchester: "within one week" is 7 calendar days', () => {
    const [due] = deadlines(
      pack('manchester'),
      { kind: 'case_supervision_unplanned', date: '2026-12-24' },
      '2026-12-24',
    );
    expect(due).toMatchObject({
      step: 'on_child_record',
      dueOn: '2026-12-31',
      words: 'Added to the child’s record within 7 days of the meeting',
    });
  });

  it('Durham: the case supervision form is completed "while the practitioner is talking"', () => {
    const due = deadlines(
      pack('durham-one-point-2022'),
      { kind: 'case_supervision', date: '2026-10-01' },
      '2026-10-01',
    ).find((d) => d.rule.id === 'case-supervision-at-the-time');
    expect(due).toMatchObject({ dueOn: '2026-10-01', words: 'Recorded at the time' });
  });

  it('a kind the pack sets no deadline for has none', () => {
    expect(
      deadlines(
        pack('systemic-4x4x4'),
        { kind: 'personal_supervision', date: '2026-03-02' },
        '2026-03-02',
      ),
    ).toEqual([]);
    expect(
      deadlines(
        pack('leeds-schools-clusters'),
        { kind: 'case_supervision', date: '2026-03-02' },
        '2026-03-02',
      ),
    ).toEqual([]);
  });
});

describe('met, late and overdue', () => {
  const at = (sharedAt: string | undefined, asOf: string) =>
    deadlines(
      pack('systemic-4x4x4'),
      { kind: 'case_supervision', date: '2026-08-26', ...(sharedAt ? { sharedAt } : {}) },
      asOf,
    ).find((d) => d.step === 'shared');

  it.each([
    [
      'shared before its due date',
      '2026-09-02',
      '2026-09-10',
      { metOn: '2026-09-02', late: false, overdue: false },
    ],
    [
      'shared on its due date',
      '2026-09-03',
      '2026-09-10',
      { metOn: '2026-09-03', late: false, overdue: false },
    ],
    [
      'shared the day after',
      '2026-09-04',
      '2026-09-10',
      { metOn: '2026-09-04', late: true, overdue: false },
    ],
    ['not shared, the due date itself', undefined, '2026-09-03', { late: false, overdue: false }],
    ['not shared, the day after', undefined, '2026-09-04', { late: false, overdue: true }],
    [
      'shared after the day asked about: not yet shared then',
      '2026-09-08',
      '2026-09-04',
      { late: false, overdue: true },
    ],
  ])('%s', (_label, sharedAt, asOf, expected) => {
    const due = at(sharedAt, asOf);
    expect(due).toMatchObject(expected);
    if (!('metOn' in expected)) expect(due?.metOn).toBeUndefined();
  });

  it('each step is met by its own date', () => {
    const due = deadlines(
      pack('systemic-4x4x4'),
      {
        kind: 'case_supervision',
        date: '2026-08-26',
        writtenAt: '2026-08-27',
        onChildRecordAt: '2026-09-07',
      },
      '2026-09-10',
    );
    expect(due.map((d) => [d.step, d.metOn, d.late, d.overdue])).toEqual([
      ['written', '2026-08-27', false, false],
      ['shared', undefined, false, true],
      ['on_child_record', '2026-09-07', true, false],
    ]);
  });
});
