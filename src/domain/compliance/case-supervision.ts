/**
 * Case supervision for each child and each allocated worker. The child's statuses, flags, age
 * and time open change over an allocation, so the allocation is cut into segments; in each, the
 * most frequent applicable rule sets the interval (A13) and the obligation names it and the
 * others considered.
 */

import type { BundleChild } from '../bundle/schema.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import type { CaseSupervisionRule, ChildMatch } from '../policy/schema.ts';
import type { AllocationRole, RecordKind } from '../policy/vocabulary.ts';
import type { Context } from './context.ts';
import { active, noEvidence, obligationId, ruleRef } from './context.ts';
import { addDays, addMonths, approximateDays, maxDate, minDate } from './dates.ts';
import type { Obligation } from './types.ts';

export function caseEvidenceKinds(ctx: Context): RecordKind[] {
  const kinds = ctx.pack.evidence
    .filter((e) => e.countsTowards === 'case_supervision')
    .flatMap((e) => e.recordKinds ?? []);
  return kinds.length > 0 ? kinds : ['case_supervision'];
}

export function matchesChild(
  ctx: Context,
  match: ChildMatch,
  child: BundleChild,
  role: AllocationRole,
  date: IsoDate,
): boolean {
  if (match.allocationRoles && !match.allocationRoles.includes(role)) return false;
  if (
    match.statuses &&
    !child.statuses.some((s) => match.statuses?.includes(s.status) && active(s, date))
  )
    return false;
  if (
    match.notStatuses?.length &&
    child.statuses.some((s) => match.notStatuses?.includes(s.status) && active(s, date))
  ) {
    return false;
  }
  if (match.flags && !child.flags.some((f) => match.flags?.includes(f.flag) && active(f, date)))
    return false;
  if (match.age === 'unborn_or_under_1') {
    const dob = child.dateOfBirth ?? child.expectedDateOfBirth;
    if (!dob || date >= addMonths(dob, 12)) return false;
  }
  if (match.openLongerThan && date < ctx.addPeriod(child.openedAt, match.openLongerThan))
    return false;
  return true;
}

function criteria(match: ChildMatch): number {
  return Object.values(match).filter((v) => v !== undefined).length;
}

interface Segment {
  from: IsoDate;
  to: IsoDate;
  rules: CaseSupervisionRule[];
  /** Rules ordered most frequent first, for the first discussion and for later ones. */
  sorted?: [CaseSupervisionRule[], CaseSupervisionRule[]];
}

function boundaries(
  ctx: Context,
  child: BundleChild,
  rules: readonly CaseSupervisionRule[],
): IsoDate[] {
  const out: IsoDate[] = [];
  for (const s of child.statuses) out.push(s.from, ...(s.to ? [addDays(s.to, 1)] : []));
  for (const f of child.flags) out.push(f.from, ...(f.to ? [addDays(f.to, 1)] : []));
  const dob = child.dateOfBirth ?? child.expectedDateOfBirth;
  if (dob) out.push(addMonths(dob, 12));
  for (const r of rules)
    if (r.match.openLongerThan) out.push(ctx.addPeriod(child.openedAt, r.match.openLongerThan));
  return out;
}

function ordered(
  rules: CaseSupervisionRule[],
  all: readonly CaseSupervisionRule[],
  first: boolean,
) {
  const interval = (r: CaseSupervisionRule): Period =>
    first && r.firstWithin ? r.firstWithin : r.interval;
  return [...rules].sort(
    (a, b) =>
      approximateDays(interval(a)) - approximateDays(interval(b)) ||
      criteria(b.match) - criteria(a.match) ||
      all.indexOf(a) - all.indexOf(b),
  );
}

export function caseSupervisionObligations(ctx: Context): Obligation[] {
  const rules = ctx.pack.caseSupervision;
  if (rules.length === 0) return [];
  const kinds = caseEvidenceKinds(ctx);
  const out: Obligation[] = [];
  for (const child of ctx.bundle.children) {
    if (child.allocations.length === 0) continue;
    const points = boundaries(ctx, child, rules);
    for (const allocation of child.allocations) {
      if (allocation.from > ctx.asOf || !ctx.inScope(allocation.workerId)) continue;
      const endOfDuty =
        allocation.to !== undefined && child.closedAt !== undefined
          ? minDate(allocation.to, child.closedAt)
          : (allocation.to ?? child.closedAt);
      // Segments run to the end of the allocation, or a year past the as-of date for the next due.
      const last = endOfDuty ?? addMonths(ctx.asOf, 12);
      const cuts = [
        ...new Set([allocation.from, ...points.filter((p) => p > allocation.from && p <= last)]),
      ].sort();
      const segments: Segment[] = [];
      cuts.forEach((from, i) => {
        const next = cuts[i + 1];
        const to = next === undefined ? last : addDays(next, -1);
        const applicable = rules.filter((r) =>
          matchesChild(ctx, r.match, child, allocation.role, from),
        );
        segments.push({ from, to, rules: applicable });
      });
      const evidence = ctx.childRecordEvidence(child.id, kinds, allocation.workerId);
      let anchor = allocation.from;
      let first = true;
      for (let guard = 0; guard < 10_000; guard++) {
        let found: { due: IsoDate; rules: CaseSupervisionRule[] } | undefined;
        for (const seg of segments) {
          if (seg.to < anchor || seg.rules.length === 0) continue;
          seg.sorted ??= [ordered(seg.rules, rules, true), ordered(seg.rules, rules, false)];
          const sorted = seg.sorted[first ? 0 : 1];
          const winner = sorted[0] as CaseSupervisionRule;
          const interval = first && winner.firstWithin ? winner.firstWithin : winner.interval;
          const candidate = maxDate(seg.from, ctx.addPeriod(anchor, interval));
          if (candidate <= seg.to) {
            found = { due: candidate, rules: sorted };
            break;
          }
        }
        if (!found) break;
        if (endOfDuty !== undefined && found.due > endOfDuty) break;
        const winner = found.rules[0] as CaseSupervisionRule;
        const windowFrom = first ? allocation.from : addDays(anchor, 1);
        const o: Obligation = {
          id: obligationId([
            'case_supervision',
            child.id,
            allocation.workerId,
            winner.id,
            found.due,
          ]),
          kind: 'case_supervision',
          subject: ctx.subject('child', child.id),
          workerId: allocation.workerId,
          responsibleId: ctx.supervisorOn(allocation.workerId, minDate(found.due, ctx.asOf)),
          dueDate: found.due,
          window: { from: windowFrom, to: found.due },
          state: 'due',
          rule: ruleRef(winner),
          evidenceIds: noEvidence,
        };
        if (found.rules.length > 1) o.considered = found.rules.slice(1).map((r) => r.id);
        out.push(o);
        const i = evidence.firstFrom(first ? allocation.from : anchor, ctx.asOf, !first);
        if (i < 0) {
          o.state = ctx.stateOf(found.due, undefined);
          break;
        }
        o.metOn = evidence.dates[i] as IsoDate;
        o.evidenceIds = [evidence.ids[i] as string];
        o.state = ctx.stateOf(found.due, o.metOn);
        anchor = o.metOn;
        first = false;
      }
    }
  }
  return out;
}
