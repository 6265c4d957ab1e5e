/**
 * The compliance engine: a pure function of (organisation snapshot, policy pack, as-of date)
 * returning every obligation with its due date, state, rule and evidence. Nothing dated after
 * the as-of date is seen, so any past date can be replayed.
 */

import type { Bundle } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { PolicyPack } from '../policy/schema.ts';
import { type ObligationKind, obligationKinds } from '../policy/vocabulary.ts';
import { actionObligations } from './actions.ts';
import { agreementObligations } from './agreements.ts';
import { auditObligations } from './audits.ts';
import { caseSupervisionObligations } from './case-supervision.ts';
import { Context } from './context.ts';
import { toDay } from './dates.ts';
import { eventSupervisionObligations } from './event-supervision.ts';
import { groupObligations } from './group.ts';
import { handoverObligations } from './handover.ts';
import { recordingObligations } from './recording.ts';
import { concerns } from './scope.ts';
import { staffSupervisionObligations } from './staff-supervision.ts';
import type { EvaluateOptions, Obligation } from './types.ts';
import { observationObligations, pdrObligations } from './yearly.ts';

function applyWaivers(bundle: Bundle, obligations: Obligation[]): void {
  const waivers = bundle.waivers ?? [];
  if (waivers.length === 0) return;
  for (const o of obligations) {
    if (o.state === 'met' || o.state === 'met_late') continue;
    const date = o.dueDate ?? o.window.from;
    const waiver = waivers.find(
      (w) => w.kind === o.kind && w.subjectId === o.subject.id && w.from <= date && date <= w.to,
    );
    if (waiver) {
      o.state = 'waived';
      o.reason = waiver.reason;
    }
  }
}

const kindIndex = new Map<string, number>([...obligationKinds].sort().map((k, i) => [k, i]));

/** Derives every obligation of an organisation on a date, sorted by due date, kind, subject, id. */
export function evaluateCompliance(
  bundle: Bundle,
  pack: PolicyPack,
  asOf: IsoDate,
  options: EvaluateOptions,
): Obligation[] {
  const { scope, kinds, from } = options;
  const ctx = new Context(bundle, pack, asOf, options.calendar, scope);
  const obligations: Obligation[] = [];
  for (const [derive, derives] of derivations) {
    if (kinds && !derives.some((k) => kinds.includes(k))) continue;
    for (const o of derive(ctx)) obligations.push(o);
  }
  applyWaivers(bundle, obligations);
  const kept = obligations.filter(
    (o) =>
      (!from || o.dueDate === null || o.dueDate >= from) &&
      (!kinds || kinds.includes(o.kind)) &&
      (!scope || concerns(o, scope)),
  );
  return sortObligations(kept);
}

/** Each derivation with the kinds of obligation it gives, so a caller can ask for some kinds. */
const derivations: [(ctx: Context) => Obligation[], ObligationKind[]][] = [
  [staffSupervisionObligations, ['staff_supervision', 'staff_supervision_rebook']],
  [caseSupervisionObligations, ['case_supervision']],
  [eventSupervisionObligations, ['event_supervision']],
  [recordingObligations, ['recording']],
  [observationObligations, ['observation']],
  [pdrObligations, ['pdr']],
  [groupObligations, ['group_attendance', 'team_group_session']],
  [agreementObligations, ['agreement', 'agreement_review', 'effectiveness_review']],
  [handoverObligations, ['handover']],
  [auditObligations, ['audit', 'audit_feedback']],
  [actionObligations, ['action']],
];

/**
 * Sorts by due date (open-ended last), kind, subject and id. Due date, kind and the subject's
 * rank among all subjects are packed into one number, so strings are compared only between
 * obligations of the same subject, kind and day: on 750k obligations that is what makes the
 * sort take a fraction of a second rather than seconds.
 */
function sortObligations(obligations: Obligation[]): Obligation[] {
  const n = obligations.length;
  const subjectRank = rankSubjects(obligations);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = obligations[i] as Obligation;
    const day = o.dueDate === null ? 9_999_999 : toDay(o.dueDate);
    key[i] = (day * 64 + kindIndex.get(o.kind)!) * subjectSlots + subjectRank.get(o.subject.id)!;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => {
    const d = (key[x] as number) - (key[y] as number);
    if (d !== 0) return d;
    const a = (obligations[x] as Obligation).id;
    const b = (obligations[y] as Obligation).id;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out = new Array<Obligation>(n);
  for (let i = 0; i < n; i++) out[i] = obligations[order[i] as number] as Obligation;
  return out;
}

// 2^18 subjects fit beside a day number and a kind within 2^53 (exact in a double).
const subjectSlots = 2 ** 18;

function rankSubjects(obligations: readonly Obligation[]): Map<string, number> {
  const ids = [...new Set(obligations.map((o) => o.subject.id))].sort();
  if (ids.length > subjectSlots) throw new RangeError(`more than ${subjectSlots} subjects`);
  return new Map(ids.map((id, rank) => [id, rank]));
}

/** Counts of obligations by kind and state, for summaries. */
export function summarise(
  obligations: readonly Obligation[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const o of obligations) {
    const byState = out[o.kind] ?? {};
    byState[o.state] = (byState[o.state] ?? 0) + 1;
    out[o.kind] = byState;
  }
  return out;
}
