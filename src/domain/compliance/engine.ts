/**
 * The compliance engine: a pure function of (organisation snapshot, policy pack, as-of date)
 * returning every obligation with its due date, state, rule and evidence. Nothing dated after
 * the as-of date is seen, so any past date can be replayed.
 */

import type { Bundle } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { PolicyPack } from '../policy/schema.ts';
import { obligationKinds } from '../policy/vocabulary.ts';
import { actionObligations } from './actions.ts';
import { agreementObligations } from './agreements.ts';
import { auditObligations } from './audits.ts';
import { caseSupervisionObligations } from './case-supervision.ts';
import { Context } from './context.ts';
import { toDay } from './dates.ts';
import { eventSupervisionObligations } from './event-supervision.ts';
import { groupObligations } from './group.ts';
import { recordingObligations } from './recording.ts';
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
  const ctx = new Context(bundle, pack, asOf, options.calendar);
  const obligations: Obligation[] = [];
  for (const derive of [
    staffSupervisionObligations,
    caseSupervisionObligations,
    eventSupervisionObligations,
    recordingObligations,
    observationObligations,
    pdrObligations,
    groupObligations,
    agreementObligations,
    auditObligations,
    actionObligations,
  ]) {
    for (const o of derive(ctx)) obligations.push(o);
  }
  applyWaivers(bundle, obligations);
  const from = options.from;
  const kept = from
    ? obligations.filter((o) => (o.dueDate ?? o.window.from) >= from || o.dueDate === null)
    : obligations;
  return sortObligations(kept);
}

/**
 * Sorts by due date (open-ended last), kind, subject and id. A numeric key for the first two
 * keeps the comparisons cheap on hundreds of thousands of obligations.
 */
function sortObligations(obligations: Obligation[]): Obligation[] {
  const n = obligations.length;
  const primary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = obligations[i] as Obligation;
    primary[i] = (o.dueDate === null ? 9_999_999 : toDay(o.dueDate)) * 64 + kindIndex.get(o.kind)!;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => {
    const d = (primary[x] as number) - (primary[y] as number);
    if (d !== 0) return d;
    const a = obligations[x] as Obligation;
    const b = obligations[y] as Obligation;
    if (a.subject.id !== b.subject.id) return a.subject.id < b.subject.id ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const out = new Array<Obligation>(n);
  for (let i = 0; i < n; i++) out[i] = obligations[order[i] as number] as Obligation;
  return out;
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
