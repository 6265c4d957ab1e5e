import { createHash } from 'node:crypto';
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

describe('councilBundle with history', () => {
  const options = {
    staff: 200,
    children: 2_000,
    today,
    seed: 5,
    history: { years: 2 },
    policy: 'durham-one-point-2022',
    id: 'history-council',
    name: 'History Council',
  };
  const bundle = councilBundle(options);
  const hash = (b: Bundle) => createHash('sha256').update(JSON.stringify(b)).digest('hex');
  // Two years of 365.25 days before today.
  const start = '2024-11-22';

  it('is a valid bundle for the organisation and pack asked for', () => {
    const result = parseBundle(bundle);
    expect(result.ok ? [] : result.problems.slice(0, 5)).toEqual([]);
    expect(bundle.organisation).toMatchObject({
      id: 'history-council',
      name: 'History Council',
      policy: 'durham-one-point-2022',
    });
  });

  it('is the same for the same options and seed, and differs with the seed', () => {
    expect(hash(councilBundle(options))).toBe(hash(bundle));
    expect(hash(councilBundle({ ...options, seed: 6 }))).not.toBe(hash(bundle));
  });

  it('has the staff asked for in post today, and leavers replaced by joiners, some ASYE', () => {
    const inPost = bundle.staff.filter((s) => s.leavingDate === undefined);
    expect(inPost).toHaveLength(200);
    const leavers = bundle.staff.filter((s) => s.leavingDate !== undefined);
    expect(leavers.length).toBeGreaterThan(10);
    expect(leavers.every((s) => (s.leavingDate as string) >= start)).toBe(true);
    const joiners = inPost.filter((s) => s.startDate > start);
    expect(joiners.length).toBeGreaterThan(10);
    expect(joiners.some((s) => s.asyeStartDate === s.startDate)).toBe(true);
    expect(inPost.some((s) => s.contractedHours < 30)).toBe(true);
    const kinds = new Set(bundle.absences.map((a) => a.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['annual_leave', 'sickness']));
  });

  it('opens and closes children across the span with an assessment first', () => {
    const closed = bundle.children.filter((c) => c.closedAt !== undefined);
    expect(closed.length).toBeGreaterThan(100);
    expect(bundle.children.length - closed.length).toBeGreaterThan(1_500);
    const social = bundle.children.filter((c) => c.statuses[0]?.status === 'assessment');
    expect(social.length).toBeGreaterThan(1_000);
    const statuses = new Set(bundle.children.flatMap((c) => c.statuses.map((s) => s.status)));
    for (const status of ['child_in_need', 'child_protection', 'child_in_care', 'early_help'])
      expect(statuses).toContain(status);
    // A child whose worker left is allocated to someone else from then on.
    const leaving = new Map(bundle.staff.map((s) => [s.id, s.leavingDate]));
    const reallocated = bundle.children.filter((c) =>
      c.allocations.some((a) => a.to !== undefined && a.to === leaving.get(a.workerId)),
    );
    expect(reallocated.length).toBeGreaterThan(50);
  });

  it('holds one-to-ones about monthly, some cancelled and rebooked, each held one recorded', () => {
    const oneToOnes = bundle.sessions.filter((s) => s.kind === 'one_to_one' && s.date >= start);
    const held = oneToOnes.filter((s) => s.status === 'held');
    const cancelled = oneToOnes.filter((s) => s.status === 'cancelled');
    // About 200 people, two years, nine to twelve a year each.
    expect(held.length).toBeGreaterThan(200 * 2 * 8);
    expect(held.length).toBeLessThan(200 * 2 * 14);
    expect(cancelled.some((s) => s.cancellationReason && s.rescheduledTo)).toBe(true);
    const personal = new Set(
      bundle.records.filter((r) => r.kind === 'personal_supervision').map((r) => r.sessionId),
    );
    expect(held.every((s) => personal.has(s.id))).toBe(true);
    expect(oneToOnes.some((s) => s.status === 'planned' && s.date > today)).toBe(true);
  });

  it('holds one-to-ones before the history too, so those years are not missed supervision', () => {
    const before = bundle.sessions.filter((s) => s.kind === 'one_to_one' && s.date < start);
    expect(before.length).toBeGreaterThan(1_000);
    expect(before.every((s) => s.status === 'held')).toBe(true);
    const recorded = new Set(bundle.records.map((r) => r.sessionId));
    expect(before.some((s) => recorded.has(s.id))).toBe(false);
  });

  it('records case supervision of the children discussed, and the pack’s other records', () => {
    const count = (kind: string) => bundle.records.filter((r) => r.kind === kind).length;
    expect(count('case_supervision')).toBeGreaterThan(count('personal_supervision'));
    for (const kind of [
      'case_supervision_unplanned',
      'management_oversight',
      'group_learning',
      'direct_observation',
      'pdr',
      'supervision_agreement',
      'informal_discussion',
      'management_presence_at_taf',
    ])
      expect(count(kind), kind).toBeGreaterThan(0);
    const late = bundle.records.filter(
      (r) => r.kind === 'case_supervision' && r.onChildRecordAt && r.onChildRecordAt > r.date,
    );
    expect(late.length).toBeGreaterThan(0);
    expect(bundle.records.some((r) => r.kind === 'personal_supervision' && !r.signedAt)).toBe(true);
  });

  it('sets actions, most completed and some overdue, and a few audits', () => {
    const status = (s: string) => bundle.actions.filter((a) => a.status === s).length;
    expect(status('completed')).toBeGreaterThan(status('open'));
    expect(bundle.actions.some((a) => a.status === 'open' && a.dueDate < today)).toBe(true);
    expect(bundle.audits.length).toBeGreaterThan(0);
  });

  it('dates nothing but planned sessions after today', () => {
    const dates = [
      ...bundle.records.flatMap((r) => [r.date, r.writtenAt, r.sharedAt, r.signedAt]),
      ...bundle.sessions.filter((s) => s.status !== 'planned').map((s) => s.date),
      ...bundle.staff.map((s) => s.startDate),
    ].filter((d): d is string => d !== undefined);
    expect(dates.filter((d) => d > today)).toEqual([]);
  });

  it('uses each built-in pack’s own kinds of record and team', () => {
    const leeds = councilBundle({ ...options, policy: 'leeds-schools-clusters', staff: 25 });
    expect(parseBundle(leeds).ok).toBe(true);
    expect(leeds.orgUnits.filter((u) => u.kind === 'team').map((u) => u.teamType)).toContain(
      'school_cluster',
    );
    expect(leeds.records.some((r) => r.kind === 'supervision_decision')).toBe(true);
    for (const policy of ['manchester', 'northumberland-2024', 'systemic-4x4x4']) {
      const other = councilBundle({ ...options, policy, staff: 40, children: 300 });
      expect(parseBundle(other).ok, policy).toBe(true);
    }
  }, 30_000);
});
