/**
 * Turns a staff frequency (calendar month, every N, at least N a year, stepped) over a span of
 * time into obligations met by dated evidence. Used for one-to-one supervision and for group
 * attendance, per person or per team.
 */
import type { IsoDate, Period } from '../calendar/period.ts';
import type { AbsenceRule, StaffFrequency } from '../policy/schema.ts';
import type { ObligationKind } from '../policy/vocabulary.ts';
import type { Context, EvidenceList, RuleRef } from './context.ts';
import { noEvidence, obligationId, ruleRef } from './context.ts';
import {
  addDays,
  addMonths,
  alignedWindows,
  daysBetween,
  maxDate,
  minDate,
  monthEnd,
  monthStart,
} from './dates.ts';
import type { Obligation, ObligationSubject } from './types.ts';

export interface FrequencyTarget {
  kind: ObligationKind;
  subject: ObligationSubject;
  rule: RuleRef;
  frequency: StaffFrequency;
  /** The span the rule applies over; `to` is the last day (employment end or rule change). */
  from: IsoDate;
  to: IsoDate | undefined;
  evidence: EvidenceList;
  responsible: (date: IsoDate) => string | null;
  /** For stepped schedules. */
  anchors?: { asye_start?: IsoDate; start_date?: IsoDate; placement_start?: IsoDate };
  /** The person whose absences defer or waive obligations. */
  absentStaffId?: string;
  absenceRules?: readonly AbsenceRule[];
}

/** Share of a count for a part of a window, rounded half up (a whole window keeps the count). */
export function proRata(
  count: number,
  window: { from: IsoDate; to: IsoDate },
  part: { from: IsoDate; to: IsoDate },
): number {
  const whole = daysBetween(window.from, window.to) + 1;
  const share = daysBetween(part.from, part.to) + 1;
  if (share >= whole) return count;
  return Math.floor((count * share) / whole + 0.5);
}

function steppedInterval(
  frequency: Extract<StaffFrequency, { kind: 'stepped' }>,
  anchor: IsoDate,
  date: IsoDate,
): Period {
  const week = Math.floor(daysBetween(anchor, date) / 7);
  for (const step of frequency.steps) {
    if (week >= step.fromWeek && (step.toWeek === undefined || week < step.toWeek))
      return step.every;
  }
  return (frequency.steps[frequency.steps.length - 1] as (typeof frequency.steps)[number]).every;
}

export function evaluateFrequency(ctx: Context, t: FrequencyTarget): Obligation[] {
  const end = t.to === undefined ? ctx.asOf : minDate(t.to, ctx.asOf);
  if (t.from > end) return [];
  switch (t.frequency.kind) {
    case 'calendar_month':
      return calendarMonths(ctx, t, end);
    case 'per_year':
      return perYear(ctx, t, t.frequency.count, t.frequency.basis, end);
    case 'every':
    case 'stepped':
      return chain(ctx, t);
  }
}

function base(
  t: FrequencyTarget,
  due: IsoDate | null,
  from: IsoDate,
  to: IsoDate | null,
): Obligation {
  return {
    id: obligationId([t.kind, t.subject.id, t.rule.id, due ?? from]),
    kind: t.kind,
    subject: t.subject,
    responsibleId: t.responsible(due ?? from),
    dueDate: due,
    window: { from, to },
    state: 'due',
    rule: ruleRef(t.rule),
    evidenceIds: noEvidence,
  };
}

function absentThroughout(ctx: Context, staffId: string | undefined, from: IsoDate, to: IsoDate) {
  if (!staffId) return undefined;
  return (ctx.absencesByStaff.get(staffId) ?? []).find(
    (a) => a.from <= from && (a.to === undefined || a.to >= to),
  );
}

function calendarMonths(ctx: Context, t: FrequencyTarget, end: IsoDate): Obligation[] {
  const out: Obligation[] = [];
  for (let m = monthStart(t.from); m <= end; m = addMonths(m, 1)) {
    const from = maxDate(m, t.from);
    const to = t.to === undefined ? monthEnd(m) : minDate(monthEnd(m), t.to);
    const o = base(t, to, from, to);
    const i = t.evidence.firstFrom(from, minDate(to, ctx.asOf));
    if (i >= 0) {
      o.metOn = t.evidence.dates[i] as IsoDate;
      o.evidenceIds = [t.evidence.ids[i] as string];
      o.state = 'met';
    } else {
      const absence = absentThroughout(ctx, t.absentStaffId, from, to);
      if (absence) {
        o.state = 'waived';
        o.reason = `absent (${absence.kind}) from ${absence.from}${absence.to ? ` to ${absence.to}` : ''}`;
      } else o.state = ctx.stateOf(to, undefined);
    }
    out.push(o);
  }
  return out;
}

export function yearWindows(
  basis: 'financial' | 'calendar' | 'rolling',
  from: IsoDate,
  end: IsoDate,
  asOf: IsoDate,
) {
  if (basis === 'rolling') {
    const windowFrom = addDays(addMonths(asOf, -12), 1);
    return [{ from: windowFrom, to: asOf }];
  }
  return alignedWindows(from, end, 12, basis === 'financial' ? 4 : 1);
}

function perYear(
  ctx: Context,
  t: FrequencyTarget,
  count: number,
  basis: 'financial' | 'calendar' | 'rolling',
  end: IsoDate,
): Obligation[] {
  const out: Obligation[] = [];
  for (const window of yearWindows(basis, t.from, end, ctx.asOf)) {
    const part = {
      from: maxDate(window.from, t.from),
      to: t.to === undefined ? window.to : minDate(window.to, t.to),
    };
    if (part.from > part.to) continue;
    const required = basis === 'rolling' ? count : proRata(count, window, part);
    const o = base(t, part.to, part.from, part.to);
    o.required = required;
    const found = t.evidence.range(part.from, minDate(part.to, ctx.asOf));
    o.counted = found.length;
    o.evidenceIds = found.map((i) => t.evidence.ids[i] as string);
    if (required === 0) {
      o.state = 'not_applicable';
      o.reason = 'too little of the year in the period for a pro-rata count';
    } else if (found.length >= required) {
      o.metOn = t.evidence.dates[found[required - 1] as number] as IsoDate;
      o.state = 'met';
    } else o.state = ctx.stateOf(part.to, undefined);
    out.push(o);
  }
  return out;
}

function chain(ctx: Context, t: FrequencyTarget): Obligation[] {
  const out: Obligation[] = [];
  const frequency = t.frequency;
  const intervalAt = (date: IsoDate): Period => {
    if (frequency.kind === 'every') return frequency.period;
    if (frequency.kind === 'stepped') {
      const anchor = t.anchors?.[frequency.since] ?? t.from;
      return steppedInterval(frequency, anchor, date);
    }
    throw new Error('not a chain frequency');
  };
  const prior = t.evidence.lastBefore(t.from);
  let last = prior >= 0 ? (t.evidence.dates[prior] as IsoDate) : t.from;
  let windowFrom = prior >= 0 ? addDays(last, 1) : t.from;
  for (let guard = 0; guard < 10_000; guard++) {
    let due = ctx.addPeriod(last, intervalAt(last));
    if (t.to !== undefined && due > t.to) break;
    let reason: string | undefined;
    const absence = t.absentStaffId ? ctx.absenceOn(t.absentStaffId, due) : undefined;
    if (absence) {
      const back = ctx.returnDay(absence);
      if (back === undefined || back > ctx.asOf) {
        const o = base(t, due, windowFrom, due);
        o.state = 'waived';
        o.reason = `absent (${absence.kind}) from ${absence.from}${absence.to ? ` to ${absence.to}` : ''}`;
        out.push(o);
        break;
      }
      const rule = t.absenceRules?.find((r) => r.kinds.includes(absence.kind));
      due = rule ? ctx.addPeriod(back, rule.rebookWithin) : back;
      reason = `due date moved: absent (${absence.kind}) from ${absence.from} to ${absence.to}`;
    }
    const o = base(t, due, windowFrom, due);
    if (reason) o.reason = reason;
    const i = t.evidence.firstFrom(last, ctx.asOf, true);
    out.push(o);
    if (i < 0) {
      o.state = ctx.stateOf(due, undefined);
      break;
    }
    const metOn = t.evidence.dates[i] as IsoDate;
    o.metOn = metOn;
    o.evidenceIds = [t.evidence.ids[i] as string];
    o.state = ctx.stateOf(due, metOn);
    last = metOn;
    windowFrom = addDays(metOn, 1);
    if (t.to !== undefined && last > t.to) break;
  }
  return out;
}
