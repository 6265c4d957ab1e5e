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

const P = 'manchester';

const audit = (id: string, completedAt: string, extra: Partial<Bundle['audits'][number]> = {}) => ({
  id,
  auditorId: 'sm',
  of: 'supervision_records' as const,
  completedAt,
  ...extra,
});
const sm = staff('sm', {
  roleCategory: 'operations_manager',
  caseHolding: false,
  startDate: '2020-01-01',
});

const cases: DueDateCase[] = [
  {
    name: '"Four weekly for any member of staff with case holding responsibilities"',
    b: bundle(P, { sessions: [held('s1', 'sw', '2026-10-05')] }),
    rule: 'case-holders-four-weekly',
    subject: 'sw',
    due: '2026-11-02',
  },
  {
    name: '"Four weekly for full time staff without case holding responsibilities"',
    b: bundle(P, {
      staff: [staff('sw', { caseHolding: false, roleCategory: 'family_help_worker' })],
      sessions: [held('s1', 'sw', '2026-10-05')],
    }),
    rule: 'full-time-non-case-holders-four-weekly',
    subject: 'sw',
    due: '2026-11-02',
  },
  {
    name: '"Twelve weekly for non-frontline staff (e.g. Business Support)"',
    b: bundle(P, {
      staff: [staff('sw', { caseHolding: false, roleCategory: 'business_support' })],
      sessions: [held('s1', 'sw', '2026-08-03')],
    }),
    rule: 'business-support-twelve-weekly',
    subject: 'sw',
    due: '2026-10-26',
  },
  {
    name: '"all cases of the supervisee are supervised within an 8 week cycle" (56 days, rolling)',
    b: bundle(P, {
      children: [
        child('c1', { allocations: [{ workerId: 'sw', role: 'involved', from: '2026-01-05' }] }),
      ],
      records: [record('r1', 'case_supervision', '2026-09-01', { childIds: ['c1'] })],
    }),
    rule: 'involved-within-four-weeks',
    subject: 'c1',
    due: '2026-10-27',
  },
  {
    name: 'key worker, "Child Protection plan … within an 8 week cycle"',
    b: bundle(P, {
      children: [child('c1', { statuses: [{ status: 'child_protection', from: '2026-03-02' }] })],
      records: [record('r1', 'case_supervision', '2026-09-01', { childIds: ['c1'] })],
    }),
    rule: 'key-worker-8-week-cycle',
    subject: 'c1',
    due: '2026-10-27',
  },
  {
    name: '"(but not as Keyworker or Lead Professional) … discussed within four weeks of allocation"',
    b: bundle(P, {
      children: [
        child('c1', { allocations: [{ workerId: 'sw', role: 'involved', from: '2026-10-01' }] }),
      ],
    }),
    rule: 'involved-within-four-weeks',
    subject: 'c1',
    due: '2026-10-29',
  },
  {
    name: '"\'single agency involvement\' cases should be discussed within four weeks of allocation"',
    b: bundle(P, {
      children: [
        child('c1', {
          statuses: [{ status: 'single_agency', from: '2026-10-01' }],
          allocations: [{ workerId: 'sw', role: 'key_worker', from: '2026-10-01' }],
        }),
      ],
    }),
    rule: 'single-agency-within-four-weeks',
    subject: 'c1',
    due: '2026-10-29',
  },
  {
    name: '"the supervisor should record on the system within one week"',
    b: bundle(P, {
      children: [child('c1')],
      records: [record('r1', 'case_supervision', '2026-10-01', { childIds: ['c1'] })],
    }),
    rule: 'case-supervision-within-one-week',
    subject: 'c1',
    due: '2026-10-08',
  },
  {
    name: '"In any one year (April 1st - 31st March) … two practice observations for all case holding staff"',
    b: bundle(P, {
      records: [record('o1', 'direct_observation', '2025-06-01', { observerId: 'tm' })],
    }),
    rule: 'two-observations-april-to-march',
    subject: 'sw',
    due: '2026-03-31',
  },
  {
    name: '"within 5 working days of the audit finishing" (25 and 28 December 2026 are bank holidays)',
    b: bundle(P, {
      staff: [staff('sw'), sm],
      audits: [audit('a1', '2026-12-18', { subjectStaffId: 'sw' })],
    }),
    rule: 'audit-feedback-5-wd',
    subject: 'sw',
    due: '2026-12-29',
  },
  {
    name: '"4 x Supervisions of social workers per month to be dip sampled by service managers"',
    b: bundle(P, {
      staff: [staff('sw'), sm],
      audits: [audit('a1', '2026-10-02'), audit('a2', '2026-10-09'), audit('a3', '2026-10-16')],
    }),
    rule: 'service-manager-dip-sample',
    subject: 'sm',
    due: '2026-10-31',
  },
  {
    name: '"we will review the effectiveness of our sessions every 12 months"',
    b: bundle(P, { staff: [staff('sw', { startDate: '2025-11-02' })] }),
    rule: 'effectiveness-every-12-months',
    subject: 'sw',
    due: '2026-11-02',
  },
  {
    name: 'Group supervision "is expected to be held monthly"',
    b: bundle(P),
    rule: 'team-monthly-group-supervision',
    subject: 'team-sw',
    due: '2026-09-30',
  },
];

describeDueDates(P, cases);

describe('manchester: evidence and choices', () => {
  it('"One must be undertaken by the supervisor": two observations by others are not enough', () => {
    const b = (second: string) =>
      bundle(P, {
        records: [
          record('o1', 'direct_observation', '2025-06-01', { observerId: 'iro' }),
          record('o2', 'direct_observation', '2025-09-01', { observerId: second }),
        ],
      });
    const at = (observer: string) =>
      find(
        evaluate(P, b(observer), '2026-04-01'),
        'two-observations-april-to-march',
        'sw',
        '2026-03-31',
      );
    expect(at('tm')).toMatchObject({ state: 'met', counted: 2, required: 2 });
    expect(at('iro')?.state).toBe('overdue');
  });

  it('part-time staff without case holding are not covered by the seed (A23): no obligation', () => {
    const b = bundle(P, {
      staff: [
        staff('sw', {
          caseHolding: false,
          roleCategory: 'family_help_worker',
          contractedHours: 22.5,
        }),
      ],
    });
    expect(
      evaluate(P, b, '2026-11-23').filter(
        (o) => o.kind === 'staff_supervision' && o.subject.id === 'sw',
      ),
    ).toEqual([]);
  });

  it('a line manager of case holders is supervised four weekly (the more specific full-time rule names it)', () => {
    const b = bundle(P, { sessions: [held('s1', 'tm', '2026-10-05')] });
    const o = find(
      evaluate(P, b, '2026-10-20'),
      'full-time-non-case-holders-four-weekly',
      'tm',
      '2026-11-02',
    );
    expect(o?.state).toBe('due');
    expect(o?.considered).toEqual(['line-managers-of-case-holders-four-weekly']);
  });

  it('an ad hoc case discussion counts towards the 8 week cycle; a management oversight note does not', () => {
    const b = (kind: 'case_supervision_unplanned' | 'management_oversight') =>
      bundle(P, {
        children: [child('c1', { statuses: [{ status: 'child_in_need', from: '2026-03-02' }] })],
        records: [record('r1', kind, '2026-04-01', { childIds: ['c1'] })],
      });
    expect(
      find(
        evaluate(P, b('case_supervision_unplanned'), '2026-05-01'),
        'key-worker-8-week-cycle',
        'c1',
        '2026-04-27',
      )?.state,
    ).toBe('met');
    expect(
      find(
        evaluate(P, b('management_oversight'), '2026-05-01'),
        'key-worker-8-week-cycle',
        'c1',
        '2026-04-27',
      )?.state,
    ).toBe('overdue');
  });
});
