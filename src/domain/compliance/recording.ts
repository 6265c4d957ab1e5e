/** Recording deadlines: each step of each record (written, shared, signed, on the child's record). */

import type { IsoDate, Period } from '../calendar/period.ts';
import { recordDeadlines } from '../records/deadlines.ts';
import type { Context } from './context.ts';
import { noEvidence, ruleRef } from './context.ts';
import type { Obligation } from './types.ts';

export function recordingObligations(ctx: Context): Obligation[] {
  if (ctx.pack.recordingDeadlines.length === 0) return [];
  // The context memoises working-day arithmetic; many records share a date.
  const addPeriod = (date: IsoDate, period: Period) => ctx.addPeriod(date, period);
  const out: Obligation[] = [];
  for (const record of ctx.bundle.records) {
    if (record.date > ctx.asOf) continue;
    const childId = record.childIds[0];
    const staffId = record.staffIds[0];
    const session = record.sessionId ? ctx.sessionById.get(record.sessionId) : undefined;
    for (const deadline of recordDeadlines(ctx.pack, addPeriod, record, ctx.asOf)) {
      const { rule, dueOn, metOn } = deadline;
      const o: Obligation = {
        id: `recording:${record.id}:${rule.id}`,
        kind: 'recording',
        subject: childId
          ? { kind: 'child', id: childId }
          : { kind: 'staff', id: staffId ?? record.id },
        recordId: record.id,
        responsibleId: record.authorId ?? session?.supervisorId ?? null,
        dueDate: dueOn,
        window: { from: record.date, to: dueOn },
        state: ctx.stateOf(dueOn, metOn),
        rule: ruleRef(rule),
        evidenceIds: metOn ? [record.id] : noEvidence,
      };
      if (metOn) o.metOn = metOn;
      out.push(o);
    }
  }
  return out;
}
