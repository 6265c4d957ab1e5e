/** One child and worker's row on the case supervision dashboard. */
import type { IsoDate } from '../calendar/period.ts';
import type { Obligation } from '../compliance/types.ts';
import { earliestOpen, isOpen, latestDue, type StatusState, statusState } from './states.ts';

/**
 * A child's case supervision for one allocated worker. `lastDiscussed`: the latest date the
 * child's case was discussed in case supervision (with any worker) on or before the as-of date.
 * `current`: this worker's open case supervision obligation with the earliest due date; `state`
 * is its state, else 'up_to_date' when the worker has case supervision obligations for the child
 * but none open, else 'no_rule'. `dueBy`: the current obligation's due date. `rule`: the rule
 * that set the current obligation (else the latest one); `considered`: the other rules that
 * applied to it and lost to the more frequent one. `events`: the open event supervision
 * obligations of the child for this worker or for no worker, earliest due first.
 * `obligationIds`: this worker's case supervision obligations, the events shown, and the
 * obligation `lastDiscussed` comes from, for the evidence link.
 */
export interface ChildCaseStatus {
  childId: string;
  workerId: string;
  lastDiscussed: IsoDate | null;
  current: Obligation | undefined;
  state: StatusState;
  dueBy: IsoDate | null;
  rule: Obligation['rule'] | undefined;
  considered: string[];
  events: Obligation[];
  obligationIds: string[];
}

/** The case supervision obligation met most recently on or before the as-of date. */
function lastDiscussion(obligations: readonly Obligation[], asOf: IsoDate) {
  let out: Obligation | undefined;
  for (const o of obligations) {
    if (o.metOn === undefined || o.metOn > asOf) continue;
    if (out === undefined || o.metOn > (out.metOn as IsoDate)) out = o;
  }
  return out;
}

function byDueDate(a: Obligation, b: Obligation): number {
  if (a.dueDate === b.dueDate) return 0;
  if (a.dueDate === null) return 1;
  if (b.dueDate === null) return -1;
  return a.dueDate < b.dueDate ? -1 : 1;
}

/** The row for a child and worker from the child's case and event supervision obligations. */
export function childCaseStatus(
  childId: string,
  workerId: string,
  obligations: readonly Obligation[],
  asOf: IsoDate,
): ChildCaseStatus {
  const ofChild = obligations.filter((o) => o.subject.id === childId);
  const cases = ofChild.filter((o) => o.kind === 'case_supervision');
  const own = cases.filter((o) => o.workerId === workerId);
  const events = ofChild
    .filter(
      (o) =>
        o.kind === 'event_supervision' &&
        isOpen(o.state) &&
        (o.workerId === undefined || o.workerId === workerId),
    )
    .sort(byDueDate);
  const current = earliestOpen(own);
  const ruled = current ?? latestDue(own);
  const discussed = lastDiscussion(cases, asOf);
  const ids = [...own, ...events].map((o) => o.id);
  if (discussed && !ids.includes(discussed.id)) ids.push(discussed.id);
  return {
    childId,
    workerId,
    lastDiscussed: discussed?.metOn ?? null,
    current,
    state: statusState(current, own.length > 0),
    dueBy: current?.dueDate ?? null,
    rule: ruled?.rule,
    considered: [...(ruled?.considered ?? [])],
    events,
    obligationIds: ids,
  };
}
