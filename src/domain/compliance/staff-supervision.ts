/** One-to-one staff supervision: the most specific matching rule, then the most frequent. */

import type { BundleStaff } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { StaffFrequency, StaffMatch, StaffSupervisionRule } from '../policy/schema.ts';
import type { SessionKind } from '../policy/vocabulary.ts';
import type { Context } from './context.ts';
import { active, noEvidence, obligationId, ruleRef } from './context.ts';
import { addDays, approximateDays, maxDate } from './dates.ts';
import { evaluateFrequency } from './frequency.ts';
import type { Obligation } from './types.ts';

export function specificity(match: StaffMatch): number {
  return Object.values(match).filter((v) => v !== undefined).length;
}

/** Roughly how many days between sessions, to pick the most frequent rule. */
export function frequencyDays(frequency: StaffFrequency): number {
  switch (frequency.kind) {
    case 'calendar_month':
      return 30.44;
    case 'every':
      return approximateDays(frequency.period);
    case 'per_year':
      return 365 / frequency.count;
    case 'stepped':
      return Math.min(...frequency.steps.map((s) => approximateDays(s.every)));
  }
}

/** The rule that governs a staff member on a date, and the others that matched. */
export function selectStaffRule<
  R extends { match: StaffMatch; frequency: StaffFrequency; id: string },
>(
  ctx: Context,
  rules: readonly R[],
  staff: BundleStaff,
  date: IsoDate,
): { rule: R; considered: string[] } | undefined {
  const matching = rules.filter((r) => ctx.matchesStaff(r.match, staff, date));
  if (matching.length === 0) return undefined;
  const sorted = [...matching].sort(
    (a, b) =>
      specificity(b.match) - specificity(a.match) ||
      frequencyDays(a.frequency) - frequencyDays(b.frequency) ||
      rules.indexOf(a) - rules.indexOf(b),
  );
  const rule = sorted[0] as R;
  return { rule, considered: sorted.slice(1).map((r) => r.id) };
}

/** Splits a staff member's employment into spans governed by one rule each. */
export function ruleSpans<R extends { match: StaffMatch; frequency: StaffFrequency; id: string }>(
  ctx: Context,
  rules: readonly R[],
  staff: BundleStaff,
): { from: IsoDate; to: IsoDate | undefined; rule: R; considered: string[] }[] {
  if (rules.length === 0) return [];
  const end = staff.leavingDate;
  const points = [staff.startDate, ...ctx.staffBoundaries(staff)]
    .filter((d) => d >= staff.startDate && d <= ctx.asOf && (end === undefined || d <= end))
    .sort();
  const unique = [...new Set(points)];
  const spans: { from: IsoDate; to: IsoDate | undefined; rule: R; considered: string[] }[] = [];
  unique.forEach((from, i) => {
    const next = unique[i + 1];
    const to = next === undefined ? end : addDays(next, -1);
    const selected = selectStaffRule(ctx, rules, staff, from);
    const previous = spans[spans.length - 1];
    if (previous && selected && previous.rule === selected.rule && previous.to !== undefined) {
      previous.to = to;
      for (const id of selected.considered)
        if (!previous.considered.includes(id)) previous.considered.push(id);
      return;
    }
    if (selected) spans.push({ from, to, rule: selected.rule, considered: selected.considered });
  });
  return spans;
}

export function staffSupervisionObligations(ctx: Context): Obligation[] {
  const pack = ctx.pack;
  const rules: readonly StaffSupervisionRule[] = pack.staffSupervision;
  const kinds: SessionKind[] = pack.evidence
    .filter((e) => e.countsTowards === 'staff_supervision')
    .flatMap((e) => e.sessionKinds ?? []);
  const sessionKinds: SessionKind[] = kinds.length > 0 ? kinds : ['one_to_one'];
  const out: Obligation[] = [];
  for (const staff of ctx.evaluatedStaff) {
    for (const span of ruleSpans(ctx, rules, staff)) {
      const evidence = ctx.sessionEvidence(staff.id, sessionKinds, span.rule.minimumMinutes);
      const anchors = {
        ...(staff.asyeStartDate ? { asye_start: staff.asyeStartDate } : {}),
        start_date: staff.startDate,
        ...(staff.placementStartDate ? { placement_start: staff.placementStartDate } : {}),
      };
      const obligations = evaluateFrequency(ctx, {
        kind: 'staff_supervision',
        subject: { kind: 'staff', id: staff.id },
        rule: span.rule,
        frequency: span.rule.frequency,
        from: span.from,
        to: span.to,
        evidence,
        responsible: (date) =>
          ctx.supervisorOn(staff.id, date, [
            'line_management',
            'placement_supervisor',
            'practice_educator',
          ]),
        anchors,
        absentStaffId: staff.id,
        absenceRules: pack.absences,
      });
      for (const o of obligations) if (span.considered.length > 0) o.considered = span.considered;
      out.push(...obligations);
    }
  }
  out.push(...rebookObligations(ctx));
  return out;
}

/** Sessions cancelled for the supervisee's absence are held within the pack's period of return. */
function rebookObligations(ctx: Context): Obligation[] {
  const out: Obligation[] = [];
  if (ctx.pack.absences.length === 0) return out;
  for (const session of ctx.bundle.sessions) {
    if (session.date > ctx.asOf) continue;
    if (session.status !== 'cancelled' && session.status !== 'postponed') continue;
    if (
      session.cancellationReason !== 'supervisee_sickness' &&
      session.cancellationReason !== 'supervisee_absence'
    )
      continue;
    for (const staffId of session.participantIds) {
      if (!ctx.inScope(staffId)) continue;
      const absence = (ctx.absencesByStaff.get(staffId) ?? []).find(
        (a) =>
          active(a, session.date) || (a.from > session.date && a.from <= addDays(session.date, 1)),
      );
      if (!absence) continue;
      const rule = ctx.pack.absences.find((r) => r.kinds.includes(absence.kind));
      if (!rule) continue;
      const back = ctx.returnDay(absence);
      const due = back === undefined ? null : ctx.addPeriod(back, rule.rebookWithin);
      const from = maxDate(session.date, absence.from);
      const o: Obligation = {
        id: obligationId(['staff_supervision_rebook', staffId, rule.id, session.id]),
        kind: 'staff_supervision_rebook',
        subject: { kind: 'staff', id: staffId },
        responsibleId: ctx.supervisorOn(staffId, session.date),
        dueDate: due,
        window: { from, to: due },
        state: 'due',
        rule: ruleRef(rule),
        evidenceIds: noEvidence,
      };
      if (back === undefined || back > ctx.asOf) {
        o.state = 'not_applicable';
        o.reason = `still absent (${absence.kind}) since ${absence.from}`;
      } else {
        const evidence = ctx.sessionEvidence(staffId, ['one_to_one']);
        const i = evidence.firstFrom(back, ctx.asOf);
        if (i >= 0) {
          o.metOn = evidence.dates[i] as IsoDate;
          o.evidenceIds = [evidence.ids[i] as string];
        }
        o.state = ctx.stateOf(due, o.metOn);
        o.reason = `session ${session.id} cancelled for the supervisee's absence (${absence.kind}); back on ${back}`;
      }
      out.push(o);
    }
  }
  return out;
}
