/** Sorting the dashboard tables on the server, from `?…-sort=` and `?…-order=` links. */
import { compareText } from '../../web/report-table.ts';
import type { ChildRow, PersonRow } from './dashboard-figures.ts';

export type SortSpec = { sort: string; order: string };

// The most pressing first: what is overdue, then due soon, due, up to date, no rule.
const urgency: Record<string, number> = {
  overdue: 0,
  due_soon: 1,
  due: 2,
  up_to_date: 3,
  no_rule: 4,
};

const personKeys: Record<string, (r: PersonRow) => string | number> = {
  name: (r) => r.person.name,
  state: (r) => urgency[r.state] ?? 9,
  due: (r) => r.dueBy ?? '9999',
  last: (r) => r.lastHeld ?? '0000',
  held: (r) => r.heldThisYear,
};

const childKeys: Record<string, (r: ChildRow) => string | number> = {
  name: (r) => r.child.name ?? r.child.caseId,
  worker: (r) => r.worker.name,
  state: (r) => urgency[r.state] ?? 9,
  due: (r) => r.dueBy ?? '9999',
  last: (r) => r.lastDiscussed ?? '0000',
};

/** Rows sorted by a known column (else by state), then by due date, then by name. */
export function sortRows<R extends PersonRow | ChildRow>(
  rows: R[],
  spec: SortSpec,
  type: R extends PersonRow ? 'person' : 'child',
): R[] {
  const keys = (type === 'person' ? personKeys : childKeys) as Record<
    string,
    (r: R) => string | number
  >;
  const key = keys[spec.sort] ?? (keys.state as (r: R) => string | number);
  const due = keys.due as (r: R) => string | number;
  const name = keys.name as (r: R) => string | number;
  const sign = spec.order === 'desc' ? -1 : 1;
  const compare = (a: string | number, b: string | number) =>
    typeof a === 'string' && typeof b === 'string' ? compareText(a, b) : a < b ? -1 : a > b ? 1 : 0;
  return [...rows].sort(
    (a, b) =>
      sign * compare(key(a), key(b)) || compare(due(a), due(b)) || compare(name(a), name(b)),
  );
}
