import { describe, expect, it } from 'vitest';
import {
  appliedReport,
  childChange,
  childDetailFields,
  childSyncChanges,
  episodeChanges,
  isOpenOn,
  problemPlace,
  rejectedReport,
} from './child-sync-report.ts';
import type { BundleChild } from './schema.ts';

const today = '2026-03-10';

function child(id: string, overrides: Partial<BundleChild> = {}): BundleChild {
  return {
    id,
    caseId: `C-${id}`,
    name: `Child ${id}`,
    dateOfBirth: '2015-05-04',
    openedAt: '2025-01-10',
    statuses: [{ status: 'child_in_need', from: '2025-01-10' }],
    flags: [],
    allocations: [{ workerId: 'E1', role: 'key_worker', from: '2025-01-10' }],
    ...overrides,
  };
}

const statusKey = (s: { status: string; from: string }) => `${s.status} ${s.from}`;

describe('episodeChanges', () => {
  const cin = { status: 'child_in_need', from: '2025-01-10' } as const;
  const cp = { status: 'child_protection', from: '2025-05-01' } as const;

  it('finds nothing when the episodes are the same, in any order', () => {
    expect(episodeChanges([cin, cp], [cp, cin], statusKey)).toEqual({
      added: [],
      ended: [],
      changed: [],
      removed: [],
    });
  });

  it('adds an episode with a new kind or a new start date', () => {
    const later = { ...cin, from: '2025-09-01' };
    expect(episodeChanges([cin], [later, cin, cp], statusKey).added).toEqual([cp, later]);
  });

  it('ends an open episode that now has an end date', () => {
    const ended = { ...cin, to: '2025-04-30' };
    expect(episodeChanges([cin], [ended], statusKey)).toEqual({
      added: [],
      ended: [ended],
      changed: [],
      removed: [],
    });
  });

  it('calls a moved or removed end date a change, not an ending', () => {
    const ended = { ...cin, to: '2025-04-30' };
    const moved = { ...cin, to: '2025-05-31' };
    expect(episodeChanges([ended], [moved], statusKey).changed).toEqual([moved]);
    expect(episodeChanges([ended], [cin], statusKey).changed).toEqual([cin]);
  });

  it('removes an episode the source no longer has', () => {
    expect(episodeChanges([cin, cp], [cp], statusKey)).toEqual({
      added: [],
      ended: [],
      changed: [],
      removed: [cin],
    });
  });

  it('lists each kind of change in date order, whatever order the input is in', () => {
    const a = { status: 'assessment', from: '2025-02-01' } as const;
    const b = { status: 'early_help', from: '2025-01-01' } as const;
    const c = { status: 'child_in_need', from: '2025-01-01' } as const;
    expect(episodeChanges([], [a, b, c], statusKey).added).toEqual([c, b, a]);
    expect(episodeChanges([a, b, c], [], statusKey).removed).toEqual([c, b, a]);
  });
});

describe('isOpenOn', () => {
  it('is open with no end date, or an end date today or later; closed once it has passed', () => {
    expect(isOpenOn({ from: '2025-01-01' }, today)).toBe(true);
    expect(isOpenOn({ from: '2025-01-01', to: today }, today)).toBe(true);
    expect(isOpenOn({ from: '2025-01-01', to: '2026-04-01' }, today)).toBe(true);
    expect(isOpenOn({ from: '2025-01-01', to: '2026-03-09' }, today)).toBe(false);
  });
});

describe('childChange', () => {
  it('is undefined for the same child, episodes and events in another order', () => {
    const events = [
      { kind: 'panel_preparation', date: '2025-03-01' },
      { kind: 'step_up_considered', date: '2025-02-01' },
    ] as BundleChild['events'];
    const before = child('1', {
      events,
      flags: [
        { flag: 'most_concern', from: '2025-02-01' },
        { flag: 'long_standing_neglect', from: '2025-01-01' },
      ],
    });
    const after = {
      ...before,
      events: [...events!].reverse(),
      flags: [...before.flags].reverse(),
    };
    expect(childChange(before, after)).toBeUndefined();
  });

  it.each(childDetailFields.filter((f) => f !== 'events'))(
    'names %s when only it changed',
    (field) => {
      const before = child('1', { expectedDateOfBirth: '2026-06-01', closedAt: '2026-01-01' });
      const after = { ...before, [field]: field === 'name' ? 'Another Name' : '2026-02-02' };
      const change = childChange(before, after)!;
      expect(change.details).toEqual([field]);
      expect(change.statuses).toEqual({ added: [], ended: [], changed: [], removed: [] });
    },
  );

  it('names a detail that was cleared', () => {
    const before = child('1');
    const { dateOfBirth: _, ...after } = before;
    expect(childChange(before, after)!.details).toEqual(['dateOfBirth']);
  });

  it('names events when one is added or removed', () => {
    const before = child('1');
    const after = child('1', { events: [{ kind: 'panel_preparation', date: '2025-03-01' }] });
    expect(childChange(before, after)!.details).toEqual(['events']);
    expect(childChange(after, before)!.details).toEqual(['events']);
  });

  it('reports status episodes, flags and allocations apart', () => {
    const before = child('1', { flags: [{ flag: 'most_concern', from: '2025-02-01' }] });
    const after = child('1', {
      statuses: [
        { status: 'child_in_need', from: '2025-01-10', to: '2025-04-30' },
        { status: 'child_protection', from: '2025-05-01' },
      ],
      flags: [],
      allocations: [
        { workerId: 'E1', role: 'key_worker', from: '2025-01-10', to: '2025-06-30' },
        { workerId: 'E2', role: 'key_worker', from: '2025-07-01' },
      ],
    });
    expect(childChange(before, after)).toEqual({
      id: '1',
      caseId: 'C-1',
      details: [],
      statuses: {
        added: [{ status: 'child_protection', from: '2025-05-01' }],
        ended: [{ status: 'child_in_need', from: '2025-01-10', to: '2025-04-30' }],
        changed: [],
        removed: [],
      },
      flags: {
        added: [],
        ended: [],
        changed: [],
        removed: [{ flag: 'most_concern', from: '2025-02-01' }],
      },
      allocations: {
        added: [{ workerId: 'E2', role: 'key_worker', from: '2025-07-01' }],
        ended: [{ workerId: 'E1', role: 'key_worker', from: '2025-01-10', to: '2025-06-30' }],
        changed: [],
        removed: [],
      },
    });
  });

  it('takes the worker and the role as part of what an allocation is', () => {
    const before = child('1');
    const after = child('1', {
      allocations: [{ workerId: 'E1', role: 'lead_professional', from: '2025-01-10' }],
    });
    const change = childChange(before, after)!;
    expect(change.allocations.added).toHaveLength(1);
    expect(change.allocations.removed).toHaveLength(1);
  });
});

describe('childSyncChanges', () => {
  it('counts and lists the children added, changed, closed and unchanged, by id', () => {
    const before = [child('3'), child('1'), child('2'), child('4')];
    const after = [
      child('1'),
      child('2', { name: 'Renamed' }),
      child('3', { statuses: [{ status: 'child_in_need', from: '2025-01-10', to: '2026-03-01' }] }),
      child('4'),
      child('6'),
      child('5', { statuses: [] }),
    ];
    const changes = childSyncChanges(before, after, today);
    expect(changes.counts).toEqual({ added: 2, changed: 2, closed: 1, unchanged: 2 });
    expect(changes.added).toEqual([
      { id: '5', caseId: 'C-5' },
      { id: '6', caseId: 'C-6' },
    ]);
    expect(changes.changed.map((c) => c.id)).toEqual(['2', '3']);
    expect(changes.closed).toEqual([{ id: '3', caseId: 'C-3' }]);
  });

  it('closes a child only when it had an open status episode before and has none after', () => {
    const open = [{ status: 'child_in_need' as const, from: '2025-01-10' }];
    const endedLastWeek = [
      { status: 'child_in_need' as const, from: '2025-01-10', to: '2026-03-03' },
    ];
    const endsNextMonth = [
      { status: 'child_in_need' as const, from: '2025-01-10', to: '2026-04-30' },
    ];
    const endsToday = [{ status: 'child_in_need' as const, from: '2025-01-10', to: today }];
    const closed = (before: BundleChild['statuses'], after: BundleChild['statuses']) =>
      childSyncChanges([child('1', { statuses: before })], [child('1', { statuses: after })], today)
        .counts.closed;
    expect(closed(open, endedLastWeek)).toBe(1);
    expect(closed(open, [])).toBe(1);
    expect(closed(open, endsNextMonth)).toBe(0);
    expect(closed(open, endsToday)).toBe(0);
    expect(closed(endedLastWeek, [])).toBe(0);
    expect(closed(endsNextMonth, endedLastWeek)).toBe(1);
    // Closed by one status ending while another stays open: not closed.
    expect(
      closed(
        [...open, { status: 'child_protection', from: '2025-05-01' }],
        [...endedLastWeek, { status: 'child_protection', from: '2025-05-01' }],
      ),
    ).toBe(0);
  });

  it('does not call a child added without an open status closed', () => {
    const changes = childSyncChanges([], [child('1', { statuses: [] })], today);
    expect(changes.counts).toEqual({ added: 1, changed: 0, closed: 0, unchanged: 0 });
  });

  it('leaves a child that is missing afterwards out of the report (a sync removes none)', () => {
    const changes = childSyncChanges([child('1'), child('2')], [child('1')], today);
    expect(changes.counts).toEqual({ added: 0, changed: 0, closed: 0, unchanged: 1 });
  });
});

describe('the run report', () => {
  it('is applied when a child was added or changed, unchanged otherwise', () => {
    const added = childSyncChanges([], [child('1')], today);
    expect(appliedReport(added).outcome).toBe('applied');
    const changed = childSyncChanges([child('1')], [child('1', { name: 'New' })], today);
    expect(appliedReport(changed)).toMatchObject({
      outcome: 'applied',
      counts: { added: 0, changed: 1, closed: 0, unchanged: 0, rejected: 0 },
      rejected: [],
    });
    const same = childSyncChanges([child('1')], [child('1')], today);
    expect(appliedReport(same)).toEqual({
      outcome: 'unchanged',
      counts: { added: 0, changed: 0, closed: 0, unchanged: 1, rejected: 0 },
      added: [],
      changed: [],
      closed: [],
      rejected: [],
    });
  });

  it('is rejected with every problem and no children', () => {
    const problems = [
      { file: 'children.csv', line: 4, column: 'date_of_birth', message: 'not a date' },
      { column: '$.children[0].id', message: 'expected a string' },
    ];
    expect(rejectedReport(problems)).toEqual({
      outcome: 'rejected',
      counts: { added: 0, changed: 0, closed: 0, unchanged: 0, rejected: 2 },
      added: [],
      changed: [],
      closed: [],
      rejected: problems,
    });
  });

  it('says where a problem is with what it knows', () => {
    expect(problemPlace({ file: 'a.csv', line: 3, column: 'from', message: 'x' })).toBe(
      'a.csv, line 3, from',
    );
    expect(problemPlace({ file: 'a.csv', message: 'x' })).toBe('a.csv');
    expect(problemPlace({ column: '$.children[1]', message: 'x' })).toBe('$.children[1]');
    expect(problemPlace({ message: 'x' })).toBe('');
  });
});
