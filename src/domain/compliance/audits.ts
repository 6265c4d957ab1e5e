/** Audit quotas and per-report audits for auditors, and feedback deadlines after an audit. */
import type { IsoDate } from '../calendar/period.ts';
import type { AuditRule } from '../policy/schema.ts';
import type { Context } from './context.ts';
import { active, noEvidence, obligationId, ruleRef } from './context.ts';
import { alignedWindows, maxDate, minDate } from './dates.ts';
import { proRata } from './frequency.ts';
import type { Obligation } from './types.ts';

/** Months in each audit period; periods align to the financial year (from April). */
export const auditPeriodMonths: Record<AuditRule['per'], number> = {
  month: 1,
  quarter: 3,
  half_year: 6,
  year: 12,
};

export function auditObligations(ctx: Context): Obligation[] {
  const out: Obligation[] = [];
  const byAuditor = new Map<string, typeof ctx.bundle.audits>();
  for (const a of ctx.bundle.audits) {
    if (a.completedAt > ctx.asOf) continue;
    const list = byAuditor.get(a.auditorId);
    if (list) list.push(a);
    else byAuditor.set(a.auditorId, [a]);
  }
  // In a scope: the scope's people, and those who audit them as their line manager.
  const auditors = ctx.scope
    ? ctx.bundle.staff.filter(
        (s) =>
          ctx.inScope(s.id) ||
          (ctx.relationshipsBySupervisor.get(s.id) ?? []).some((r) => ctx.inScope(r.superviseeId)),
      )
    : ctx.bundle.staff;
  for (const rule of ctx.pack.audits) {
    for (const auditor of auditors) {
      const end = auditor.leavingDate ? minDate(auditor.leavingDate, ctx.asOf) : ctx.asOf;
      if (auditor.startDate > end || !ctx.matchesStaff(rule.auditor, auditor, end)) continue;
      const audits = (byAuditor.get(auditor.id) ?? [])
        .slice()
        .sort((a, b) => (a.completedAt < b.completedAt ? -1 : 1));
      for (const window of alignedWindows(auditor.startDate, end, auditPeriodMonths[rule.per], 4)) {
        const part = { from: maxDate(window.from, auditor.startDate), to: window.to };
        const inWindow = audits.filter(
          (a) => a.completedAt >= part.from && a.completedAt <= part.to,
        );
        if (rule.subjects.kind === 'sample') {
          const { count, of, subjectRoles } = rule.subjects;
          const required = proRata(count, window, part);
          const counted = inWindow.filter(
            (a) =>
              a.of === of &&
              (!subjectRoles ||
                !a.subjectStaffId ||
                subjectRoles.includes(
                  ctx.staffById.get(a.subjectStaffId)?.roleCategory ?? 'social_worker',
                )),
          );
          const o = make(ctx, rule, auditor.id, auditor.id, part, required, counted);
          out.push(o);
          continue;
        }
        const roles = rule.subjects.subjectRoles;
        for (const rel of ctx.relationshipsBySupervisor.get(auditor.id) ?? []) {
          if (rel.kind !== 'line_management') continue;
          if (!(active(rel, part.to) || active(rel, minDate(part.to, ctx.asOf)))) continue;
          const report = ctx.staffById.get(rel.superviseeId);
          if (!report || !roles.includes(report.roleCategory)) continue;
          const counted = inWindow.filter((a) => a.subjectStaffId === report.id);
          out.push(make(ctx, rule, report.id, auditor.id, part, 1, counted));
        }
      }
    }
  }
  for (const rule of ctx.pack.feedbackDeadlines) {
    for (const audit of ctx.bundle.audits) {
      if (audit.completedAt > ctx.asOf) continue;
      const due = ctx.addPeriod(audit.completedAt, rule.within);
      const metOn =
        audit.feedbackAt !== undefined && audit.feedbackAt <= ctx.asOf
          ? audit.feedbackAt
          : undefined;
      const subjectId = audit.subjectStaffId ?? audit.auditorId;
      const o: Obligation = {
        id: obligationId(['audit_feedback', subjectId, rule.id, audit.id]),
        kind: 'audit_feedback',
        subject: { kind: 'staff', id: subjectId },
        responsibleId: audit.auditorId,
        dueDate: due,
        window: { from: audit.completedAt, to: due },
        state: ctx.stateOf(due, metOn),
        rule: ruleRef(rule),
        evidenceIds: metOn ? [audit.id] : noEvidence,
      };
      if (metOn) o.metOn = metOn;
      out.push(o);
    }
  }
  return out;
}

function make(
  ctx: Context,
  rule: AuditRule,
  subjectId: string,
  auditorId: string,
  part: { from: IsoDate; to: IsoDate },
  required: number,
  counted: { id: string; completedAt: IsoDate }[],
): Obligation {
  const o: Obligation = {
    id: obligationId([
      'audit',
      subjectId,
      rule.id,
      auditorId === subjectId ? undefined : auditorId,
      part.to,
    ]),
    kind: 'audit',
    subject: { kind: 'staff', id: subjectId },
    responsibleId: auditorId,
    dueDate: part.to,
    window: { from: part.from, to: part.to },
    state: 'due',
    rule: ruleRef(rule),
    required,
    counted: counted.length,
    evidenceIds: counted.map((a) => a.id),
  };
  if (required === 0) {
    o.state = 'not_applicable';
    o.reason = 'too little of the period in post for a pro-rata quota';
    return o;
  }
  const nth = counted[required - 1];
  if (nth) o.metOn = nth.completedAt;
  o.state = ctx.stateOf(part.to, o.metOn);
  return o;
}
