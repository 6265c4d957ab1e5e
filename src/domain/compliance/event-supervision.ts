/** One-off supervision obligations created by events on a child's case. */

import type { BundleChild } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { EventRule } from '../policy/schema.ts';
import { caseEvidenceKinds } from './case-supervision.ts';
import type { Context } from './context.ts';
import { active, noEvidence, obligationId, ruleRef } from './context.ts';
import type { Obligation } from './types.ts';

interface Trigger {
  date: IsoDate;
  key: string;
  /** The status episode's last day, for rules that lapse when the status ends. */
  statusEnds?: IsoDate | undefined;
}

function leadAllocations(child: BundleChild) {
  return child.allocations
    .filter((a) => a.role === 'key_worker' || a.role === 'lead_professional')
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

function triggers(ctx: Context, rule: EventRule, child: BundleChild): Trigger[] {
  const t = rule.trigger;
  switch (t.on) {
    case 'involvement_start':
      return [{ date: child.openedAt, key: child.openedAt }];
    case 'closure':
      return child.closedAt ? [{ date: child.closedAt, key: child.closedAt }] : [];
    case 'team_transfer': {
      const out: Trigger[] = [];
      const leads = leadAllocations(child);
      for (let i = 1; i < leads.length; i++) {
        const before = ctx.staffById.get((leads[i - 1] as (typeof leads)[number]).workerId)?.teamId;
        const now = leads[i] as (typeof leads)[number];
        const after = ctx.staffById.get(now.workerId)?.teamId;
        if (before !== undefined && after !== undefined && before !== after)
          out.push({ date: now.from, key: now.from });
      }
      return out;
    }
    case 'status_start':
      return child.statuses
        .filter((s) => t.statuses.includes(s.status))
        .map((s) => ({ date: s.from, key: s.from, statusEnds: s.to }));
    case 'status_duration':
      return child.statuses
        .filter((s) => t.statuses.includes(s.status))
        .map((s) => ({ date: ctx.addPeriod(s.from, t.after), key: s.from, statusEnds: s.to }))
        .filter((x) => x.statusEnds === undefined || x.statusEnds >= x.date);
    case 'flag_start':
      return child.flags
        .filter((f) => t.flags.includes(f.flag))
        .map((f) => ({ date: f.from, key: f.from }));
    case 'event':
      return (child.events ?? [])
        .filter((e) => t.events.includes(e.kind))
        .map((e) => ({ date: e.date, key: `${e.kind}@${e.date}` }));
  }
}

export function eventSupervisionObligations(ctx: Context): Obligation[] {
  const rules = ctx.pack.eventTriggers;
  if (rules.length === 0) return [];
  const defaultKinds = caseEvidenceKinds(ctx);
  const out: Obligation[] = [];
  for (const child of ctx.bundle.children) {
    const leads = leadAllocations(child);
    for (const rule of rules) {
      for (const trigger of triggers(ctx, rule, child)) {
        if (trigger.date > ctx.asOf) continue;
        if (
          rule.exceptFlags &&
          child.flags.some((f) => rule.exceptFlags?.includes(f.flag) && active(f, trigger.date))
        ) {
          continue;
        }
        const allocation =
          leads.find((a) => active(a, trigger.date)) ?? leads.find((a) => a.from >= trigger.date);
        const workerId = allocation?.workerId;
        if (rule.teamTypes) {
          const type = workerId ? ctx.teamTypeOf(workerId) : undefined;
          if (!type || !rule.teamTypes.includes(type)) continue;
        }
        const due = rule.dueAfter ? ctx.addPeriod(trigger.date, rule.dueAfter) : null;
        const from = rule.windowOpensAfter
          ? ctx.addPeriod(trigger.date, rule.windowOpensAfter)
          : trigger.date;
        const o: Obligation = {
          id: obligationId(['event_supervision', child.id, rule.id, trigger.key]),
          kind: 'event_supervision',
          subject: { kind: 'child', id: child.id },
          ...(workerId ? { workerId } : {}),
          responsibleId: workerId ? ctx.supervisorOn(workerId, trigger.date) : null,
          dueDate: due,
          window: { from, to: due },
          state: 'due',
          rule: ruleRef(rule),
          evidenceIds: noEvidence,
        };
        const evidence = ctx.childRecordEvidence(child.id, rule.evidence ?? defaultKinds);
        const i = evidence.firstFrom(from, ctx.asOf);
        if (i >= 0) {
          o.metOn = evidence.dates[i] as IsoDate;
          o.evidenceIds = [evidence.ids[i] as string];
        }
        if (
          o.metOn === undefined &&
          rule.whileStatusActive &&
          due !== null &&
          trigger.statusEnds !== undefined &&
          trigger.statusEnds < due
        ) {
          o.state = 'not_applicable';
          o.reason = `the status ended on ${trigger.statusEnds}, before the due date`;
        } else o.state = ctx.stateOf(due, o.metOn);
        out.push(o);
      }
    }
  }
  return out;
}
