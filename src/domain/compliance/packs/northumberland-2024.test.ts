import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../bundle/schema.ts';
import { bundle, child, evaluate, find, record, staff } from '../test-support.ts';

const P = 'northumberland-2024';
const fh = staff('fw', { roleCategory: 'family_help_worker', teamId: 'team-fh' });

function states(b: Bundle, rule: string, trigger: string) {
  const at = (asOf: string) => find(evaluate(P, b, asOf), rule, 'c1', null)?.state ?? 'missing';
  const before = new Date(Date.parse(`${trigger}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  const after = new Date(Date.parse(`${trigger}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  return [at(before), at(trigger), at(after)];
}

describe('northumberland-2024: planned-supervision triggers (no timescale: due from the trigger until met)', () => {
  it.each([
    {
      name: 'Social Work: "At the start of involvement to establish a baseline"',
      b: bundle(P, { children: [child('c1', { openedAt: '2026-03-02' })] }),
      rule: 'sw-start-of-involvement',
      trigger: '2026-03-02',
    },
    {
      name: 'Social Work: "After 6 months of involvement with a child in need plan"',
      b: bundle(P, {
        children: [child('c1', { statuses: [{ status: 'child_in_need', from: '2026-03-10' }] })],
      }),
      rule: 'sw-six-months-child-in-need',
      trigger: '2026-09-10',
    },
    {
      name: 'Social Work: "had a child in need or child protection plan … for more than 12 months"',
      b: bundle(P, {
        children: [
          child('c1', {
            openedAt: '2025-01-06',
            statuses: [{ status: 'child_protection', from: '2025-02-10' }],
          }),
        ],
      }),
      rule: 'sw-twelve-months-on-plan',
      trigger: '2026-02-10',
    },
    {
      name: 'Social Work: "living in an unregulated placement"',
      b: bundle(P, {
        children: [child('c1', { flags: [{ flag: 'unregulated_placement', from: '2026-05-05' }] })],
      }),
      rule: 'sw-unregulated-placement',
      trigger: '2026-05-05',
    },
    {
      name: 'Social Work: "worries about a cared for child\'s placement stability"',
      b: bundle(P, {
        children: [
          child('c1', { flags: [{ flag: 'placement_stability_worries', from: '2026-05-05' }] }),
        ],
      }),
      rule: 'sw-placement-stability',
      trigger: '2026-05-05',
    },
    {
      name: 'Social Work: "In preparation for a panel"',
      b: bundle(P, {
        children: [child('c1', { events: [{ kind: 'panel_preparation', date: '2026-06-15' }] })],
      }),
      rule: 'sw-panel-preparation',
      trigger: '2026-06-15',
    },
    {
      name: 'Family Help: "After 6 months of family help involvement to consider the next steps"',
      b: bundle(P, {
        staff: [fh],
        children: [
          child('c1', {
            statuses: [{ status: 'early_help', from: '2026-03-10' }],
            allocations: [{ workerId: 'fw', role: 'lead_professional', from: '2026-03-10' }],
          }),
        ],
      }),
      rule: 'fh-six-months-involvement',
      trigger: '2026-09-10',
    },
    {
      name: 'Family Help: "If a step up to social work is being considered"',
      b: bundle(P, {
        staff: [fh],
        children: [
          child('c1', {
            events: [{ kind: 'step_up_considered', date: '2026-07-01' }],
            allocations: [{ workerId: 'fw', role: 'lead_professional', from: '2026-03-02' }],
          }),
        ],
      }),
      rule: 'fh-step-up-considered',
      trigger: '2026-07-01',
    },
  ])('$name', ({ b, rule, trigger }) => {
    expect(states(b, rule, trigger)).toEqual(['missing', 'due', 'due']);
  });
});

describe('northumberland-2024: evidence and choices', () => {
  const opened = (
    kind:
      | 'case_supervision'
      | 'case_supervision_unplanned'
      | 'discussion_with_another_professional',
  ) =>
    bundle(P, {
      children: [child('c1', { openedAt: '2026-03-02' })],
      records: [record('r1', kind, '2026-03-09', { childIds: ['c1'] })],
    });
  it('"will always record planned supervision": a planned supervision note meets the trigger', () => {
    expect(
      find(
        evaluate(P, opened('case_supervision'), '2026-04-01'),
        'sw-start-of-involvement',
        'c1',
        null,
      )?.state,
    ).toBe('met');
  });
  it.each(['case_supervision_unplanned', 'discussion_with_another_professional'] as const)(
    'a %s note does not meet a planned-supervision trigger',
    (kind) => {
      expect(
        find(evaluate(P, opened(kind), '2026-04-01'), 'sw-start-of-involvement', 'c1', null)?.state,
      ).toBe('due');
    },
  );
  it('footnote 1: children without an evolving plan are excluded from the 12-month trigger', () => {
    const b = bundle(P, {
      children: [
        child('c1', {
          statuses: [{ status: 'child_in_need', from: '2025-02-10' }],
          flags: [{ flag: 'no_evolving_plan', from: '2025-02-10' }],
        }),
      ],
    });
    expect(
      find(evaluate(P, b, '2026-03-01'), 'sw-twelve-months-on-plan', 'c1', null),
    ).toBeUndefined();
  });
  it('the seed gives no staff supervision frequency, so none is invented (A01)', () => {
    expect(evaluate(P, bundle(P), '2026-11-23').some((o) => o.kind === 'staff_supervision')).toBe(
      false,
    );
  });
  it('family help triggers do not fire for a social work team worker', () => {
    const b = bundle(P, {
      children: [child('c1', { events: [{ kind: 'step_up_considered', date: '2026-07-01' }] })],
    });
    expect(find(evaluate(P, b, '2026-07-02'), 'fh-step-up-considered', 'c1', null)).toBeUndefined();
  });
});
