import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../bundle/schema.ts';
import {
  bundle,
  child,
  type DueDateCase,
  describeDueDates,
  evaluate,
  find,
  held,
  record,
  staff,
} from '../test-support.ts';

const P = 'durham-one-point-2022';

/** n monthly sessions from April 2025. */
const sessions = (who: string, n: number, minutes = 90) =>
  Array.from({ length: n }, (_, i) =>
    held(
      `s${i}`,
      who,
      `2025-${String(4 + i).padStart(2, '0')}-10`.replace(
        /^2025-1([3-5])/,
        (_m, d) => `2026-0${Number(d) - 12}`,
      ),
      minutes,
    ),
  );

const monthlyChild = (extra: Partial<Bundle['children'][number]>) =>
  bundle(P, {
    children: [child('c1', extra)],
    records: [record('r1', 'case_supervision', '2026-09-15', { childIds: ['c1'] })],
  });
const personal = (extra: Partial<Bundle['records'][number]> = {}) =>
  bundle(P, { records: [record('p1', 'personal_supervision', '2026-10-01', extra)] });

const cases: DueDateCase[] = [
  {
    name: '"9 times each year as a minimum for full time staff": 8 held by 31 March',
    b: bundle(P, { sessions: sessions('sw', 8) }),
    rule: 'full-time-nine-a-year',
    subject: 'sw',
    due: '2026-03-31',
  },
  {
    name: '"For part time staff … a minimum of 5 times per year": 4 held by 31 March',
    b: bundle(P, { staff: [staff('sw', { contractedHours: 18.5 })], sessions: sessions('sw', 4) }),
    rule: 'part-time-five-a-year',
    subject: 'sw',
    due: '2026-03-31',
  },
  {
    name: '"Every month for children/young people of most concern"',
    b: monthlyChild({ flags: [{ flag: 'most_concern', from: '2026-03-02' }] }),
    rule: 'most-concern-monthly',
    subject: 'c1',
    due: '2026-10-15',
  },
  {
    name: '"Every month the long-standing neglect of children/young people to be reviewed"',
    b: monthlyChild({ flags: [{ flag: 'long_standing_neglect', from: '2026-03-02' }] }),
    rule: 'long-standing-neglect-monthly',
    subject: 'c1',
    due: '2026-10-15',
  },
  {
    name: '"Every month all unborn babies and children under 1year"',
    b: monthlyChild({ dateOfBirth: '2026-03-01' }),
    rule: 'unborn-and-under-1-monthly',
    subject: 'c1',
    due: '2026-10-15',
  },
  {
    name: '"Children open over 6 months be reviewed" (monthly, A44)',
    b: monthlyChild({
      openedAt: '2026-01-05',
      allocations: [{ workerId: 'sw', role: 'key_worker', from: '2026-01-05' }],
    }),
    rule: 'open-over-6-months-monthly',
    subject: 'c1',
    due: '2026-10-15',
  },
  {
    name: '"All children to be reviewed … a minimum of every 8 weeks"',
    b: monthlyChild({
      openedAt: '2026-08-03',
      allocations: [{ workerId: 'sw', role: 'key_worker', from: '2026-08-03' }],
    }),
    rule: 'all-children-8-weeks',
    subject: 'c1',
    due: '2026-11-10',
  },
  {
    name: '"passed to the supervisee within 10 working days"',
    b: personal(),
    rule: 'personal-record-shared-10-wd',
    subject: 'sw',
    due: '2026-10-15',
  },
  {
    name: '"The date of the meeting should be recorded onto MyView by the supervisor within 10 working days"',
    b: personal(),
    rule: 'meeting-date-on-myview-10-wd',
    subject: 'sw',
    due: '2026-10-15',
  },
  {
    name: '"signed by both … within 15 working days of the meeting"',
    b: personal(),
    rule: 'signed-record-uploaded-15-wd',
    subject: 'sw',
    due: '2026-10-22',
  },
  {
    name: '"within 5 working days of the supervisee\'s return to work" after sickness',
    b: bundle(P, {
      absences: [
        { id: 'ab1', staffId: 'sw', kind: 'sickness', from: '2026-10-05', to: '2026-10-09' },
      ],
      sessions: [
        {
          ...held('s1', 'sw', '2026-10-07'),
          status: 'cancelled',
          cancellationReason: 'supervisee_sickness',
        },
      ],
    }),
    rule: 'rebook-after-sickness',
    subject: 'sw',
    due: '2026-10-19',
  },
  {
    name: 'Direct observation "at least once per year" by the supervisor',
    b: bundle(P),
    rule: 'one-observation-a-year',
    subject: 'sw',
    due: '2026-03-31',
  },
  {
    name: '"an annual review" (PDR)',
    b: bundle(P),
    rule: 'annual-pdr',
    subject: 'sw',
    due: '2026-03-31',
  },
  {
    name: 'Group learning: "expected to attend on a monthly basis"',
    b: bundle(P),
    rule: 'group-learning-monthly-full-time',
    subject: 'sw',
    due: '2026-10-31',
  },
  {
    name: 'Group learning: "part time staff on a bi-monthly basis"',
    b: bundle(P, {
      staff: [staff('sw', { contractedHours: 18.5 })],
      sessions: [{ ...held('g1', 'sw', '2026-08-20'), kind: 'group_learning' }],
    }),
    rule: 'group-learning-bi-monthly-part-time',
    subject: 'sw',
    due: '2026-10-20',
  },
  {
    name: 'Agreement reviewed "As a minimum … annually"',
    b: bundle(P, { records: [record('a1', 'supervision_agreement', '2025-11-16')] }),
    rule: 'agreement-annual-and-on-change',
    subject: 'sw',
    due: '2026-11-16',
  },
  {
    name: 'Effectiveness of supervision reviewed every 6 months',
    b: bundle(P, { staff: [staff('sw', { startDate: '2026-05-11' })] }),
    rule: 'effectiveness-six-monthly',
    subject: 'sw',
    due: '2026-11-11',
  },
];

describeDueDates(P, cases);

describe('durham-one-point-2022: evidence and choices', () => {
  it('the ninth session by 31 March meets the year; sessions under 90 minutes do not count', () => {
    const full = find(
      evaluate(P, bundle(P, { sessions: sessions('sw', 9) }), '2026-04-01'),
      'full-time-nine-a-year',
      'sw',
      '2026-03-31',
    );
    expect(full).toMatchObject({ state: 'met', counted: 9, required: 9, metOn: '2025-12-10' });
    const short = find(
      evaluate(P, bundle(P, { sessions: sessions('sw', 9, 60) }), '2026-04-01'),
      'full-time-nine-a-year',
      'sw',
      '2026-03-31',
    );
    expect(short?.state).toBe('overdue');
  });

  it('a starter on 1 October needs a pro-rata share: 9 × 182/365 rounded = 4 (decision)', () => {
    const b = bundle(P, { staff: [staff('sw', { startDate: '2025-10-01' })] });
    expect(
      find(evaluate(P, b, '2026-01-01'), 'full-time-nine-a-year', 'sw', '2026-03-31')?.required,
    ).toBe(4);
  });

  it('"management presence at a TAF" and group learning stand in for the monthly discussion (A50)', () => {
    const b = (kind: 'management_presence_at_taf' | 'group_learning' | 'informal_discussion') =>
      bundle(P, {
        children: [child('c1', { flags: [{ flag: 'most_concern', from: '2026-03-02' }] })],
        records: [
          record('r1', 'case_supervision', '2026-09-15', { childIds: ['c1'] }),
          record('r2', kind, '2026-10-10', { childIds: ['c1'] }),
        ],
      });
    const at = (kind: Parameters<typeof b>[0]) =>
      find(evaluate(P, b(kind), '2026-10-20'), 'most-concern-monthly', 'c1', '2026-10-15')?.state;
    expect(at('management_presence_at_taf')).toBe('met');
    expect(at('group_learning')).toBe('met');
    expect(at('informal_discussion')).toBe('overdue');
  });

  it('the case supervision form is completed "while the practitioner is talking": same day met, next day late', () => {
    const b = (writtenAt: string) =>
      bundle(P, {
        children: [child('c1')],
        records: [record('r1', 'case_supervision', '2026-10-01', { childIds: ['c1'], writtenAt })],
      });
    expect(
      find(
        evaluate(P, b('2026-10-01'), '2026-10-05'),
        'case-supervision-at-the-time',
        'c1',
        '2026-10-01',
      )?.state,
    ).toBe('met');
    expect(
      find(
        evaluate(P, b('2026-10-02'), '2026-10-05'),
        'case-supervision-at-the-time',
        'c1',
        '2026-10-01',
      )?.state,
    ).toBe('met_late');
  });

  it('the rebooked session held on the fifth working day after return is met', () => {
    const b = bundle(P, {
      absences: [
        { id: 'ab1', staffId: 'sw', kind: 'sickness', from: '2026-10-05', to: '2026-10-09' },
      ],
      sessions: [
        {
          ...held('s1', 'sw', '2026-10-07'),
          status: 'cancelled',
          cancellationReason: 'supervisee_sickness',
        },
        held('s2', 'sw', '2026-10-19'),
      ],
    });
    expect(
      find(evaluate(P, b, '2026-10-20'), 'rebook-after-sickness', 'sw', '2026-10-19'),
    ).toMatchObject({
      state: 'met',
      evidenceIds: ['s2'],
    });
  });

  it('a change of supervisor calls for an agreement review ("or when there is a change of supervisor")', () => {
    const b = bundle(P);
    b.staff.push(staff('tm2', { roleCategory: 'team_manager', caseHolding: false }));
    b.relationships = [
      {
        id: 'r1',
        superviseeId: 'sw',
        supervisorId: 'tm',
        kind: 'line_management',
        from: '2024-01-01',
        to: '2026-06-30',
      },
      {
        id: 'r2',
        superviseeId: 'sw',
        supervisorId: 'tm2',
        kind: 'line_management',
        from: '2026-07-01',
      },
    ];
    const o = evaluate(P, b, '2026-07-02').find(
      (x) => x.kind === 'agreement_review' && x.id.endsWith(':r2'),
    );
    expect(o).toMatchObject({ state: 'due', dueDate: null, responsibleId: 'tm2' });
  });

  it('operations managers audit "each of their managers … annually"', () => {
    const b = bundle(P, {
      staff: [
        staff('om', {
          roleCategory: 'operations_manager',
          caseHolding: false,
          startDate: '2020-01-01',
        }),
      ],
    });
    b.relationships.push({
      id: 'r-tm',
      superviseeId: 'tm',
      supervisorId: 'om',
      kind: 'line_management',
      from: '2020-01-01',
    });
    const o = evaluate(P, b, '2026-04-01').find(
      (x) => x.rule.id === 'ops-managers-audit-managers' && x.dueDate === '2026-03-31',
    );
    expect(o).toMatchObject({ subject: { id: 'tm' }, responsibleId: 'om', state: 'overdue' });
  });
});
