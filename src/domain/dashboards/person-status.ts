/** One person's row on the staff supervision dashboard. */
import type { IsoDate } from '../calendar/period.ts';
import type { Obligation } from '../compliance/types.ts';
import { earliestOpen, type StatusState, statusState } from './states.ts';

/**
 * A staff member's supervision at a glance. `lastHeld`: the latest held session on or before
 * the as-of date. `current`: the open staff supervision obligation (a rebook after absence
 * included) with the earliest due date; `state` is its state, else 'up_to_date' when the person
 * has staff supervision obligations but none open, else 'no_rule'. `dueBy`: the current
 * obligation's due date. `heldThisYear`: held sessions in the year, up to the as-of date (two
 * sessions on one day count twice). `minimum`: the year's minimum as given.
 * `obligationIds`: every staff supervision obligation behind the row, for the evidence link.
 */
export interface PersonSupervisionStatus {
  staffId: string;
  lastHeld: IsoDate | null;
  nextPlanned: IsoDate | null;
  current: Obligation | undefined;
  state: StatusState;
  dueBy: IsoDate | null;
  heldThisYear: number;
  minimum: number | null;
  obligationIds: string[];
}

function isStaffSupervision(o: Obligation, staffId: string): boolean {
  return (
    (o.kind === 'staff_supervision' || o.kind === 'staff_supervision_rebook') &&
    o.subject.id === staffId
  );
}

/**
 * The row for one person from their obligations (others' and other kinds are ignored), the dates
 * of their held one-to-one (or otherwise counting) sessions in any order, their next planned
 * session, and the yearly minimum their rule asks for.
 */
export function personSupervisionStatus(
  staffId: string,
  obligations: readonly Obligation[],
  heldDates: readonly IsoDate[],
  nextPlanned: IsoDate | null,
  minimum: number | null,
  year: { from: IsoDate; to: IsoDate },
  asOf: IsoDate,
): PersonSupervisionStatus {
  const own = obligations.filter((o) => isStaffSupervision(o, staffId));
  const current = earliestOpen(own);
  let lastHeld: IsoDate | null = null;
  let heldThisYear = 0;
  for (const date of heldDates) {
    if (date > asOf) continue;
    if (lastHeld === null || date > lastHeld) lastHeld = date;
    if (date >= year.from && date <= year.to) heldThisYear++;
  }
  return {
    staffId,
    lastHeld,
    nextPlanned,
    current,
    state: statusState(current, own.length > 0),
    dueBy: current?.dueDate ?? null,
    heldThisYear,
    minimum,
    obligationIds: own.map((o) => o.id),
  };
}
