/** Group supervision and group learning: attendance per person, or sessions held per team. */
import type { IsoDate } from '../calendar/period.ts';
import type { Context } from './context.ts';
import { evaluateFrequency } from './frequency.ts';
import { ruleSpans } from './staff-supervision.ts';
import type { Obligation } from './types.ts';

export function groupObligations(ctx: Context): Obligation[] {
  const out: Obligation[] = [];
  for (const rule of ctx.pack.groupExpectations) {
    if (rule.scope === 'attendee') {
      for (const staff of ctx.evaluatedStaff) {
        for (const span of ruleSpans(ctx, [rule], staff)) {
          out.push(
            ...evaluateFrequency(ctx, {
              kind: 'group_attendance',
              subject: { kind: 'staff', id: staff.id },
              rule,
              frequency: rule.frequency,
              from: span.from,
              to: span.to,
              evidence: ctx.sessionEvidence(staff.id, rule.sessionKinds),
              responsible: (date) => ctx.supervisorOn(staff.id, date),
              absentStaffId: staff.id,
            }),
          );
        }
      }
      continue;
    }
    for (const unit of ctx.bundle.orgUnits) {
      if (unit.kind !== 'team' || !ctx.teamInScope(unit.id)) continue;
      const members = ctx.bundle.staff.filter((s) => s.teamId === unit.id);
      if (members.length === 0) continue;
      const from = members.map((s) => s.startDate).sort()[0] as IsoDate;
      const manager = (date: IsoDate) =>
        members.find(
          (s) =>
            s.roleCategory === 'team_manager' &&
            s.startDate <= date &&
            (s.leavingDate === undefined || s.leavingDate >= date),
        )?.id ?? null;
      out.push(
        ...evaluateFrequency(ctx, {
          kind: 'team_group_session',
          subject: { kind: 'team', id: unit.id },
          rule,
          frequency: rule.frequency,
          from,
          to: undefined,
          evidence: ctx.teamSessionEvidence(unit.id, rule.sessionKinds),
          responsible: manager,
        }),
      );
    }
  }
  return out;
}
