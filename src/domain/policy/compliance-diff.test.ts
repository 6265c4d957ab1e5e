import { describe, expect, it } from 'vitest';
import type { Obligation, ObligationState } from '../compliance/types.ts';
import { complianceDiff, countByState } from './compliance-diff.ts';

type Duty = { subject?: string; rule?: string; kind?: Obligation['kind'] };

/** An obligation; unless told, each id is its own duty (its own subject), as ids are. */
function obligation(
  id: string,
  state: ObligationState,
  dueDate: string | null = '2026-05-01',
  duty: Duty = {},
): Obligation {
  return {
    id,
    kind: duty.kind ?? 'staff_supervision',
    subject: { kind: 'staff', id: duty.subject ?? id },
    responsibleId: 'S2',
    dueDate,
    window: { from: '2026-04-01', to: dueDate },
    state,
    rule: { id: duty.rule ?? 'monthly', source: { seed: '001', section: '2' } },
    evidenceIds: [],
  };
}

/** One person's supervision under a rule, due on each date: ids carry the date, as the engine's do. */
const dueOn = (rule: string, dates: readonly string[], states: readonly ObligationState[]) =>
  dates.map((d, i) => obligation(`S1|${rule}|${d}`, states[i]!, d, { subject: 'S1', rule }));

const ids = (list: readonly Obligation[]) => list.map((o) => o.id);
const pairs = (diff: ReturnType<typeof complianceDiff>) =>
  diff.changed.map((c) => [c.before.id, c.after.id]);

/** Every obligation of each side is accounted for exactly once. */
function expectAccounted(before: Obligation[], after: Obligation[]) {
  const diff = complianceDiff(before, after);
  expect(diff.unchanged + diff.changed.length + diff.removed.length).toBe(before.length);
  expect(diff.unchanged + diff.changed.length + diff.added.length).toBe(after.length);
  return diff;
}

describe('complianceDiff', () => {
  it('finds nothing between two empty evaluations', () => {
    expect(complianceDiff([], [])).toEqual({
      added: [],
      removed: [],
      changed: [],
      transitions: [],
      unchanged: 0,
    });
  });

  it('counts the same obligations in the same states as unchanged', () => {
    const list = [obligation('a', 'met'), obligation('b', 'overdue')];
    const diff = complianceDiff(
      list,
      list.map((o) => ({ ...o })),
    );
    expect(diff.unchanged).toBe(2);
    expect([...diff.added, ...diff.removed, ...diff.changed]).toEqual([]);
  });

  it('reports every obligation as added when there was none before', () => {
    const diff = complianceDiff([], [obligation('a', 'due'), obligation('b', 'met')]);
    expect(ids(diff.added)).toEqual(['a', 'b']);
    expect(diff.removed).toEqual([]);
  });

  it('reports every obligation as removed when there is none after, in their order', () => {
    const diff = complianceDiff([obligation('b', 'due'), obligation('a', 'met')], []);
    expect(ids(diff.removed)).toEqual(['b', 'a']);
    expect(diff.added).toEqual([]);
  });

  it('matches by id, not by position', () => {
    const diff = complianceDiff(
      [obligation('a', 'met'), obligation('b', 'met')],
      [obligation('b', 'met'), obligation('a', 'met')],
    );
    expect(diff.unchanged).toBe(2);
  });

  it('reports a state change with both sides', () => {
    const before = obligation('a', 'met');
    const after = obligation('a', 'overdue');
    const diff = complianceDiff([before], [after]);
    expect(diff.changed).toEqual([{ before, after }]);
    expect(diff.transitions).toEqual([{ from: 'met', to: 'overdue', count: 1 }]);
    expect(diff.unchanged).toBe(0);
  });

  it('ignores changes other than the state for an obligation with the same id', () => {
    const before = obligation('a', 'met');
    const after = { ...before, evidenceIds: ['R1'], metOn: '2026-04-20' };
    expect(complianceDiff([before], [after]).unchanged).toBe(1);
  });

  it('counts transitions, most common first and ties in a fixed order', () => {
    const diff = complianceDiff(
      [
        obligation('a', 'met'),
        obligation('b', 'met'),
        obligation('c', 'due'),
        obligation('d', 'due_soon'),
      ],
      [
        obligation('a', 'overdue'),
        obligation('b', 'overdue'),
        obligation('c', 'overdue'),
        obligation('d', 'met'),
      ],
    );
    expect(diff.transitions).toEqual([
      { from: 'met', to: 'overdue', count: 2 },
      { from: 'due', to: 'overdue', count: 1 },
      { from: 'due_soon', to: 'met', count: 1 },
    ]);
  });

  it('pairs an id given twice in order, and reports the one left over', () => {
    const diff = complianceDiff(
      [obligation('a', 'met'), obligation('a', 'due')],
      [obligation('a', 'met'), obligation('a', 'overdue'), obligation('a', 'waived')],
    );
    expect(diff.unchanged).toBe(1);
    expect(diff.changed.map((c) => [c.before.state, c.after.state])).toEqual([['due', 'overdue']]);
    expect(diff.added.map((o) => o.state)).toEqual(['waived']);
    expect(diff.removed).toEqual([]);
  });

  it('adds, removes, changes and keeps in one diff, and accounts for every obligation', () => {
    const before = [
      obligation('kept', 'met'),
      obligation('gone', 'due'),
      obligation('moved', 'met'),
    ];
    const after = [
      obligation('kept', 'met'),
      obligation('moved', 'met_late'),
      obligation('new', 'due'),
    ];
    const diff = expectAccounted(before, after);
    expect(ids(diff.added)).toEqual(['new']);
    expect(ids(diff.removed)).toEqual(['gone']);
    expect(diff.changed.map((c) => c.after.id)).toEqual(['moved']);
    expect(diff.unchanged).toBe(1);
  });
});

describe('complianceDiff of a rule whose interval changes (ids carry the due date)', () => {
  it('matches a moved due date to the same duty: its state change shows, nothing added or removed', () => {
    const before = dueOn('r', ['2026-05-01'], ['met']);
    const after = dueOn('r', ['2026-04-15'], ['overdue']);
    const diff = expectAccounted(before, after);
    expect(pairs(diff)).toEqual([['S1|r|2026-05-01', 'S1|r|2026-04-15']]);
    expect(diff.transitions).toEqual([{ from: 'met', to: 'overdue', count: 1 }]);
    expect([...diff.added, ...diff.removed]).toEqual([]);
  });

  it('counts a moved due date in the same state as unchanged', () => {
    const diff = expectAccounted(
      dueOn('r', ['2026-05-01'], ['met']),
      dueOn('r', ['2026-04-20'], ['met']),
    );
    expect(diff.unchanged).toBe(1);
    expect([...diff.added, ...diff.removed, ...diff.changed]).toEqual([]);
  });

  it('monthly to weekly: the newest are paired, so the one due now changes state; the extra weeks are added', () => {
    const before = dueOn('r', ['2026-03-01', '2026-04-01', '2026-05-01'], ['met', 'met', 'due']);
    const after = dueOn(
      'r',
      ['2026-04-10', '2026-04-17', '2026-04-24', '2026-05-01', '2026-05-08'],
      ['met', 'met', 'met_late', 'overdue', 'due'],
    );
    const diff = expectAccounted(before, after);
    // 2026-05-01 is in both: the same id, paired as it is, and due -> overdue.
    // The rest pair newest first: 05-08 with 04-01 (met -> due), 04-24 with 03-01 (met -> met late).
    expect(pairs(diff)).toEqual([
      ['S1|r|2026-05-01', 'S1|r|2026-05-01'],
      ['S1|r|2026-04-01', 'S1|r|2026-05-08'],
      ['S1|r|2026-03-01', 'S1|r|2026-04-24'],
    ]);
    expect(ids(diff.added)).toEqual(['S1|r|2026-04-10', 'S1|r|2026-04-17']);
    expect(diff.removed).toEqual([]);
    expect(diff.unchanged).toBe(0);
  });

  it('weekly to monthly: the oldest weeks are removed, in their order', () => {
    const before = dueOn(
      'r',
      ['2026-04-10', '2026-04-17', '2026-04-24', '2026-05-08'],
      ['met', 'met', 'met', 'due'],
    );
    const after = dueOn('r', ['2026-04-01', '2026-05-01'], ['met', 'overdue']);
    const diff = expectAccounted(before, after);
    expect(pairs(diff)).toEqual([['S1|r|2026-05-08', 'S1|r|2026-05-01']]);
    expect(diff.unchanged).toBe(1);
    expect(ids(diff.removed)).toEqual(['S1|r|2026-04-10', 'S1|r|2026-04-17']);
    expect(diff.added).toEqual([]);
  });

  it('pairs an ongoing obligation (no due date) before any dated one', () => {
    const before = [
      obligation('x1', 'due', null, { subject: 'S1' }),
      ...dueOn('monthly', ['2026-05-01'], ['met']),
    ];
    const after = [obligation('x2', 'overdue', null, { subject: 'S1' })];
    const diff = expectAccounted(before, after);
    expect(pairs(diff)).toEqual([['x1', 'x2']]);
    expect(ids(diff.removed)).toEqual(['S1|monthly|2026-05-01']);
  });

  it('prefers the same id to the same duty', () => {
    const before = dueOn('r', ['2026-04-01', '2026-05-01'], ['met', 'due']);
    const after = dueOn('r', ['2026-05-01', '2026-06-01'], ['due', 'due_soon']);
    const diff = expectAccounted(before, after);
    expect(diff.unchanged).toBe(1);
    expect(pairs(diff)).toEqual([['S1|r|2026-04-01', 'S1|r|2026-06-01']]);
  });

  it('does not pair across rules, people or kinds of obligation', () => {
    const before = [
      obligation('a', 'met', '2026-05-01', { subject: 'S1', rule: 'monthly' }),
      obligation('b', 'met', '2026-05-01', { subject: 'S2', rule: 'monthly' }),
      obligation('c', 'met', '2026-05-01', { subject: 'S3', kind: 'case_supervision' }),
    ];
    const after = [
      obligation('a2', 'due', '2026-05-02', { subject: 'S1', rule: 'weekly' }),
      obligation('b2', 'due', '2026-05-02', { subject: 'S9', rule: 'monthly' }),
      obligation('c2', 'due', '2026-05-02', { subject: 'S3', kind: 'staff_supervision' }),
    ];
    const diff = expectAccounted(before, after);
    expect(diff.changed).toEqual([]);
    expect(ids(diff.removed)).toEqual(['a', 'b', 'c']);
    expect(ids(diff.added)).toEqual(['a2', 'b2', 'c2']);
  });

  it('keeps each person apart when a rule changes for many', () => {
    const before = ['S1', 'S2'].map((s) =>
      obligation(`${s}|2026-05-01`, 'met', '2026-05-01', { subject: s }),
    );
    const after = ['S2', 'S1'].map((s) =>
      obligation(`${s}|2026-05-08`, s === 'S1' ? 'overdue' : 'met', '2026-05-08', { subject: s }),
    );
    const diff = expectAccounted(before, after);
    expect(pairs(diff)).toEqual([['S1|2026-05-01', 'S1|2026-05-08']]);
    expect(diff.unchanged).toBe(1);
  });
});

describe('countByState', () => {
  it('counts each state present and leaves the others out', () => {
    expect(countByState([])).toEqual({});
    expect(
      countByState([obligation('a', 'met'), obligation('b', 'overdue'), obligation('c', 'met')]),
    ).toEqual({ met: 2, overdue: 1 });
  });
});
