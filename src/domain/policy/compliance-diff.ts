/**
 * What a policy change does to compliance: the obligations of one evaluation against another's.
 * Obligations are matched first by their stable id (kind, subject, rule, due date or window);
 * what is left is matched by kind, subject and rule, newest due date first, because a
 * frequency obligation's id carries its due date: a rule whose interval changes (monthly to
 * weekly) keeps asking the same person for the same thing, and its current obligation is the
 * one whose state matters. An obligation found on both sides whose state moved (met -> overdue)
 * is changed; the rest are added or removed. Pure: the caller evaluates both sides.
 */
import type { Obligation, ObligationState } from '../compliance/types.ts';

export type ObligationChange = { before: Obligation; after: Obligation };

/** How many obligations moved from one state to another, e.g. 3 from met to overdue. */
export type StateTransition = { from: ObligationState; to: ObligationState; count: number };

export type ComplianceDiff = {
  added: Obligation[];
  removed: Obligation[];
  changed: ObligationChange[];
  transitions: StateTransition[];
  unchanged: number;
};

/** How many obligations are in each state (states with none left out). */
export type StateCounts = Partial<Record<ObligationState, number>>;

export function countByState(obligations: readonly Obligation[]): StateCounts {
  const counts: StateCounts = {};
  for (const o of obligations) counts[o.state] = (counts[o.state] ?? 0) + 1;
  return counts;
}

/** Obligations grouped by a key, each group in the given order. */
function groupBy(obligations: readonly Obligation[], key: (o: Obligation) => string) {
  const out = new Map<string, Obligation[]>();
  for (const o of obligations) {
    const k = key(o);
    const list = out.get(k);
    if (list) list.push(o);
    else out.set(k, [o]);
  }
  return out;
}

const sameDuty = (o: Obligation) => `${o.kind}|${o.subject.kind}|${o.subject.id}|${o.rule.id}`;

/** Newest due date first; one with no due date (ongoing) before any dated one. */
function newestFirst(a: Obligation, b: Obligation): number {
  if (a.dueDate === b.dueDate) return 0;
  if (a.dueDate === null) return -1;
  if (b.dueDate === null) return 1;
  return a.dueDate < b.dueDate ? 1 : -1;
}

/** Pairs of `before` and `after` matched by `key`, in order; the unmatched of each side. */
function pairBy(
  before: readonly Obligation[],
  after: readonly Obligation[],
  key: (o: Obligation) => string,
) {
  const previous = groupBy(before, key);
  const pairs: ObligationChange[] = [];
  const unmatched: Obligation[] = [];
  for (const o of after) {
    const match = previous.get(key(o))?.shift();
    if (match) pairs.push({ before: match, after: o });
    else unmatched.push(o);
  }
  return { pairs, added: unmatched, removed: new Set([...previous.values()].flat()) };
}

function transitionsOf(changed: readonly ObligationChange[]): StateTransition[] {
  const counts = new Map<string, StateTransition>();
  for (const { before, after } of changed) {
    const key = `${before.state}>${after.state}`;
    const seen = counts.get(key);
    if (seen) seen.count += 1;
    else counts.set(key, { from: before.state, to: after.state, count: 1 });
  }
  // Most common first; ties in a fixed order so the page does not shuffle.
  return [...counts.values()].sort(
    (a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
}

/** The obligations `after` adds, removes and changes the state of, compared with `before`. */
export function complianceDiff(
  before: readonly Obligation[],
  after: readonly Obligation[],
): ComplianceDiff {
  const byId = pairBy(before, after, (o) => o.id);
  const leftBefore = before.filter((o) => byId.removed.has(o)).sort(newestFirst);
  const leftAfter = [...byId.added].sort(newestFirst);
  const byDuty = pairBy(leftBefore, leftAfter, sameDuty);
  const changed: ObligationChange[] = [];
  let unchanged = 0;
  for (const pair of [...byId.pairs, ...byDuty.pairs]) {
    if (pair.before.state !== pair.after.state) changed.push(pair);
    else unchanged += 1;
  }
  // Added in the order of `after`, removed in the order of `before`.
  const added = new Set(byDuty.added);
  return {
    added: after.filter((o) => added.has(o)),
    removed: before.filter((o) => byDuty.removed.has(o)),
    changed,
    transitions: transitionsOf(changed),
    unchanged,
  };
}
