/** Counts per year: observations of practice (with who observes) and PDR / appraisal. */
import type { IsoDate } from '../calendar/period.ts';
import type { ObservationRule, PdrRule } from '../policy/schema.ts';
import type { ObligationKind, RecordKind } from '../policy/vocabulary.ts';
import type { Context } from './context.ts';
import { obligationId, ruleRef } from './context.ts';
import { maxDate, minDate } from './dates.ts';
import { proRata, yearWindows } from './frequency.ts';
import type { Obligation } from './types.ts';

function evidenceKinds(
  ctx: Context,
  towards: 'observation' | 'pdr',
  fallback: RecordKind,
): RecordKind[] {
  const kinds = ctx.pack.evidence
    .filter((e) => e.countsTowards === towards)
    .flatMap((e) => e.recordKinds ?? []);
  return kinds.length > 0 ? kinds : [fallback];
}

function yearly(
  ctx: Context,
  kind: ObligationKind,
  rule: ObservationRule | PdrRule,
  kinds: RecordKind[],
): Obligation[] {
  const out: Obligation[] = [];
  for (const staff of ctx.evaluatedStaff) {
    const end = staff.leavingDate ? minDate(staff.leavingDate, ctx.asOf) : ctx.asOf;
    if (staff.startDate > end) continue;
    if (!ctx.matchesStaff(rule.match, staff, end)) continue;
    const evidence = ctx.staffRecordEvidence(staff.id, kinds);
    for (const window of yearWindows(rule.basis, staff.startDate, end, ctx.asOf)) {
      const part = {
        from: maxDate(window.from, staff.startDate),
        to: staff.leavingDate ? minDate(window.to, staff.leavingDate) : window.to,
      };
      if (part.from > part.to) continue;
      const required = rule.basis === 'rolling' ? rule.count : proRata(rule.count, window, part);
      const found = evidence.range(part.from, minDate(part.to, ctx.asOf));
      const o: Obligation = {
        id: obligationId([kind, staff.id, rule.id, part.to]),
        kind,
        subject: { kind: 'staff', id: staff.id },
        responsibleId: ctx.supervisorOn(staff.id, minDate(part.to, ctx.asOf)),
        dueDate: part.to,
        window: { from: part.from, to: part.to },
        state: 'due',
        rule: ruleRef(rule),
        required,
        counted: found.length,
        evidenceIds: found.map((i) => evidence.ids[i] as string),
      };
      if (required === 0) {
        o.state = 'not_applicable';
        o.reason = 'too little of the year in employment for a pro-rata count';
        out.push(o);
        continue;
      }
      const observedBy = 'observedBy' in rule ? rule.observedBy : undefined;
      let byObserver = 0;
      let metOn: IsoDate | undefined;
      found.forEach((i, n) => {
        const date = evidence.dates[i] as IsoDate;
        const record = evidence.extra[i];
        if (observedBy && record && 'observerId' in record && record.observerId) {
          const supervisor = ctx.supervisorOn(staff.id, date, observedBy.relationships);
          if (supervisor === record.observerId) byObserver++;
        }
        if (
          metOn === undefined &&
          n + 1 >= required &&
          (!observedBy || byObserver >= Math.min(observedBy.atLeast, required))
        ) {
          metOn = date;
        }
      });
      if (metOn) o.metOn = metOn;
      o.state = ctx.stateOf(part.to, metOn);
      if (!metOn && observedBy && found.length >= required) {
        o.reason = `${observedBy.atLeast} must be by the ${observedBy.relationships.join(' or ').replace(/_/g, ' ')} supervisor`;
      }
      out.push(o);
    }
  }
  return out;
}

export function observationObligations(ctx: Context): Obligation[] {
  const kinds = evidenceKinds(ctx, 'observation', 'direct_observation');
  return ctx.pack.observations.flatMap((rule) => yearly(ctx, 'observation', rule, kinds));
}

export function pdrObligations(ctx: Context): Obligation[] {
  const kinds = evidenceKinds(ctx, 'pdr', 'pdr');
  return ctx.pack.pdr.flatMap((rule) => yearly(ctx, 'pdr', rule, kinds));
}
