import { describe, expect, it } from 'vitest';
import type { Obligation } from '../compliance/types.ts';
import { type RollUpUnit, rollUp, unassignedUnit } from './roll-up.ts';
import { ob } from './test-support.ts';

/** A service with two teams; the first team has a pod. */
const units: RollUpUnit[] = [
  { id: 'svc' },
  { id: 'team-a', parentId: 'svc' },
  { id: 'pod', parentId: 'team-a' },
  { id: 'team-b', parentId: 'svc' },
];
const unitOfStaff: Record<string, string> = { a1: 'pod', a2: 'team-a', b1: 'team-b' };
const by = (o: Obligation) => unitOfStaff[o.subject.id];
const of = (id: string, extra: Partial<Obligation> = {}) =>
  ob({ subject: { kind: 'staff', id }, ...extra });

describe('rollUp', () => {
  it('counts an obligation in its unit and once in every unit above it', () => {
    const figures = rollUp([of('a1', { state: 'overdue' })], by, units);
    expect(figures.get('pod')?.all).toMatchObject({ overdue: 1, total: 1 });
    expect(figures.get('team-a')?.all).toMatchObject({ overdue: 1, total: 1 });
    expect(figures.get('svc')?.all).toMatchObject({ overdue: 1, total: 1 });
    expect(figures.get('team-b')?.all.total).toBe(0);
  });

  it('a unit counts everything below it and nothing else', () => {
    const list = [of('a1'), of('a1'), of('a2'), of('b1'), of('b1'), of('b1')];
    const figures = rollUp(list, by, units);
    expect(
      ['pod', 'team-a', 'team-b', 'svc'].map((id) => [id, figures.get(id)?.all.total]),
    ).toEqual([
      ['pod', 2],
      ['team-a', 3],
      ['team-b', 3],
      ['svc', 6],
    ]);
  });

  it('counts by kind as well as over all kinds, listing only the kinds present', () => {
    const figures = rollUp(
      [
        of('a1', { state: 'met' }),
        of('a1', { kind: 'action', state: 'overdue' }),
        of('a1', { kind: 'action', state: 'due' }),
      ],
      by,
      units,
    );
    const pod = figures.get('pod');
    expect(pod?.byKind.staff_supervision).toMatchObject({ met: 1, total: 1 });
    expect(pod?.byKind.action).toMatchObject({ overdue: 1, due: 1, open: 2, total: 2 });
    expect(Object.keys(pod?.byKind ?? {}).sort()).toEqual(['action', 'staff_supervision']);
    expect(pod?.all).toMatchObject({ open: 2, total: 3 });
    expect(figures.get('svc')?.byKind.action?.total).toBe(2);
  });

  it('shows every unit, with zeros where nothing falls under it', () => {
    const figures = rollUp([], by, units);
    expect([...figures.keys()]).toEqual(['svc', 'team-a', 'pod', 'team-b']);
    expect(figures.get('svc')).toMatchObject({ byKind: {}, all: { total: 0 } });
  });

  it('counts obligations of no unit only under "unassigned", never in a real unit', () => {
    const figures = rollUp([of('nobody', { state: 'overdue' }), of('b1')], by, units);
    expect(figures.get(unassignedUnit)?.all).toMatchObject({ overdue: 1, total: 1 });
    expect(figures.get('svc')?.all).toMatchObject({ overdue: 0, total: 1 });
  });

  it('has no "unassigned" entry when every obligation has a unit', () => {
    expect(rollUp([of('a1')], by, units).has(unassignedUnit)).toBe(false);
  });

  it('counts an obligation of a unit not listed under that unit alone', () => {
    const figures = rollUp([of('x')], () => 'closed-team', units);
    expect(figures.get('closed-team')?.all.total).toBe(1);
    expect(figures.get('svc')?.all.total).toBe(0);
  });

  it('stops at a parent that is not listed', () => {
    const figures = rollUp([of('x')], () => 'orphan', [{ id: 'orphan', parentId: 'gone' }]);
    expect([...figures.keys()]).toEqual(['orphan']);
    expect(figures.get('orphan')?.all.total).toBe(1);
  });

  it('counts once in each unit of a cycle of parents, and stops', () => {
    const cycle: RollUpUnit[] = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'c' },
      { id: 'c', parentId: 'a' },
      { id: 'self', parentId: 'self' },
    ];
    const figures = rollUp([of('x'), of('y')], (o) => (o.subject.id === 'x' ? 'a' : 'self'), cycle);
    expect(['a', 'b', 'c', 'self'].map((id) => figures.get(id)?.all.total)).toEqual([1, 1, 1, 1]);
  });

  it("asks for each obligation's unit once", () => {
    let asked = 0;
    const list = [of('a1'), of('a2'), of('b1')];
    rollUp(
      list,
      (o) => {
        asked++;
        return by(o);
      },
      units,
    );
    expect(asked).toBe(list.length);
  });
});
