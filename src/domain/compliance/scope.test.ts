import { describe, expect, it } from 'vitest';
import { scopeCouncil } from '../../../test/support/scope-council.ts';
import type { Bundle } from '../bundle/schema.ts';
import { listPacks } from '../policy/registry.ts';
import { evaluateCompliance } from './engine.ts';
import { type ComplianceScope, concerns, sliceBundle } from './scope.ts';
import { calendar } from './test-support.ts';

const asOf = '2026-11-23';

function teamScope(bundle: Bundle, teamIds: string[]): ComplianceScope {
  return {
    staffIds: new Set(
      bundle.staff.filter((s) => s.teamId && teamIds.includes(s.teamId)).map((s) => s.id),
    ),
    teamIds: new Set(teamIds),
  };
}

const bundle = scopeCouncil(asOf);
const scopes: [string, ComplianceScope][] = [
  ['one team', teamScope(bundle, ['team-0'])],
  ['two teams of different areas', teamScope(bundle, ['team-1', 'team-7'])],
  ['one worker', { staffIds: new Set(['st-9']), teamIds: new Set() }],
  [
    'a manager and the worker who moved to them',
    { staffIds: new Set(['st-tm-0', 'st-9']), teamIds: new Set() },
  ],
];

describe('evaluating part of an organisation', () => {
  for (const pack of listPacks()) {
    const whole = evaluateCompliance(bundle, pack, asOf, { calendar });
    for (const [name, scope] of scopes) {
      it(`${pack.id}: ${name} gets exactly the whole evaluation's obligations for it`, () => {
        const expected = whole.filter((o) => concerns(o, scope));
        const scoped = evaluateCompliance(sliceBundle(bundle, scope), pack, asOf, {
          calendar,
          scope,
        });
        expect(expected.length).toBeGreaterThan(0);
        expect(scoped).toEqual(expected);
      });
    }
  }

  it('a slice holds only the scope’s children and fewer records', () => {
    const [, scope] = scopes[0]!;
    const slice = sliceBundle(bundle, scope);
    expect(slice.children.length).toBeGreaterThan(0);
    expect(slice.children.length).toBeLessThan(bundle.children.length / 3);
    expect(
      slice.children.every((c) => c.allocations.some((a) => scope.staffIds.has(a.workerId))),
    ).toBe(true);
    expect(slice.records.length).toBeLessThan(bundle.records.length / 3);
  });

  it('asking for some kinds gives those kinds and nothing else', () => {
    const pack = listPacks()[0]!;
    const whole = evaluateCompliance(bundle, pack, asOf, { calendar });
    const kinds = ['case_supervision', 'action'] as const;
    const some = evaluateCompliance(bundle, pack, asOf, { calendar, kinds });
    expect(some).toEqual(whole.filter((o) => (kinds as readonly string[]).includes(o.kind)));
  });
});
