/**
 * The dashboard rows from a real evaluation of a small organisation under the systemic-4x4x4
 * pack (supervision every calendar month; child protection every 2 months, child in need every
 * 3; assessment reviewed on working day 8 and day 20), checked against figures worked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/schema.ts';
import { bundle, child, evaluate, held, pack, record, staff } from '../compliance/test-support.ts';
import { annualMinimum, yearToDate } from './annual.ts';
import { childCaseStatus } from './child-status.ts';
import { countStates } from './counts.ts';
import { personSupervisionStatus } from './person-status.ts';
import { monthlyTrend } from './trend.ts';

const P = 'systemic-4x4x4';
const asOf = '2026-05-20';

/**
 * 'sw' and 'sw2' started on 1 March 2026. sw was supervised on 10 March and 28 April; sw2 only
 * on 5 March. Child c1 (child protection and child in need from 2 March, assessment from
 * 11 May) has sw as key worker and sw2 as lead professional; sw2 discussed c1 on 15 April.
 */
function organisation(): Bundle {
  return bundle(P, {
    staff: [staff('sw', { startDate: '2026-03-01' }), staff('sw2', { startDate: '2026-03-01' })],
    sessions: [
      held('s1', 'sw', '2026-03-10'),
      held('s2', 'sw', '2026-04-28'),
      held('s3', 'sw2', '2026-03-05'),
    ],
    children: [
      child('c1', {
        statuses: [
          { status: 'child_protection', from: '2026-03-02' },
          { status: 'child_in_need', from: '2026-03-02' },
          { status: 'assessment', from: '2026-05-11' },
        ],
        allocations: [
          { workerId: 'sw', role: 'key_worker', from: '2026-03-02' },
          { workerId: 'sw2', role: 'lead_professional', from: '2026-03-02' },
        ],
      }),
    ],
    records: [
      record('r1', 'case_supervision', '2026-04-15', { childIds: ['c1'], staffIds: ['sw2'] }),
    ],
  });
}

const b = organisation();
const obligations = evaluate(P, b, asOf);
const heldDates = (staffId: string) =>
  b.sessions
    .filter((s) => s.status === 'held' && s.participantIds.includes(staffId))
    .map((s) => s.date);
const minimum = annualMinimum(
  pack(P).staffSupervision.find((r) => r.id === 'calendar-month')!.frequency,
);
const year = yearToDate(asOf, 'financial');
const person = (staffId: string) =>
  personSupervisionStatus(
    staffId,
    obligations.filter((o) => o.subject.id === staffId),
    heldDates(staffId),
    null,
    minimum,
    year,
    asOf,
  );
const childRow = (workerId: string) =>
  childCaseStatus(
    'c1',
    workerId,
    obligations.filter(
      (o) =>
        o.subject.id === 'c1' && (o.kind === 'case_supervision' || o.kind === 'event_supervision'),
    ),
    asOf,
  );

describe('staff supervision rows from the engine', () => {
  it('sw, supervised in March and April, is next due by 31 May (May not yet held)', () => {
    const row = person('sw');
    expect(row).toMatchObject({
      state: 'due',
      dueBy: '2026-05-31',
      lastHeld: '2026-04-28',
      heldThisYear: 1,
      minimum: 12,
    });
    expect(row.current?.rule.id).toBe('calendar-month');
    expect(row.obligationIds).toHaveLength(3);
  });

  it('sw2, supervised only in March, is overdue since 30 April', () => {
    const row = person('sw2');
    expect(row).toMatchObject({
      state: 'overdue',
      dueBy: '2026-04-30',
      lastHeld: '2026-03-05',
      heldThisYear: 0,
    });
    expect(row.obligationIds.map((id) => obligations.find((o) => o.id === id)?.state)).toEqual([
      'met',
      'overdue',
      'due',
    ]);
  });
});

describe('case supervision rows from the engine', () => {
  it('sw, never having discussed c1, is overdue since 2 May under the 2-monthly child protection rule', () => {
    const row = childRow('sw');
    expect(row).toMatchObject({
      lastDiscussed: '2026-04-15',
      state: 'overdue',
      dueBy: '2026-05-02',
      considered: ['child-in-need-3-monthly'],
    });
    expect(row.rule?.id).toBe('child-protection-2-monthly');
  });

  it('sw shows the day 8 and day 20 assessment reviews (day 20 after the 25 May bank holiday)', () => {
    const events = childRow('sw').events;
    expect(events.map((o) => [o.rule.id, o.dueDate, o.state])).toEqual([
      ['assessment-day-8', '2026-05-21', 'due_soon'],
      ['assessment-day-20', '2026-06-09', 'due'],
    ]);
  });

  it("sw2, who discussed c1 on 15 April, is next due on 15 June, and not shown sw's reviews", () => {
    const row = childRow('sw2');
    expect(row).toMatchObject({
      lastDiscussed: '2026-04-15',
      state: 'due',
      dueBy: '2026-06-15',
      events: [],
    });
    expect(row.rule?.id).toBe('child-protection-2-monthly');
  });
});

describe('figures over the whole evaluation', () => {
  it("the current month's overdue figure is the number overdue now", () => {
    expect(monthlyTrend(obligations, asOf).at(-1)?.overdueAtEnd).toBe(
      countStates(obligations).overdue,
    );
  });
});
