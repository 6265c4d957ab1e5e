/**
 * The forward planner: which frequency governs a supervisee (the policy pack's rule for them,
 * or their signed agreement's agreed frequency when that is more frequent), where the year ahead
 * falls short of it (gaps), and the dates that would close each gap: on working days (no
 * weekends or bank holidays), when neither person is known to be away, on days without another
 * session.
 */
import type { BundleStaff } from '../bundle/schema.ts';
import { dateInWords, monthInWords } from '../calendar/date-words.ts';
import {
  addDays,
  addMonths,
  daysBetween,
  lastDayOfMonth,
  yearWindow,
} from '../calendar/iso-date.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import type { Context } from '../compliance/context.ts';
import { frequencyDays, selectStaffRule } from '../compliance/staff-supervision.ts';
import type { CalendarPort } from '../compliance/types.ts';
import type { StaffFrequency, StaffSupervisionRule } from '../policy/schema.ts';

/** The frequency that governs a supervisee's one-to-one supervision, and where it comes from. */
export type Governing = {
  frequency: StaffFrequency;
  source: 'pack' | 'agreement';
  /** The pack's rule for them, if any: its minimum length applies either way. */
  rule: StaffSupervisionRule | undefined;
  /** The agreement's frequency, when it was given but is less frequent than the pack's. */
  agreedBelowPack?: Period;
};

/** The pack's rule for a staff member (bundle ids) on a date: most specific, then most frequent. */
export function packRuleFor(
  ctx: Context,
  staff: BundleStaff,
  date: IsoDate,
): StaffSupervisionRule | undefined {
  return selectStaffRule(ctx, ctx.pack.staffSupervision, staff, date)?.rule;
}

/**
 * The agreement may ask for more supervision than the pack's minimum, never less: the more
 * frequent of the two governs (the pack on a tie, so its source is cited).
 */
export function governingFrequency(
  rule: StaffSupervisionRule | undefined,
  agreed: Period | null | undefined,
): Governing | undefined {
  if (!agreed) return rule ? { frequency: rule.frequency, source: 'pack', rule } : undefined;
  const fromAgreement: StaffFrequency = { kind: 'every', period: agreed };
  if (!rule || frequencyDays(fromAgreement) < frequencyDays(rule.frequency))
    return { frequency: fromAgreement, source: 'agreement', rule };
  return {
    frequency: rule.frequency,
    source: 'pack',
    rule,
    ...(frequencyDays(fromAgreement) > frequencyDays(rule.frequency)
      ? { agreedBelowPack: agreed }
      : {}),
  };
}

const unitWords: Record<Period['unit'], [string, string]> = {
  days: ['day', 'days'],
  working_days: ['working day', 'working days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
};

/** 'every 4 weeks', 'every week'. */
export function periodWords(period: Period): string {
  const [one, many] = unitWords[period.unit];
  return period.count === 1 ? `every ${one}` : `every ${period.count} ${many}`;
}

const basisWords = {
  financial: 'a year (April to March)',
  calendar: 'a calendar year',
  rolling: 'in any 12 months',
} as const;

/** A frequency in the words the planner shows. */
export function frequencyWords(frequency: StaffFrequency): string {
  switch (frequency.kind) {
    case 'calendar_month':
      return 'once in each calendar month';
    case 'every':
      return periodWords(frequency.period);
    case 'per_year':
      return `${frequency.count} ${basisWords[frequency.basis]}`;
    case 'stepped': {
      const since = frequency.since.replace('_', ' ').replace('asye', 'ASYE');
      return frequency.steps
        .map((step) =>
          step.toWeek === undefined
            ? `${periodWords(step.every)} from week ${step.fromWeek}`
            : `${periodWords(step.every)} in weeks ${step.fromWeek} to ${step.toWeek - 1}`,
        )
        .join(', then ')
        .concat(` (counted from the ${since})`);
    }
  }
}

/** A stretch of the year ahead that falls short of the frequency, and the dates proposed. */
export type Gap = {
  from: IsoDate;
  to: IsoDate;
  description: string;
  proposed: IsoDate[];
  /** Sessions the gap needs that found no free working day. */
  unplaced: number;
};

export type PlanInput = {
  frequency: StaffFrequency;
  /** The first and last day to plan, inclusive (usually tomorrow to a year from today). */
  from: IsoDate;
  to: IsoDate;
  /** Dates of the supervisee's sessions that count (held, and planned), before and after from. */
  sessions: readonly IsoDate[];
  /** Whether a session can go on a day: a working day, nobody away, no other session. */
  available: (date: IsoDate) => boolean;
  calendar: Pick<CalendarPort, 'addPeriod'>;
  /** For a stepped frequency: the dates it counts weeks from. */
  anchors?: Partial<Record<'asye_start' | 'start_date' | 'placement_start', IsoDate>>;
  /** For a count per year: a part year since starting needs only a pro-rata share. */
  startDate?: IsoDate | undefined;
};

export type Plan = { gaps: Gap[]; proposals: IsoDate[] };

/** Finds a free day from `target` within [lo, hi], searching the preferred way first. */
function nearestFree(
  target: IsoDate,
  lo: IsoDate,
  hi: IsoDate,
  free: (date: IsoDate) => boolean,
  prefer: 'earlier' | 'later',
): IsoDate | undefined {
  if (lo > hi) return undefined;
  const span = daysBetween(lo, hi);
  const first = prefer === 'later' ? 1 : -1;
  for (let step = 0; step <= span; step++) {
    for (const direction of step === 0 ? [1] : [first, -first]) {
      const date = addDays(target, step * direction);
      if (date >= lo && date <= hi && free(date)) return date;
    }
  }
  return undefined;
}

/** Whole weeks since the anchor decide the interval of a stepped frequency. */
function steppedInterval(
  frequency: Extract<StaffFrequency, { kind: 'stepped' }>,
  anchor: IsoDate,
  date: IsoDate,
): Period {
  const week = Math.floor(daysBetween(anchor, date) / 7);
  const step =
    frequency.steps.find(
      (s) => week >= s.fromWeek && (s.toWeek === undefined || week < s.toWeek),
    ) ?? frequency.steps[frequency.steps.length - 1]!;
  return step.every;
}

/** Plans the year ahead: the gaps against the frequency and a date for each session missing. */
export function planYear(input: PlanInput): Plan {
  const sessions = [...new Set(input.sessions)].sort();
  const taken = new Set<IsoDate>(sessions);
  const free = (date: IsoDate) => !taken.has(date) && input.available(date);
  const gaps = gapsFor(input, sessions, free, (date) => taken.add(date));
  return { gaps, proposals: gaps.flatMap((gap) => gap.proposed).sort() };
}

type Free = (date: IsoDate) => boolean;
type Take = (date: IsoDate) => void;

function gapsFor(input: PlanInput, sessions: IsoDate[], free: Free, take: Take): Gap[] {
  const { frequency } = input;
  if (input.from > input.to) return [];
  switch (frequency.kind) {
    case 'calendar_month':
      return calendarMonths(input, sessions, free, take);
    case 'every':
      return chain(input, sessions, free, take, () => frequency.period);
    case 'stepped': {
      const anchor = input.anchors?.[frequency.since] ?? input.startDate ?? input.from;
      return chain(input, sessions, free, take, (last) => steppedInterval(frequency, anchor, last));
    }
    case 'per_year':
      if (frequency.basis === 'rolling') {
        const period: Period = { unit: 'days', count: Math.floor(365 / frequency.count) };
        return chain(input, sessions, free, take, () => period);
      }
      return perYear(input, frequency.count, frequency.basis, sessions, free, take);
  }
}

/** One session in each calendar month, near the day of the month of the one before. */
function calendarMonths(input: PlanInput, sessions: IsoDate[], free: Free, take: Take): Gap[] {
  const gaps: Gap[] = [];
  let previous = [...sessions].reverse().find((d) => d < input.from);
  for (let month = `${input.from.slice(0, 7)}-01`; month <= input.to; month = addMonths(month, 1)) {
    const end = lastDayOfMonth(month);
    const inMonth = sessions.filter((d) => d >= month && d <= end);
    if (inMonth.length > 0) {
      previous = inMonth[inMonth.length - 1];
      continue;
    }
    const lo = input.from > month ? input.from : month;
    const hi = input.to < end ? input.to : end;
    const day = Number((previous ?? input.from).slice(8, 10));
    const wanted = `${month.slice(0, 8)}${String(Math.min(day, Number(end.slice(8, 10)))).padStart(2, '0')}`;
    const target = wanted < lo ? lo : wanted > hi ? hi : wanted;
    const pick = nearestFree(target, lo, hi, free, 'later');
    if (pick) take(pick);
    gaps.push({
      from: month,
      to: end,
      description: `No session in ${monthInWords(month)}`,
      proposed: pick ? [pick] : [],
      unplaced: pick ? 0 : 1,
    });
    previous = pick ?? previous;
  }
  return gaps;
}

/**
 * Rolling: the next is due one interval after the last. A gap proposes the latest free day on
 * or before the due date (so the same weekday as the last, for weeks), or the first after it.
 */
function chain(
  input: PlanInput,
  sessions: IsoDate[],
  free: Free,
  take: Take,
  intervalAfter: (last: IsoDate) => Period,
): Gap[] {
  const gaps: Gap[] = [];
  const after = (date: IsoDate) => sessions.find((d) => d > date);
  let last = [...sessions].reverse().find((d) => d < input.from);
  if (last === undefined) {
    const first = after(addDays(input.from, -1));
    if (first !== undefined) last = first;
    else {
      const pick = nearestFree(input.from, input.from, input.to, free, 'later');
      if (pick) take(pick);
      gaps.push({
        from: input.from,
        to: input.from,
        description: 'No session on record: the first is due as soon as possible',
        proposed: pick ? [pick] : [],
        unplaced: pick ? 0 : 1,
      });
      if (!pick) return gaps;
      last = pick;
    }
  }
  for (let guard = 0; guard < 1000; guard++) {
    const due = input.calendar.addPeriod(last, intervalAfter(last));
    if (due > input.to) break;
    const next = after(last);
    if (next !== undefined && next <= due) {
      last = next;
      continue;
    }
    const until = next === undefined ? input.to : addDays(next, -1);
    let pick: IsoDate | undefined;
    if (due < input.from) pick = nearestFree(input.from, input.from, until, free, 'later');
    else {
      const lo = addDays(last, 1) > input.from ? addDays(last, 1) : input.from;
      pick =
        nearestFree(due, lo, due, free, 'earlier') ??
        nearestFree(addDays(due, 1), addDays(due, 1), until, free, 'later');
    }
    if (pick) take(pick);
    gaps.push({
      from: addDays(last, 1),
      to: due,
      description:
        due >= input.from
          ? `Nothing planned between ${dateInWords(addDays(last, 1))} and ${dateInWords(due)}`
          : next === undefined
            ? `Overdue since ${dateInWords(due)}: nothing planned`
            : `Overdue since ${dateInWords(due)}: nothing planned before ${dateInWords(next)}`,
      proposed: pick ? [pick] : [],
      unplaced: pick ? 0 : 1,
    });
    last = pick ?? due;
  }
  return gaps;
}

const yearWords = (from: IsoDate, to: IsoDate) => `${monthInWords(from)} to ${monthInWords(to)}`;

/**
 * A count in each financial or calendar year. Within the horizon the year needs its share
 * of the count by the horizon's end; the missing sessions are spread evenly between those
 * already held or planned.
 */
function perYear(
  input: PlanInput,
  count: number,
  basis: 'financial' | 'calendar',
  sessions: IsoDate[],
  free: Free,
  take: Take,
): Gap[] {
  const gaps: Gap[] = [];
  for (
    let window = yearWindow(input.from, basis);
    window.start <= input.to;
    window = yearWindow(addDays(window.end, 1), basis)
  ) {
    const yearDays = daysBetween(window.start, window.end) + 1;
    const started =
      input.startDate && input.startDate > window.start ? input.startDate : window.start;
    if (started > window.end) continue;
    const required = Math.floor((count * (daysBetween(started, window.end) + 1)) / yearDays + 0.5);
    const horizon = input.to < window.end ? input.to : window.end;
    const byHorizon =
      horizon === window.end
        ? required
        : Math.floor(
            (required * (daysBetween(started, horizon) + 1)) /
              (daysBetween(started, window.end) + 1) +
              0.5,
          );
    const inYear = sessions.filter((d) => d >= window.start && d <= horizon);
    const missing = byHorizon - inYear.length;
    if (missing <= 0) continue;
    const lo = input.from > window.start ? input.from : window.start;
    const placed = spread(lo, horizon, missing, inYear, free);
    for (const date of placed) take(date);
    gaps.push({
      from: window.start,
      to: window.end,
      description: `${inYear.length} of ${required} held or planned in ${yearWords(window.start, window.end)}${
        horizon === window.end ? '' : ` (${byHorizon} due by ${dateInWords(horizon)})`
      }`,
      proposed: placed,
      unplaced: missing - placed.length,
    });
  }
  return gaps;
}

/**
 * Places `n` dates in [lo, hi] as evenly as the fixed dates allow: each goes to the stretch
 * that would leave the longest spacing, then to the nearest free day.
 */
function spread(lo: IsoDate, hi: IsoDate, n: number, fixed: IsoDate[], free: Free): IsoDate[] {
  const points = [addDays(lo, -1), ...fixed.filter((d) => d >= lo && d <= hi), addDays(hi, 1)];
  const stretches = points.slice(1).map((end, i) => ({
    start: points[i]!,
    length: daysBetween(points[i]!, end),
    slots: 0,
  }));
  for (let k = 0; k < n; k++) {
    let best = stretches[0]!;
    for (const s of stretches)
      if (s.length / (s.slots + 2) > best.length / (best.slots + 2)) best = s;
    best.slots += 1;
  }
  const out: IsoDate[] = [];
  const chosen = new Set<IsoDate>();
  const open = (date: IsoDate) => !chosen.has(date) && free(date);
  for (const s of stretches) {
    for (let j = 1; j <= s.slots; j++) {
      const target = addDays(s.start, Math.round((s.length * j) / (s.slots + 1)));
      const pick = nearestFree(target, lo, hi, open, 'earlier');
      if (pick) {
        chosen.add(pick);
        out.push(pick);
      }
    }
  }
  return out.sort();
}
