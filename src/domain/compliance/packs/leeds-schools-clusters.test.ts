import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../bundle/schema.ts';
import {
  bundle,
  evaluate,
  held,
  record,
  staff,
  statesAround,
  unmetAround,
} from '../test-support.ts';

const P = 'leeds-schools-clusters';
const dsl = staff('sw', { roleCategory: 'school_safeguarding_staff' });

describe('leeds-schools-clusters: due dates, the day before, on and after', () => {
  it.each([
    {
      name: '"a minimum interval of every four weeks" for school/cluster staff',
      b: bundle(P, { staff: [dsl], sessions: [held('s1', 'sw', '2026-10-05', 60)] }),
      rule: 'four-weekly',
      due: '2026-11-02',
    },
    {
      name: '"This contract should be reviewed on an annual basis"',
      b: bundle(P, {
        staff: [dsl],
        records: [record('a1', 'supervision_agreement', '2025-11-16')],
      }),
      rule: 'contract-annual',
      due: '2026-11-16',
    },
  ])('$name', ({ b, rule, due }) => {
    expect(statesAround(P, b, rule, 'sw', due)).toEqual(unmetAround);
  });
});

describe('leeds-schools-clusters: choices', () => {
  it('"approx. an hour" is not a minimum: a 45-minute session counts', () => {
    const b = bundle(P, { staff: [dsl], sessions: [held('s1', 'sw', '2026-10-05', 45)] });
    const o = evaluate(P, b, '2026-10-06').find(
      (x) => x.rule.id === 'four-weekly' && x.evidenceIds.includes('s1'),
    );
    expect(o?.state).toBe('met_late');
  });

  it('the seed sets no case-level or recording obligations', () => {
    const kinds = new Set(
      evaluate(P, bundle(P, { staff: [dsl] }), '2026-11-23').map((o) => o.kind),
    );
    expect(kinds.has('case_supervision')).toBe(false);
    expect(kinds.has('recording')).toBe(false);
  });
});

/** 'sw' line-managed by 'tm' to 30 June 2026, then by 'tm2' from 1 July 2026. */
function changeOfLineManager(
  extra: Partial<Bundle> = {},
  tm: Partial<Bundle['staff'][number]> = {},
) {
  const b = bundle(P, { staff: [dsl], ...extra });
  b.staff = b.staff.map((s) => (s.id === 'tm' ? { ...s, ...tm } : s));
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
  return b;
}

const handovers = (b: Bundle, asOf: string) =>
  evaluate(P, b, asOf).filter((o) => o.kind === 'handover');

describe('leeds-schools-clusters: "where a change in line management occurs, a handover process is arranged"', () => {
  it('a change of line manager owes one handover, by the outgoing supervisor, with no due date', () => {
    expect(handovers(changeOfLineManager(), '2026-11-23')).toEqual([
      expect.objectContaining({
        id: 'handover:sw:handover-on-change-of-line-management:r2',
        subject: { kind: 'staff', id: 'sw' },
        responsibleId: 'tm',
        dueDate: null,
        window: { from: '2026-07-01', to: null },
        state: 'due',
        evidenceIds: [],
      }),
    ]);
  });

  it('a handover note about the supervisee meets it', () => {
    const b = changeOfLineManager({
      records: [record('h1', 'handover_note', '2026-07-03', { staffIds: ['sw'] })],
    });
    expect(handovers(b, '2026-11-23')).toMatchObject([
      { state: 'met', metOn: '2026-07-03', evidenceIds: ['h1'] },
    ]);
  });

  it.each([
    { date: '2026-06-03', state: 'met' },
    { date: '2026-06-02', state: 'due' },
  ])(
    'a handover held before the change counts from four weeks before: $date is $state',
    ({ date, state }) => {
      const b = changeOfLineManager({ records: [record('h1', 'handover_note', date)] });
      expect(handovers(b, '2026-07-01')).toMatchObject([{ state }]);
    },
  );

  it('a note about someone else, or another kind of record, does not meet it', () => {
    const b = changeOfLineManager({
      records: [
        record('h1', 'handover_note', '2026-07-03', { staffIds: ['tm2'] }),
        record('p1', 'personal_supervision', '2026-07-03'),
      ],
    });
    expect(handovers(b, '2026-11-23')).toMatchObject([{ state: 'due', evidenceIds: [] }]);
  });

  it('when the outgoing supervisor had left before the change, the incoming one arranges it', () => {
    const b = changeOfLineManager({}, { leavingDate: '2026-06-26' });
    expect(handovers(b, '2026-07-01')).toMatchObject([
      { responsibleId: 'tm2', reason: expect.stringContaining('left on 2026-06-26') },
    ]);
  });

  it("a supervisee's first relationship owes no handover", () => {
    expect(handovers(bundle(P, { staff: [dsl] }), '2026-11-23')).toEqual([]);
  });

  it('nothing is owed before the change, nor when the same supervisor carries on', () => {
    expect(handovers(changeOfLineManager(), '2026-06-30')).toEqual([]);
    const b = changeOfLineManager();
    b.relationships = b.relationships.map((r) => ({ ...r, supervisorId: 'tm' }));
    expect(handovers(b, '2026-11-23')).toEqual([]);
  });
});
