import { describe, expect, it } from 'vitest';
import { applyOverrides, getPack, type PolicyPack } from '../../domain/policy/index.ts';
import { ruleChanges } from './rule-changes.ts';

const pack = getPack('systemic-4x4x4') as PolicyPack;
const changed = (overrides: Record<string, unknown>) => {
  const result = applyOverrides(pack, overrides);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.value;
};

describe('ruleChanges', () => {
  it('finds nothing between a pack and itself', () => {
    expect(ruleChanges(pack, structuredClone(pack))).toEqual([]);
  });

  it('names rules changed, removed and added, terminology and the pack’s own fields', () => {
    const after = changed({
      caseSupervision: [
        { id: 'child-in-need-3-monthly', interval: { unit: 'months', count: 1 } },
        { id: 'care-leavers-3-monthly', remove: true },
      ],
      terminology: { group_supervision: 'reflective group', supervision: 'reflective supervision' },
      dueSoonLead: { unit: 'working_days', count: 10 },
    });
    expect(ruleChanges(pack, after)).toEqual([
      { list: 'caseSupervision', id: 'child-in-need-3-monthly', change: 'changed' },
      { list: 'caseSupervision', id: 'care-leavers-3-monthly', change: 'removed' },
      { list: 'terminology', id: 'group_supervision', change: 'changed' },
      { list: 'terminology', id: 'supervision', change: 'added' },
      { list: 'pack', id: 'dueSoonLead', change: 'changed' },
    ]);
    expect(ruleChanges(after, pack).map((c) => c.change)).toEqual([
      'changed',
      'added',
      'changed',
      'removed',
      'changed',
    ]);
  });

  it('sees another pack as every rule removed and added', () => {
    const other = getPack('manchester') as PolicyPack;
    const changes = ruleChanges(pack, other);
    expect(changes).toContainEqual({ list: 'pack', id: 'id', change: 'changed' });
    expect(
      changes.filter((c) => c.list === 'caseSupervision' && c.change === 'removed').length,
    ).toBe(
      pack.caseSupervision.filter((r) => !other.caseSupervision.some((o) => o.id === r.id)).length,
    );
  });
});
