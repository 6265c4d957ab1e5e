/** How long open actions have been open. */
import type { IsoDate } from '../calendar/period.ts';
import { daysBetween } from '../compliance/dates.ts';
import type { Obligation } from '../compliance/types.ts';
import { isOpen } from './states.ts';

/** Whole days from a date to the as-of date (0 on the day itself). */
export function ageInDays(from: IsoDate, asOf: IsoDate): number {
  return daysBetween(from, asOf);
}

/** Age bands in days since the action was set: under 28, 28–90, 91–182, over 182. */
export const actionAgeBands = [
  { band: 'under_4_weeks', label: 'Under 4 weeks', upToDays: 27 },
  { band: '1_to_3_months', label: '1 to 3 months', upToDays: 90 },
  { band: '3_to_6_months', label: '3 to 6 months', upToDays: 182 },
  { band: 'over_6_months', label: 'Over 6 months', upToDays: Number.POSITIVE_INFINITY },
] as const;

export type ActionAgeBand = (typeof actionAgeBands)[number]['band'];

/**
 * Open actions (due, due soon or overdue) set this long ago, counted by the days from the date
 * the action was set to the as-of date; `overdue`: those of them past their due date.
 */
export interface AgeingBand {
  band: ActionAgeBand;
  label: string;
  open: number;
  overdue: number;
  obligationIds: string[];
}

/** The four bands, youngest first, and the date the oldest open action was set (null if none). */
export interface ActionAgeing {
  bands: AgeingBand[];
  oldestOpen: IsoDate | null;
}

function bandIndex(days: number): number {
  const i = actionAgeBands.findIndex((b) => days <= b.upToDays);
  return i < 0 ? actionAgeBands.length - 1 : i;
}

/** Open actions by how long ago they were set; obligations of other kinds are ignored. */
export function actionAgeing(obligations: readonly Obligation[], asOf: IsoDate): ActionAgeing {
  const bands: AgeingBand[] = actionAgeBands.map((b) => ({
    band: b.band,
    label: b.label,
    open: 0,
    overdue: 0,
    obligationIds: [],
  }));
  let oldestOpen: IsoDate | null = null;
  for (const o of obligations) {
    if (o.kind !== 'action' || !isOpen(o.state)) continue;
    const set = o.window.from;
    const figures = bands[bandIndex(ageInDays(set, asOf))] as AgeingBand;
    figures.open++;
    if (o.state === 'overdue') figures.overdue++;
    figures.obligationIds.push(o.id);
    if (oldestOpen === null || set < oldestOpen) oldestOpen = set;
  }
  return { bands, oldestOpen };
}
