/**
 * Handovers on a change of supervisor (Leeds 003, A. Roles and Responsibility: "a handover
 * process is arranged between all parties concerned"). Evidence is a `handover_note` record
 * about the supervisee.
 */

import type { BundleRelationship } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { Context } from './context.ts';
import { noEvidence, obligationId, ruleRef } from './context.ts';
import { addDays } from './dates.ts';
import type { Obligation } from './types.ts';

/**
 * A handover is often held before the change, while the outgoing supervisor is still in post,
 * so a note from up to four weeks before the new relationship starts counts (about the notice
 * in which a change of manager is known). It never reaches back to the previous relationship's
 * first day or before, when the handover into that relationship is recorded.
 */
const noteLeadDays = 28;

/**
 * The supervisee's latest earlier relationship of the same kind, when its supervisor differs
 * from this one's: a change of supervisor. Like the agreement review on a change, but only the
 * relationship just before counts, so renewing the same supervisor owes no second handover.
 */
function previousOfAnother(ctx: Context, rel: BundleRelationship): BundleRelationship | undefined {
  let previous: BundleRelationship | undefined;
  for (const r of ctx.relationshipsBySupervisee.get(rel.superviseeId) ?? []) {
    if (r === rel || r.kind !== rel.kind || r.from >= rel.from) continue;
    if (!previous || r.from > previous.from || (r.from === previous.from && r.id > previous.id))
      previous = r;
  }
  return previous && previous.supervisorId !== rel.supervisorId ? previous : undefined;
}

export function handoverObligations(ctx: Context): Obligation[] {
  const out: Obligation[] = [];
  for (const rule of ctx.pack.handovers ?? []) {
    for (const rel of ctx.bundle.relationships) {
      if (!rule.relationships.includes(rel.kind) || rel.from > ctx.asOf) continue;
      if (!ctx.inScope(rel.superviseeId)) continue;
      const previous = previousOfAnother(ctx, rel);
      if (!previous) continue;
      // The seed puts the handover on the supervisor: the outgoing one, who knows the work,
      // unless they had left before the change, when only the incoming one can arrange it.
      const leftOn = ctx.staffById.get(previous.supervisorId)?.leavingDate;
      const outgoingLeft = leftOn !== undefined && leftOn < rel.from;
      const dueDate = rule.dueAfter ? ctx.addPeriod(rel.from, rule.dueAfter) : null;
      const notesFrom = addDays(rel.from, -noteLeadDays);
      const afterPrevious = addDays(previous.from, 1);
      const endedOn = rel.to !== undefined && rel.to < ctx.asOf ? rel.to : undefined;
      const notes = ctx.staffRecordEvidence(rel.superviseeId, ['handover_note']);
      const i = notes.firstFrom(
        notesFrom > afterPrevious ? notesFrom : afterPrevious,
        endedOn ?? ctx.asOf,
      );
      const o: Obligation = {
        id: obligationId(['handover', rel.superviseeId, rule.id, rel.id]),
        kind: 'handover',
        subject: ctx.subject('staff', rel.superviseeId),
        responsibleId: outgoingLeft ? rel.supervisorId : previous.supervisorId,
        dueDate,
        window: { from: rel.from, to: dueDate ?? rel.to ?? null },
        state: 'due',
        rule: ruleRef(rule),
        evidenceIds: noEvidence,
      };
      if (outgoingLeft) {
        o.reason = `the outgoing supervisor ${previous.supervisorId} left on ${leftOn}, so the incoming supervisor arranges it`;
      }
      if (i >= 0) {
        o.metOn = notes.dates[i] as IsoDate;
        o.evidenceIds = [notes.ids[i] as string];
      }
      o.state = ctx.stateOf(dueDate, o.metOn);
      if (
        o.metOn === undefined &&
        endedOn !== undefined &&
        (dueDate === null || endedOn < dueDate)
      ) {
        o.state = 'not_applicable';
        o.reason = `the relationship ended on ${endedOn}`;
      }
      out.push(o);
    }
  }
  return out;
}
