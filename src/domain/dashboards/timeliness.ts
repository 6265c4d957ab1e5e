/** How many obligations that fell due in a period were met on time. */
import type { IsoDate } from '../calendar/period.ts';
import { minDate } from '../compliance/dates.ts';
import type { Obligation } from '../compliance/types.ts';
import { isOpen } from './states.ts';

/**
 * Of the obligations whose due date falls in a period (never past the as-of date):
 * `due` counts those that fell due, waived and not applicable ones excluded, and is split
 * exactly into `metOnTime` (met on or before the due date), `metLate` (met after it) and
 * `notMet` (still open on the as-of date, including any due on the as-of date itself);
 * `waived` and `notApplicable` are counted beside, never in the rate;
 * `rate` = metOnTime / due, a fraction from 0 to 1, or null when nothing fell due.
 */
export interface Timeliness {
  due: number;
  metOnTime: number;
  metLate: number;
  notMet: number;
  waived: number;
  notApplicable: number;
  rate: number | null;
}

export function emptyTimeliness(): Timeliness {
  return { due: 0, metOnTime: 0, metLate: 0, notMet: 0, waived: 0, notApplicable: 0, rate: null };
}

/** Adds one obligation to the figures (the caller has checked its due date is in the period). */
export function tallyTimeliness(t: Timeliness, o: Obligation): void {
  if (o.state === 'waived') t.waived++;
  else if (o.state === 'not_applicable') t.notApplicable++;
  else {
    t.due++;
    if (o.state === 'met') t.metOnTime++;
    else if (o.state === 'met_late') t.metLate++;
    else if (isOpen(o.state)) t.notMet++;
  }
}

/** Sets the rate once all obligations are tallied. */
export function finishTimeliness(t: Timeliness): Timeliness {
  t.rate = t.due === 0 ? null : t.metOnTime / t.due;
  return t;
}

/**
 * Timeliness of the obligations due from `from` to `to` inclusive, the period cut at the as-of
 * date; obligations with no due date are left out.
 */
export function timeliness(
  obligations: readonly Obligation[],
  from: IsoDate,
  to: IsoDate,
  asOf: IsoDate,
): Timeliness {
  const end = minDate(to, asOf);
  const t = emptyTimeliness();
  for (const o of obligations) {
    if (o.dueDate !== null && o.dueDate >= from && o.dueDate <= end) tallyTimeliness(t, o);
  }
  return finishTimeliness(t);
}
