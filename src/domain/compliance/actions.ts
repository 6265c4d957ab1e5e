/** Actions agreed in supervision: who, what and by when. */
import type { Context } from './context.ts';
import { noEvidence, obligationId } from './context.ts';
import type { Obligation } from './types.ts';

const source = { seed: 'DESIGN.md', section: '2. The domain (Action: what, who, by when)' };

export function actionObligations(ctx: Context): Obligation[] {
  const out: Obligation[] = [];
  for (const action of ctx.bundle.actions) {
    if (action.setOn > ctx.asOf) continue;
    const metOn =
      action.status === 'completed' &&
      action.completedAt !== undefined &&
      action.completedAt <= ctx.asOf
        ? action.completedAt
        : undefined;
    const o: Obligation = {
      id: obligationId(['action', action.id]),
      kind: 'action',
      subject: action.childId
        ? { kind: 'child', id: action.childId }
        : { kind: 'staff', id: action.staffId ?? action.ownerId },
      responsibleId: action.ownerId,
      dueDate: action.dueDate,
      window: { from: action.setOn, to: action.dueDate },
      state: ctx.stateOf(action.dueDate, metOn),
      rule: { id: 'action-by-when', source },
      evidenceIds: metOn ? [action.id] : noEvidence,
    };
    if (metOn) o.metOn = metOn;
    if (action.status === 'dropped' && !metOn) {
      o.state = 'waived';
      o.reason = action.dropReason ?? 'dropped';
    }
    out.push(o);
  }
  return out;
}
