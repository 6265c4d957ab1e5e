/** Recording deadlines: each step of each record (written, shared, signed, on the child's record). */

import type { BundleRecord } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { RecordingStep } from '../policy/vocabulary.ts';
import type { Context } from './context.ts';
import { noEvidence, ruleRef } from './context.ts';
import type { Obligation } from './types.ts';

const stepField: Record<RecordingStep, keyof BundleRecord> = {
  written: 'writtenAt',
  shared: 'sharedAt',
  signed: 'signedAt',
  on_child_record: 'onChildRecordAt',
  date_recorded: 'dateRecordedAt',
};

export function recordingObligations(ctx: Context): Obligation[] {
  const rules = ctx.pack.recordingDeadlines;
  if (rules.length === 0) return [];
  const out: Obligation[] = [];
  const byKind = new Map<string, typeof rules>();
  for (const rule of rules) {
    for (const kind of rule.recordKinds) byKind.set(kind, [...(byKind.get(kind) ?? []), rule]);
  }
  for (const record of ctx.bundle.records) {
    if (record.date > ctx.asOf) continue;
    for (const rule of byKind.get(record.kind) ?? []) {
      const due =
        rule.deadline.kind === 'at_time'
          ? record.date
          : ctx.addPeriod(record.date, rule.deadline.period);
      const done = record[stepField[rule.step]] as IsoDate | undefined;
      const metOn = done !== undefined && done <= ctx.asOf ? done : undefined;
      const childId = record.childIds[0];
      const staffId = record.staffIds[0];
      const session = record.sessionId ? ctx.sessionById.get(record.sessionId) : undefined;
      const o: Obligation = {
        id: `recording:${record.id}:${rule.id}`,
        kind: 'recording',
        subject: childId
          ? { kind: 'child', id: childId }
          : { kind: 'staff', id: staffId ?? record.id },
        recordId: record.id,
        responsibleId: record.authorId ?? session?.supervisorId ?? null,
        dueDate: due,
        window: { from: record.date, to: due },
        state: ctx.stateOf(due, metOn),
        rule: ruleRef(rule),
        evidenceIds: metOn ? [record.id] : noEvidence,
      };
      if (metOn) o.metOn = metOn;
      out.push(o);
    }
  }
  return out;
}
