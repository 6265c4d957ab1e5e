import { describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/schema.ts';
import { applyOverrides } from '../policy/overrides.ts';
import type { PolicyPack } from '../policy/schema.ts';
import {
  bundle,
  evaluate,
  pack,
  record,
  staff,
  statesAround,
  unmetAround,
} from './test-support.ts';

type Relationship = Bundle['relationships'][number];

const line = (id: string, supervisorId: string, from: string, to?: string): Relationship => ({
  id,
  superviseeId: 'sw',
  supervisorId,
  kind: 'line_management',
  from,
  ...(to ? { to } : {}),
});

/** 'sw' line-managed by 'tm' to 30 June 2026, then by 'tm2' from 1 July 2026. */
function changeOfLineManager(policy: string, extra: Partial<Bundle> = {}): Bundle {
  const b = bundle(policy, extra);
  b.staff.push(staff('tm2', { roleCategory: 'team_manager', caseHolding: false }));
  b.relationships = [line('r1', 'tm', '2024-01-01', '2026-06-30'), line('r2', 'tm2', '2026-07-01')];
  return b;
}

const kinds = (p: PolicyPack | string, b: Bundle, asOf: string) =>
  evaluate(p, b, asOf).map((o) => o.kind);

/** systemic-4x4x4 with a handover rule added by override, due 10 working days after the change. */
function withHandoverRule(): PolicyPack {
  const result = applyOverrides(pack('systemic-4x4x4'), {
    handovers: [
      {
        id: 'handover-in-ten-days',
        source: { seed: 'local.txt', section: 'Handover' },
        relationships: ['line_management'],
        dueAfter: { unit: 'working_days', count: 10 },
      },
    ],
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.value;
}

describe('handover on a change of supervisor', () => {
  it('packs without a handover rule owe none (systemic-4x4x4)', () => {
    expect(
      kinds('systemic-4x4x4', changeOfLineManager('systemic-4x4x4'), '2026-11-23'),
    ).not.toContain('handover');
  });

  it('Durham still reviews the agreement on a change of supervisor, and owes no handover', () => {
    const b = changeOfLineManager('durham-one-point-2022');
    const obligations = evaluate('durham-one-point-2022', b, '2026-07-02');
    expect(obligations.map((o) => o.kind)).not.toContain('handover');
    expect(
      obligations.find((o) => o.kind === 'agreement_review' && o.id.endsWith(':r2')),
    ).toMatchObject({ state: 'due', dueDate: null, responsibleId: 'tm2' });
  });

  it('an override can add the rule with a timescale: due 10 working days after the change', () => {
    const p = withHandoverRule();
    const b = changeOfLineManager('systemic-4x4x4');
    expect(statesAround(p, b, 'handover-in-ten-days', 'sw', '2026-07-15')).toEqual(unmetAround);
    const late = changeOfLineManager('systemic-4x4x4', {
      records: [record('h1', 'handover_note', '2026-07-16')],
    });
    expect(evaluate(p, late, '2026-11-23').find((o) => o.kind === 'handover')).toMatchObject({
      dueDate: '2026-07-15',
      window: { from: '2026-07-01', to: '2026-07-15' },
      state: 'met_late',
    });
  });

  it('a note from the start of the previous relationship belongs to that change, not this one', () => {
    const b = changeOfLineManager('leeds-schools-clusters', {
      records: [record('h1', 'handover_note', '2026-06-15')],
    });
    b.staff.push(staff('tm0', { roleCategory: 'team_manager', caseHolding: false }));
    b.relationships = [
      line('r0', 'tm0', '2024-01-01', '2026-06-14'),
      line('r1', 'tm', '2026-06-15', '2026-06-30'),
      line('r2', 'tm2', '2026-07-01'),
    ];
    const handovers = evaluate('leeds-schools-clusters', b, '2026-07-01').filter(
      (o) => o.kind === 'handover',
    );
    expect(handovers.map((o) => [o.id.split(':').at(-1), o.responsibleId, o.state])).toEqual([
      ['r1', 'tm0', 'met'],
      ['r2', 'tm', 'due'],
    ]);
  });

  it('lapses, unmet, when the new relationship ends first', () => {
    const b = changeOfLineManager('leeds-schools-clusters');
    b.relationships = [
      line('r1', 'tm', '2024-01-01', '2026-06-30'),
      line('r2', 'tm2', '2026-07-01', '2026-08-31'),
    ];
    expect(
      evaluate('leeds-schools-clusters', b, '2026-09-01').find((o) => o.kind === 'handover'),
    ).toMatchObject({ state: 'not_applicable', reason: 'the relationship ended on 2026-08-31' });
  });
});
