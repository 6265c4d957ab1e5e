/** Month-by-month timeliness and overdue figures for trend charts. */
import type { IsoDate } from '../calendar/period.ts';
import { addMonths, minDate, monthEnd, monthStart } from '../compliance/dates.ts';
import type { Obligation } from '../compliance/types.ts';
import { isCounted } from './states.ts';
import {
  emptyTimeliness,
  finishTimeliness,
  type Timeliness,
  tallyTimeliness,
} from './timeliness.ts';

const shortMonths = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** '2026-03-01' → 'Mar 2026'. */
export function shortMonthLabel(date: IsoDate): string {
  return `${shortMonths[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/**
 * One calendar month of a trend: `month` 'YYYY-MM', `from` its first day, `to` its last day
 * (the as-of date for the current month), `label` 'Mar 2026', the timeliness of obligations due
 * from `from` to `to`, and `overdueAtEnd`: obligations due before `to` that were not met by the
 * end of `to` (never met, or met later), waived and not applicable ones excluded. An obligation
 * due on `to` itself is not yet overdue then, as the engine says on its due date.
 */
export interface MonthPoint extends Timeliness {
  month: string;
  from: IsoDate;
  to: IsoDate;
  label: string;
  overdueAtEnd: number;
}

/** The empty months of a trend, oldest first, the last being the month of the as-of date. */
function trendMonths(asOf: IsoDate, months: number): MonthPoint[] {
  const out: MonthPoint[] = [];
  const current = monthStart(asOf);
  for (let i = months - 1; i >= 0; i--) {
    const from = addMonths(current, -i);
    out.push({
      month: from.slice(0, 7),
      from,
      to: minDate(monthEnd(from), asOf),
      label: shortMonthLabel(from),
      ...emptyTimeliness(),
      overdueAtEnd: 0,
    });
  }
  return out;
}

function countOverdueAtEnds(points: MonthPoint[], o: Obligation, due: IsoDate): void {
  for (const p of points) {
    if (due < p.to && (o.metOn === undefined || o.metOn > p.to)) p.overdueAtEnd++;
  }
}

/**
 * Timeliness and overdue counts for each of the last `months` calendar months, oldest first,
 * ending with the month of the as-of date (cut at the as-of date). Computed in one pass from a
 * single evaluation at the as-of date: each month shows what is known now about that month
 * (late meetings, waivers and corrections made since included), not what the system showed at
 * the time. Obligations the evaluation left out (before its `from`) are missing here too.
 */
export function monthlyTrend(
  obligations: readonly Obligation[],
  asOf: IsoDate,
  months = 12,
): MonthPoint[] {
  if (months < 1) return [];
  const points = trendMonths(asOf, Math.floor(months));
  const index = new Map(points.map((p, i) => [p.month, i]));
  const first = points[0] as MonthPoint;
  const last = points[points.length - 1] as MonthPoint;
  for (const o of obligations) {
    const due = o.dueDate;
    if (due === null) continue;
    const i = index.get(due.slice(0, 7));
    const point = i === undefined ? undefined : (points[i] as MonthPoint);
    if (point && due <= point.to) tallyTimeliness(point, o);
    if (!isCounted(o.state) || due >= last.to) continue;
    if (o.metOn !== undefined && o.metOn <= first.to) continue;
    countOverdueAtEnds(points, o, due);
  }
  for (const p of points) finishTimeliness(p);
  return points;
}
