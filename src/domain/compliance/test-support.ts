/** Builders for small bundles in the compliance tests (not a test file itself). */
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/schema.ts';
import { workingCalendarForRegion } from '../calendar/index.ts';
import { getPack } from '../policy/registry.ts';
import type { PolicyPack } from '../policy/schema.ts';
import { addDays } from './dates.ts';
import { evaluateCompliance } from './engine.ts';
import type { Obligation, ObligationState } from './types.ts';

export const calendar = workingCalendarForRegion('england-and-wales');

type Staff = Bundle['staff'][number];
type Child = Bundle['children'][number];

export function staff(id: string, extra: Partial<Staff> = {}): Staff {
  return {
    id,
    name: id,
    roleCategory: 'social_worker',
    teamId: 'team-sw',
    caseHolding: true,
    contractedHours: 37,
    startDate: '2024-01-01',
    ...extra,
  };
}

export function child(id: string, extra: Partial<Child> = {}): Child {
  return {
    id,
    caseId: `LCS-${id}`,
    dateOfBirth: '2015-01-01',
    openedAt: '2026-03-02',
    statuses: [],
    flags: [],
    allocations: [{ workerId: 'sw', role: 'key_worker', from: '2026-03-02' }],
    ...extra,
  };
}

/** A team manager 'tm' line-managing the given staff (by default one social worker 'sw'). */
export function bundle(policy: string, extra: Partial<Bundle> = {}): Bundle {
  const people = extra.staff ?? [staff('sw')];
  const all = [
    staff('tm', { roleCategory: 'team_manager', caseHolding: false, startDate: '2020-01-01' }),
    ...people,
  ];
  return {
    format: 'oversight-bundle/1',
    organisation: { id: 'org', name: 'Org', policy, bankHolidayRegion: 'england-and-wales' },
    orgUnits: [
      { id: 'svc', kind: 'service', name: 'Service' },
      {
        id: 'team-sw',
        kind: 'team',
        name: 'Social work',
        parentId: 'svc',
        teamType: 'social_work',
      },
      {
        id: 'team-fh',
        kind: 'team',
        name: 'Family help',
        parentId: 'svc',
        teamType: 'family_help',
      },
    ],
    relationships: people.map((p) => ({
      id: `rel-${p.id}`,
      superviseeId: p.id,
      supervisorId: 'tm',
      kind: 'line_management' as const,
      from: p.startDate,
    })),
    absences: [],
    children: [],
    sessions: [],
    records: [],
    audits: [],
    actions: [],
    ...extra,
    staff: all,
  };
}

export function held(
  id: string,
  who: string,
  date: string,
  minutes = 90,
): Bundle['sessions'][number] {
  return {
    id,
    kind: 'one_to_one',
    date,
    minutes,
    supervisorId: 'tm',
    participantIds: [who],
    status: 'held',
  };
}

export function record(
  id: string,
  kind: Bundle['records'][number]['kind'],
  date: string,
  extra: Partial<Bundle['records'][number]> = {},
): Bundle['records'][number] {
  return { id, kind, date, authorId: 'tm', staffIds: ['sw'], childIds: [], ...extra };
}

export function pack(id: string): PolicyPack {
  const found = getPack(id);
  if (!found) throw new Error(`no pack ${id}`);
  return found;
}

export function evaluate(p: PolicyPack | string, b: Bundle, asOf: string): Obligation[] {
  return evaluateCompliance(b, typeof p === 'string' ? pack(p) : p, asOf, { calendar });
}

/** The obligation of a rule for a subject due on a date (or undefined). */
export function find(
  obligations: Obligation[],
  ruleId: string,
  subjectId: string,
  dueDate: string | null,
): Obligation | undefined {
  return obligations.find(
    (o) => o.rule.id === ruleId && o.subject.id === subjectId && o.dueDate === dueDate,
  );
}

/** States on the day before, on and after a due date when nothing has met it. */
export function statesAround(
  p: PolicyPack | string,
  b: Bundle,
  ruleId: string,
  subjectId: string,
  due: string,
): (ObligationState | 'missing')[] {
  return [addDays(due, -1), due, addDays(due, 1)].map(
    (asOf) => find(evaluate(p, b, asOf), ruleId, subjectId, due)?.state ?? 'missing',
  );
}

export const unmetAround: ObligationState[] = ['due_soon', 'due_soon', 'overdue'];

/** One case of a pack's boundary table: a rule's obligation that nothing meets, due on `due`. */
export type DueDateCase = { name: string; b: Bundle; rule: string; subject: string; due: string };

/** The boundary table every pack has: each case is due soon the day before and on, overdue after. */
export function describeDueDates(packId: string, cases: DueDateCase[]): void {
  describe(`${packId}: due dates, the day before, on and after`, () => {
    it.each(cases)('$name', ({ b, rule, subject, due }) => {
      expect(statesAround(packId, b, rule, subject, due)).toEqual(unmetAround);
    });
  });
}
