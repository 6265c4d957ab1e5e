/**
 * The packs' rules around absence, as the planner shows them (SEED-CATALOGUE D20–D22):
 *
 * - a session cancelled for the supervisee's sickness or other absence is held within the
 *   pack's period of their first working day back (`absences[].rebookWithin`; Durham 4.4: 5
 *   working days);
 * - who rebooks a cancelled or postponed session (`absenceArrangements` `rebooked_by`; Durham
 *   4.5: the practitioner, after their annual leave); otherwise the supervisor;
 * - a unit's manager away for more than a while (`manager_cover`; Durham 4.5: more than 4
 *   weeks) raises a task for their own line manager to arrange cover for each person the
 *   absent manager supervises.
 */
import { addDays } from '../calendar/iso-date.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import type { CalendarPort } from '../compliance/types.ts';
import type { AbsenceArrangement, AbsenceRule, PolicyPack } from '../policy/schema.ts';
import type { AbsenceKind, CancellationReason, SessionStatus } from '../policy/vocabulary.ts';

export type AbsenceFacts = {
  kind: AbsenceKind;
  from: IsoDate;
  /** The last day away; null while the person is still away. */
  to: IsoDate | null;
};

/** The reasons that are the supervisee's own absence, and the kinds of absence each means. */
const absenceReasons: Partial<Record<CancellationReason, readonly AbsenceKind[]>> = {
  supervisee_sickness: ['sickness'],
  supervisee_absence: ['maternity', 'other', 'sickness'],
  supervisee_annual_leave: ['annual_leave'],
};

const activeOn = (absence: AbsenceFacts, date: IsoDate) =>
  absence.from <= date && (absence.to === null || date <= absence.to);

/** The first working day after an absence ends, once its end is known. */
export function returnDay(
  absence: AbsenceFacts,
  calendar: Pick<CalendarPort, 'isWorkingDay'>,
): IsoDate | undefined {
  if (absence.to === null) return undefined;
  let day = addDays(absence.to, 1);
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

export type RebookDeadline = {
  rule: AbsenceRule;
  /** The absence the session was called off for, once recorded. */
  absence: AbsenceFacts | undefined;
  returnDay: IsoDate | undefined;
  /** The last day the replacement may be held: `rebookWithin` of the return. */
  holdBy: IsoDate | undefined;
};

export type RebookAdvice = {
  /** Who rebooks the session. */
  by: 'supervisee' | 'supervisor';
  /** The pack's rule that says so; none when the supervisor rebooks by default. */
  byRule: Extract<AbsenceArrangement, { kind: 'rebooked_by' }> | undefined;
  deadline: RebookDeadline | undefined;
};

/**
 * What the pack says about rebooking a session that was cancelled or postponed; undefined for
 * a session that is neither.
 */
export function rebookAdvice(input: {
  session: {
    date: IsoDate;
    status: SessionStatus;
    cancellationReason: CancellationReason | null;
  };
  /** The supervisee's absences. */
  absences: readonly AbsenceFacts[];
  pack: Pick<PolicyPack, 'absences' | 'absenceArrangements'>;
  calendar: Pick<CalendarPort, 'addPeriod' | 'isWorkingDay'>;
}): RebookAdvice | undefined {
  const { session, pack } = input;
  if (session.status !== 'cancelled' && session.status !== 'postponed') return undefined;
  const reason = session.cancellationReason;
  const byRule = (pack.absenceArrangements ?? []).find(
    (rule): rule is Extract<AbsenceArrangement, { kind: 'rebooked_by' }> =>
      rule.kind === 'rebooked_by' && reason !== null && rule.reasons.includes(reason),
  );
  const advice: RebookAdvice = { by: byRule?.by ?? 'supervisor', byRule, deadline: undefined };
  const kinds = reason ? absenceReasons[reason] : undefined;
  if (!kinds || reason === 'supervisee_annual_leave') return advice;
  // The absence the session fell in, or one starting the next day (called off the day before).
  const absence = input.absences.find(
    (a) =>
      kinds.includes(a.kind) &&
      (activeOn(a, session.date) || (a.from > session.date && a.from <= addDays(session.date, 1))),
  );
  const rule = absence
    ? pack.absences.find((r) => r.kinds.includes(absence.kind))
    : pack.absences.find((r) => r.kinds.some((kind) => kinds.includes(kind)));
  if (!rule) return advice;
  const back = absence ? returnDay(absence, input.calendar) : undefined;
  advice.deadline = {
    rule,
    absence,
    returnDay: back,
    holdBy: back ? input.calendar.addPeriod(back, rule.rebookWithin) : undefined,
  };
  return advice;
}

export type ManagerFacts = {
  staffId: string;
  name: string;
  absences: readonly AbsenceFacts[];
  /** The people the manager supervises, and any cover each has. */
  supervisees: readonly {
    staffId: string;
    name: string;
    cover: readonly { supervisorName: string; from: IsoDate; to: IsoDate | null }[];
  }[];
};

export type CoverTask = {
  rule: Extract<AbsenceArrangement, { kind: 'manager_cover' }>;
  managerId: string;
  managerName: string;
  absence: AbsenceFacts;
  /** The first day of absence beyond the rule's period. */
  beyondFrom: IsoDate;
  supervisees: {
    staffId: string;
    name: string;
    /** Cover overlapping the absence, if arranged. */
    cover: { supervisorName: string; from: IsoDate; to: IsoDate | null } | undefined;
  }[];
};

/** Whether an absence is longer than `period`, as far as is known on `today`. */
export function absentLongerThan(
  absence: AbsenceFacts,
  period: Period,
  today: IsoDate,
  calendar: Pick<CalendarPort, 'addPeriod'>,
): boolean {
  const beyond = calendar.addPeriod(absence.from, period);
  return (absence.to ?? today) >= beyond;
}

/**
 * The cover tasks for the line manager of these managers: each absence not over by `today`
 * that is (or is booked to be) longer than the rule's period, with the people needing cover.
 */
export function coverTasks(input: {
  pack: Pick<PolicyPack, 'absenceArrangements'>;
  managers: readonly ManagerFacts[];
  today: IsoDate;
  calendar: Pick<CalendarPort, 'addPeriod'>;
}): CoverTask[] {
  const rule = (input.pack.absenceArrangements ?? []).find(
    (r): r is Extract<AbsenceArrangement, { kind: 'manager_cover' }> => r.kind === 'manager_cover',
  );
  if (!rule) return [];
  const tasks: CoverTask[] = [];
  for (const manager of input.managers) {
    for (const absence of manager.absences) {
      if (absence.to !== null && absence.to < input.today) continue;
      if (!absentLongerThan(absence, rule.after, input.today, input.calendar)) continue;
      const end = absence.to ?? '9999-12-31';
      tasks.push({
        rule,
        managerId: manager.staffId,
        managerName: manager.name,
        absence,
        beyondFrom: input.calendar.addPeriod(absence.from, rule.after),
        supervisees: manager.supervisees.map((person) => ({
          staffId: person.staffId,
          name: person.name,
          cover: person.cover.find((c) => c.from <= end && absence.from <= (c.to ?? '9999-12-31')),
        })),
      });
    }
  }
  return tasks.sort((a, b) => (a.absence.from < b.absence.from ? -1 : 1));
}
