import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../domain/bundle/parse.ts';
import type { Bundle } from '../../domain/bundle/schema.ts';
import { councilBundle } from './council-bundle.ts';

const today = '2026-11-23';

function episodesAndAllocations(bundle: Bundle): number {
  return bundle.children.reduce((n, c) => n + c.statuses.length + c.allocations.length, 0);
}

describe('councilBundle', () => {
  const started = performance.now();
  const large = councilBundle({ children: 15_000, today });
  const elapsed = performance.now() - started;

  it('makes a valid bundle of 15,000 children quickly', () => {
    const result = parseBundle(large);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(large.children).toHaveLength(15_000);
    expect(episodesAndAllocations(large)).toBeGreaterThanOrEqual(60_000);
    // About 0.1 s on a laptop; generous for a loaded CI runner.
    expect(elapsed).toBeLessThan(3000);
  });

  it('has about one case-holding worker per 18 children in teams of 8 with a manager', () => {
    const workers = large.staff.filter((s) => s.caseHolding);
    expect(workers.length).toBe(Math.ceil(15_000 / 18));
    const teams = large.orgUnits.filter((u) => u.kind === 'team');
    expect(teams.length).toBe(Math.ceil(workers.length / 8));
    for (const team of teams) {
      const manager = large.staff.find((s) => s.id === team.managerId);
      expect(manager?.roleCategory).toBe('team_manager');
    }
    expect(large.orgUnits.some((u) => u.kind === 'area')).toBe(true);
    expect(large.orgUnits.some((u) => u.kind === 'service')).toBe(true);
    expect(large.relationships.length).toBe(large.staff.length - 1);
  });

  it('is the same for the same options and differs with the seed', () => {
    const options = { children: 2_000, today, seed: 7 };
    expect(councilBundle(options)).toEqual(councilBundle(options));
    expect(councilBundle({ ...options, seed: 8 })).not.toEqual(councilBundle(options));
  });

  it('makes exactly the staff asked for (five at least: one of each level)', () => {
    for (const staff of [5, 12, 150, 1_500]) {
      const bundle = councilBundle({ children: 500, staff, today });
      expect(bundle.staff.length).toBe(staff);
      expect(parseBundle(bundle).ok).toBe(true);
    }
  });

  it('adds light supervision when asked', () => {
    const bundle = councilBundle({ children: 1_000, today, sessions: true });
    const result = parseBundle(bundle);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(bundle.sessions.length).toBeGreaterThan(0);
    expect(bundle.records.length).toBeGreaterThan(0);
    expect(councilBundle({ children: 1_000, today }).sessions).toEqual([]);
  });

  it('ends every span on or after it starts and dates nothing after today', () => {
    const spans = [
      ...large.relationships,
      ...large.absences,
      ...large.children.flatMap((c) => [...c.statuses, ...c.flags, ...c.allocations]),
    ];
    const wrong = spans.filter(
      (s) => s.from > today || (s.to !== undefined && (s.to < s.from || s.to > today)),
    );
    expect(wrong).toEqual([]);
    const badChildren = large.children.filter(
      (c) => c.openedAt > today || (c.closedAt && (c.closedAt > today || c.closedAt < c.openedAt)),
    );
    expect(badChildren).toEqual([]);
  });
});
