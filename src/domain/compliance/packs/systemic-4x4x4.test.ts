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
  statesAround,
  unmetAround,
} from '../test-support.ts';

const P = 'systemic-4x4x4';

const withChild = (statuses: Bundle['children'][number]['statuses'], lastReview: string): Bundle =>
  bundle(P, {
    children: [child('c1', { statuses })],
    records: [record('r1', 'case_supervision', lastReview, { childIds: ['c1'] })],
  });

const cases: DueDateCase[] = [
  {
    name: '"at least once every calendar month": October with no session is due on 31 October',
    b: bundle(P, { sessions: [held('s1', 'sw', '2026-09-10')] }),
    rule: 'calendar-month',
    subject: 'sw',
    due: '2026-10-31',
  },
  {
    name: 'ASYE "0-6 weeks Weekly": a week after the ASYE start',
    b: bundle(P, {
      staff: [staff('sw', { startDate: '2026-09-07', asyeStartDate: '2026-09-07' })],
    }),
    rule: 'asye-stepped',
    subject: 'sw',
    due: '2026-09-14',
  },
  {
    name: 'ASYE "6 weeks – 6 months Fortnightly": two weeks after a session in week 7',
    b: bundle(P, {
      staff: [staff('sw', { startDate: '2026-01-05', asyeStartDate: '2026-01-05' })],
      sessions: [held('s1', 'sw', '2026-02-23')],
    }),
    rule: 'asye-stepped',
    subject: 'sw',
    due: '2026-03-09',
  },
  {
    name: 'ASYE "6 months onwards Monthly": a month after a session in week 30',
    b: bundle(P, {
      staff: [staff('sw', { startDate: '2026-01-05', asyeStartDate: '2026-01-05' })],
      sessions: [held('s1', 'sw', '2026-08-03')],
    }),
    rule: 'asye-stepped',
    subject: 'sw',
    due: '2026-09-03',
  },
  {
    name: 'students "on a weekly basis, for a minimum of 90 minutes": a 60-minute session does not count',
    b: bundle(P, {
      staff: [staff('sw', { roleCategory: 'student', startDate: '2026-09-07' })],
      sessions: [held('s1', 'sw', '2026-10-05', 90), held('s2', 'sw', '2026-10-08', 60)],
    }),
    rule: 'students-weekly',
    subject: 'sw',
    due: '2026-10-12',
  },
  {
    name: '"Children subject of a child protection plan – 2 monthly"',
    b: withChild([{ status: 'child_protection', from: '2026-03-02' }], '2026-05-04'),
    rule: 'child-protection-2-monthly',
    subject: 'c1',
    due: '2026-07-04',
  },
  {
    name: '"Children subject of care proceedings – 2 monthly"',
    b: withChild([{ status: 'care_proceedings', from: '2026-03-02' }], '2026-05-04'),
    rule: 'care-proceedings-2-monthly',
    subject: 'c1',
    due: '2026-07-04',
  },
  {
    name: '"Children in care – 2 monthly"',
    b: withChild([{ status: 'child_in_care', from: '2026-03-02' }], '2026-05-04'),
    rule: 'child-in-care-2-monthly',
    subject: 'c1',
    due: '2026-07-04',
  },
  {
    name: '"3 monthly when long term matched"',
    b: withChild(
      [
        { status: 'child_in_care', from: '2026-03-02' },
        { status: 'long_term_matched', from: '2026-03-02' },
      ],
      '2026-05-04',
    ),
    rule: 'child-in-care-long-term-matched-3-monthly',
    subject: 'c1',
    due: '2026-08-04',
  },
  {
    name: '"Children open to Families First Early Help – 3 monthly"',
    b: withChild([{ status: 'early_help', from: '2026-03-02' }], '2026-05-04'),
    rule: 'early-help-3-monthly',
    subject: 'c1',
    due: '2026-08-04',
  },
  {
    name: '"Children in need – 3 monthly"',
    b: withChild([{ status: 'child_in_need', from: '2026-03-02' }], '2026-05-04'),
    rule: 'child-in-need-3-monthly',
    subject: 'c1',
    due: '2026-08-04',
  },
  {
    name: '"Children receiving short breaks – 3 monthly"',
    b: withChild([{ status: 'short_breaks', from: '2026-03-02' }], '2026-05-04'),
    rule: 'short-breaks-3-monthly',
    subject: 'c1',
    due: '2026-08-04',
  },
  {
    name: '"Care leavers – 3 monthly"',
    b: withChild([{ status: 'care_leaver', from: '2026-03-02' }], '2026-05-04'),
    rule: 'care-leavers-3-monthly',
    subject: 'c1',
    due: '2026-08-04',
  },
  {
    name: '"Children receiving adoption support – As per children in need, 3 monthly"',
    b: withChild([{ status: 'adoption_support', from: '2026-03-02' }], '2026-05-04'),
    rule: 'adoption-support-3-monthly',
    subject: 'c1',
    due: '2026-08-04',
  },
  {
    name: '"reviewed at day 8": 8 working days after the assessment starts',
    b: bundle(P, {
      children: [child('c1', { statuses: [{ status: 'assessment', from: '2026-06-01' }] })],
    }),
    rule: 'assessment-day-8',
    subject: 'c1',
    due: '2026-06-11',
  },
  {
    name: '"reviewed at day 8" over the Spring bank holiday (25 May 2026 is not a working day)',
    b: bundle(P, {
      children: [child('c1', { statuses: [{ status: 'assessment', from: '2026-05-18' }] })],
    }),
    rule: 'assessment-day-8',
    subject: 'c1',
    due: '2026-05-29',
  },
  {
    name: '"and day 20": 20 working days after the assessment starts',
    b: bundle(P, {
      children: [child('c1', { statuses: [{ status: 'assessment', from: '2026-06-01' }] })],
    }),
    rule: 'assessment-day-20',
    subject: 'c1',
    due: '2026-06-29',
  },
  {
    name: '"at least one practice observation completed by their supervisor" each April–March year',
    b: bundle(P),
    rule: 'one-observation-a-year',
    subject: 'sw',
    due: '2026-03-31',
  },
  {
    name: '"All teams will hold monthly group reflective supervision sessions"',
    b: bundle(P),
    rule: 'team-monthly-group-supervision',
    subject: 'team-sw',
    due: '2026-10-31',
  },
  {
    name: '"Review date (to be reviewed annually)": a year after the agreement',
    b: bundle(P, { records: [record('a1', 'supervision_agreement', '2025-11-10')] }),
    rule: 'agreement-annual',
    subject: 'sw',
    due: '2026-11-10',
  },
];

describeDueDates(P, cases);

describe('systemic-4x4x4: evidence and choices', () => {
  const recordAt = (sharedAt: string) =>
    bundle(P, {
      children: [child('c1', { statuses: [{ status: 'child_in_need', from: '2026-03-02' }] })],
      records: [record('r1', 'case_supervision', '2026-08-26', { childIds: ['c1'], sharedAt })],
    });
  it.each([
    ['2026-09-02', 'met'],
    ['2026-09-03', 'met'],
    ['2026-09-04', 'met_late'],
  ])(
    '"shared with the practitioner … within 5 working days" (31 Aug bank holiday): shared %s is %s',
    (sharedAt, state) => {
      const o = find(
        evaluate(P, recordAt(sharedAt), '2026-09-10'),
        'case-notes-shared-5-wd',
        'c1',
        '2026-09-03',
      );
      expect(o?.state).toBe(state);
    },
  );

  it('"within 5 working days": the day before, on and after the deadline with nothing shared', () => {
    const b = bundle(P, {
      children: [child('c1', { statuses: [{ status: 'child_in_need', from: '2026-03-02' }] })],
      records: [record('r1', 'case_supervision', '2026-08-26', { childIds: ['c1'] })],
    });
    expect(statesAround(P, b, 'case-notes-shared-5-wd', 'c1', '2026-09-03')).toEqual(unmetAround);
  });

  it('several statuses: the most frequent rule wins and names the others (A13)', () => {
    const b = withChild(
      [
        { status: 'child_in_need', from: '2026-03-02' },
        { status: 'child_protection', from: '2026-03-02' },
      ],
      '2026-05-04',
    );
    const o = find(evaluate(P, b, '2026-06-01'), 'child-protection-2-monthly', 'c1', '2026-07-04');
    expect(o?.considered).toEqual(['child-in-need-3-monthly']);
    expect(o?.workerId).toBe('sw');
    expect(o?.responsibleId).toBe('tm');
  });

  it('a case supervision on the due date meets it, the next day is late', () => {
    const at = (date: string) =>
      find(
        evaluate(
          P,
          bundle(P, {
            children: [
              child('c1', { statuses: [{ status: 'child_protection', from: '2026-03-02' }] }),
            ],
            records: [
              record('r1', 'case_supervision', '2026-05-04', { childIds: ['c1'] }),
              record('r2', 'case_supervision', date, { childIds: ['c1'] }),
            ],
          }),
          '2026-08-01',
        ),
        'child-protection-2-monthly',
        'c1',
        '2026-07-04',
      );
    expect(at('2026-07-04')).toMatchObject({ state: 'met', evidenceIds: ['r2'] });
    expect(at('2026-07-05')).toMatchObject({ state: 'met_late', metOn: '2026-07-05' });
  });

  it('an observation by someone other than the supervisor does not meet "completed by their supervisor"', () => {
    const b = (observerId: string) =>
      bundle(P, { records: [record('o1', 'direct_observation', '2026-02-10', { observerId })] });
    expect(
      find(evaluate(P, b('tm'), '2026-04-01'), 'one-observation-a-year', 'sw', '2026-03-31')?.state,
    ).toBe('met');
    expect(
      find(evaluate(P, b('someone'), '2026-04-01'), 'one-observation-a-year', 'sw', '2026-03-31')
        ?.state,
    ).toBe('overdue');
  });

  it('"day 8" lapses when the assessment ended before it', () => {
    const b = bundle(P, {
      children: [
        child('c1', { statuses: [{ status: 'assessment', from: '2026-06-01', to: '2026-06-05' }] }),
      ],
    });
    expect(find(evaluate(P, b, '2026-06-20'), 'assessment-day-8', 'c1', '2026-06-11')?.state).toBe(
      'not_applicable',
    );
  });
});
