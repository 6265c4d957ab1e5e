/**
 * The agreed frequency of one-to-one supervision, and the floor the policy pack puts under it:
 * a pair may agree to meet more often than the pack's minimum for the supervisee's role, never
 * less often (DESIGN A22: "store the agreed cadence per agreement, with the policy minimum as a
 * floor"). The rule is chosen exactly as the compliance engine chooses it.
 */

import type { BundleRelationship, BundleStaff } from '../bundle/schema.ts';
import { addDays, addMonths, daysBetween } from '../calendar/iso-date.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import { staffContext } from '../compliance/context.ts';
import { selectStaffRule } from '../compliance/staff-supervision.ts';
import type { CalendarPort } from '../compliance/types.ts';
import type { PolicyPack, RuleSource, StaffFrequency } from '../policy/schema.ts';
import type { TeamType } from '../policy/vocabulary.ts';

/** "Once every N days, weeks or months": how the agreements on the seeds' forms say it. */
export const agreedFrequencyUnits = ['days', 'weeks', 'months'] as const;
export type AgreedFrequencyUnit = (typeof agreedFrequencyUnits)[number];
export type AgreedFrequency = { unit: AgreedFrequencyUnit; count: number };

/** At least once a year, whatever the unit. */
export const agreedFrequencyLimits: Record<AgreedFrequencyUnit, number> = {
  days: 366,
  weeks: 52,
  months: 12,
};

const unitWords: Record<AgreedFrequencyUnit, [string, string]> = {
  days: ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
};

/** "every week", "every 4 weeks". */
export function describeAgreedFrequency(agreed: AgreedFrequency): string {
  const [one, many] = unitWords[agreed.unit];
  return agreed.count === 1 ? `every ${one}` : `every ${agreed.count} ${many}`;
}

/** Checks the shape of an agreed frequency (from a form or the API). */
export function parseAgreedFrequency(
  input: unknown,
): { ok: true; value: AgreedFrequency } | { ok: false; problem: string } {
  if (!input || typeof input !== 'object')
    return {
      ok: false,
      problem: 'Enter how often you will meet, as a number of days, weeks or months',
    };
  const { unit, count } = input as Record<string, unknown>;
  if (!agreedFrequencyUnits.includes(unit as AgreedFrequencyUnit))
    return { ok: false, problem: 'Select days, weeks or months for how often you will meet' };
  const max = agreedFrequencyLimits[unit as AgreedFrequencyUnit];
  if (typeof count !== 'number' || !Number.isInteger(count))
    return { ok: false, problem: 'How often you will meet must be a whole number' };
  if (count < 1 || count > max)
    return {
      ok: false,
      problem: `How often you will meet must be between 1 and ${max} ${unitWords[unit as AgreedFrequencyUnit][1]}`,
    };
  return { ok: true, value: { unit: unit as AgreedFrequencyUnit, count } };
}

/** What the rule matching needs to know about a supervisee on a day. */
export type SuperviseeFacts = {
  staff: BundleStaff;
  teamType?: TeamType | undefined;
  /** Relationships in which the supervisee supervises others, with whether each holds cases. */
  supervises: { relationship: BundleRelationship; superviseeCaseHolding: boolean }[];
};

/** The minimum the pack sets for this person on the day, in force for the agreement. */
export type FrequencyFloor = {
  rule: { id: string; source: RuleSource; note?: string | undefined };
  /** Other rules that matched and lost to the governing one (more specific, then more frequent). */
  considered: string[];
  requirement:
    | { kind: 'interval'; period: Period }
    | { kind: 'per_year'; count: number; basis: 'financial' | 'calendar' | 'rolling' };
  /** The minimum in words: "every 2 weeks (weeks 6 to 26 of the ASYE)". */
  words: string;
};

/** A context over just this person and the people they supervise. */
function contextFor(pack: PolicyPack, facts: SuperviseeFacts, on: IsoDate, calendar: CalendarPort) {
  const { staff } = facts;
  const others: BundleStaff[] = facts.supervises.map(({ relationship, superviseeCaseHolding }) => ({
    id: relationship.superviseeId,
    name: relationship.superviseeId,
    roleCategory: 'social_worker',
    caseHolding: superviseeCaseHolding,
    contractedHours: 37,
    startDate: relationship.from,
  }));
  return staffContext(
    {
      orgUnits:
        staff.teamId === undefined
          ? []
          : [{ id: staff.teamId, kind: 'team', name: 'team', teamType: facts.teamType }],
      staff: [staff, ...others.filter((other) => other.id !== staff.id)],
      relationships: facts.supervises.map((s) => s.relationship),
    },
    pack,
    on,
    calendar,
  );
}

const stepAnchorWords = {
  asye_start: 'of the ASYE',
  start_date: 'in post',
  placement_start: 'of the placement',
} as const;

const basisWords = {
  financial: 'April to March',
  calendar: 'January to December',
  rolling: 'in any 12 months',
} as const;

function periodWords(period: Period): string {
  if (period.unit === 'working_days')
    return period.count === 1 ? 'every working day' : `every ${period.count} working days`;
  return describeAgreedFrequency(period as AgreedFrequency);
}

function requirementOf(
  frequency: StaffFrequency,
  staff: BundleStaff,
  on: IsoDate,
): Pick<FrequencyFloor, 'requirement' | 'words'> {
  switch (frequency.kind) {
    case 'calendar_month':
      return {
        requirement: { kind: 'interval', period: { unit: 'months', count: 1 } },
        words: 'at least once every calendar month',
      };
    case 'every':
      return {
        requirement: { kind: 'interval', period: frequency.period },
        words: periodWords(frequency.period),
      };
    case 'per_year':
      return {
        requirement: { kind: 'per_year', count: frequency.count, basis: frequency.basis },
        words: `at least ${frequency.count} times a year (${basisWords[frequency.basis]})`,
      };
    case 'stepped': {
      const anchor =
        frequency.since === 'asye_start'
          ? staff.asyeStartDate
          : frequency.since === 'placement_start'
            ? staff.placementStartDate
            : staff.startDate;
      const week = anchor === undefined ? 0 : Math.max(0, Math.floor(daysBetween(anchor, on) / 7));
      const step =
        frequency.steps.find(
          (s) => week >= s.fromWeek && (s.toWeek === undefined || week < s.toWeek),
        ) ?? (frequency.steps[frequency.steps.length - 1] as (typeof frequency.steps)[number]);
      const weeks =
        step.toWeek === undefined
          ? `from week ${step.fromWeek}`
          : `weeks ${step.fromWeek} to ${step.toWeek}`;
      return {
        requirement: { kind: 'interval', period: step.every },
        words: `${periodWords(step.every)} (${weeks} ${stepAnchorWords[frequency.since]})`,
      };
    }
  }
}

/**
 * The pack's minimum for the supervisee on the day, or undefined when no rule covers them
 * (then any agreed frequency stands). A stepped rule gives the step in force on the day.
 */
export function frequencyFloor(
  pack: PolicyPack,
  facts: SuperviseeFacts,
  on: IsoDate,
  calendar: CalendarPort,
): FrequencyFloor | undefined {
  const ctx = contextFor(pack, facts, on, calendar);
  const selected = selectStaffRule(ctx, pack.staffSupervision, facts.staff, on);
  if (!selected) return undefined;
  const { rule, considered } = selected;
  return {
    rule: {
      id: rule.id,
      source: rule.source,
      ...(rule.note === undefined ? {} : { note: rule.note }),
    },
    considered,
    ...requirementOf(rule.frequency, facts.staff, on),
  };
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The fewest and the most days `months` consecutive calendar months can span. */
function monthSpan(months: number): { fewest: number; most: number } {
  let fewest = Number.POSITIVE_INFINITY;
  let most = 0;
  for (let start = 0; start < 12; start++) {
    let days = 0;
    let februaries = 0;
    for (let i = start; i < start + months; i++) {
      days += monthLengths[i % 12] as number;
      if (i % 12 === 1) februaries++;
    }
    fewest = Math.min(fewest, days);
    // In the worst case every February in the span is a leap one (one in four at most).
    most = Math.max(most, days + Math.min(februaries, Math.ceil(februaries / 4)));
  }
  return { fewest, most };
}

/** The fewest calendar days a period can be (a month can be 28 days; 5 working days, 7). */
export function fewestDays(period: Period): number {
  switch (period.unit) {
    case 'days':
      return period.count;
    case 'weeks':
      return period.count * 7;
    case 'months':
      return monthSpan(period.count).fewest;
    case 'working_days':
      // Weekends only lengthen it; bank holidays more so.
      return period.count + 2 * Math.floor(period.count / 5);
  }
}

/** The most calendar days an agreed interval can be (a month can be 31 days). */
export function mostDays(agreed: AgreedFrequency): number {
  switch (agreed.unit) {
    case 'days':
      return agreed.count;
    case 'weeks':
      return agreed.count * 7;
    case 'months':
      return monthSpan(agreed.count).most;
  }
}

/** How many sessions a year meeting at this interval gives, at the least. */
export function sessionsAYear(agreed: AgreedFrequency): number {
  if (agreed.unit === 'months') return Math.floor(12 / agreed.count);
  return Math.floor(365 / mostDays(agreed));
}

/**
 * Whether meeting at the agreed interval always meets the requirement: the agreed interval is
 * never longer than the required one, however the months fall (so "every month" does not meet
 * "every 4 weeks", and "every 4 weeks" meets "every month"), or gives at least the yearly count.
 */
export function meetsFloor(agreed: AgreedFrequency, floor: FrequencyFloor): boolean {
  const required = floor.requirement;
  if (required.kind === 'per_year') return sessionsAYear(agreed) >= required.count;
  if (required.period.unit === agreed.unit) return agreed.count <= required.period.count;
  return mostDays(agreed) <= fewestDays(required.period);
}

/** The problem with an agreed frequency below the floor, naming the person and the minimum. */
export function floorProblem(
  agreed: AgreedFrequency,
  floor: FrequencyFloor | undefined,
  superviseeName: string,
): string | undefined {
  if (!floor || meetsFloor(agreed, floor)) return undefined;
  return `Agreed frequency must be at least as often as the policy’s minimum for ${superviseeName}, which is ${floor.words}. ${capitalise(describeAgreedFrequency(agreed))} is less often`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The date an agreed frequency next falls due after a session (for the planner). */
export function nextAfter(date: IsoDate, agreed: AgreedFrequency): IsoDate {
  if (agreed.unit === 'months') return addMonths(date, agreed.count);
  return addDays(date, agreed.unit === 'weeks' ? agreed.count * 7 : agreed.count);
}
