/** The words the dashboards use about obligation states, and the row state of a status table. */
import type { Obligation, ObligationState } from '../compliance/types.ts';

export type OpenState = 'due' | 'due_soon' | 'overdue';

/** Open: owed and not yet met (due, due soon or overdue). */
export function isOpen(state: ObligationState): state is OpenState {
  return state === 'due' || state === 'due_soon' || state === 'overdue';
}

/** Counted in rates: everything except waived and not applicable. */
export function isCounted(state: ObligationState): boolean {
  return state !== 'waived' && state !== 'not_applicable';
}

/** A status row: its earliest open obligation's state, up to date, or no rule applies. */
export type StatusState = OpenState | 'up_to_date' | 'no_rule';

/** Orders by due date, open-ended (null) last. */
function dueBefore(a: Obligation, b: Obligation): boolean {
  if (a.dueDate === b.dueDate) return false;
  if (a.dueDate === null) return false;
  if (b.dueDate === null) return true;
  return a.dueDate < b.dueDate;
}

/** The open obligation with the earliest due date (the first given on a tie), or undefined. */
export function earliestOpen(obligations: readonly Obligation[]): Obligation | undefined {
  let out: Obligation | undefined;
  for (const o of obligations) {
    if (isOpen(o.state) && (out === undefined || dueBefore(o, out))) out = o;
  }
  return out;
}

/** The obligation with the latest due date (the last given on a tie), or undefined. */
export function latestDue(obligations: readonly Obligation[]): Obligation | undefined {
  let out: Obligation | undefined;
  for (const o of obligations) if (out === undefined || !dueBefore(o, out)) out = o;
  return out;
}

/** A row's state: the current obligation's, else up to date if any obligation exists. */
export function statusState(current: Obligation | undefined, any: boolean): StatusState {
  if (current) return current.state as OpenState;
  return any ? 'up_to_date' : 'no_rule';
}
