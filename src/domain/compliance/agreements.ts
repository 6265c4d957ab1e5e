/** Supervision agreements at the start of a relationship, their reviews, and effectiveness reviews. */

import type { BundleRelationship } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { Context, EvidenceList } from './context.ts';
import { noEvidence, obligationId, ruleRef } from './context.ts';
import { addDays } from './dates.ts';
import { evaluateFrequency } from './frequency.ts';
import type { Obligation } from './types.ts';

function openEnded(
  ctx: Context,
  kind: 'agreement' | 'agreement_review',
  rel: BundleRelationship,
  rule: { id: string; source: { seed: string; section: string }; note?: string | undefined },
  evidence: EvidenceList,
): Obligation {
  const until = rel.to ?? ctx.asOf;
  const i = evidence.firstFrom(rel.from, until < ctx.asOf ? until : ctx.asOf);
  const o: Obligation = {
    id: obligationId([kind, rel.superviseeId, rule.id, rel.id]),
    kind,
    subject: { kind: 'staff', id: rel.superviseeId },
    responsibleId: rel.supervisorId,
    dueDate: null,
    window: { from: rel.from, to: rel.to ?? null },
    state: 'due',
    rule: ruleRef(rule),
    evidenceIds: noEvidence,
  };
  if (i >= 0) {
    o.metOn = evidence.dates[i] as IsoDate;
    o.evidenceIds = [evidence.ids[i] as string];
  }
  o.state = ctx.stateOf(null, o.metOn);
  if (o.metOn === undefined && rel.to !== undefined && rel.to < ctx.asOf) {
    o.state = 'not_applicable';
    o.reason = `the relationship ended on ${rel.to}`;
  }
  return o;
}

export function agreementObligations(ctx: Context): Obligation[] {
  const out: Obligation[] = [];
  for (const rule of ctx.pack.agreements) {
    for (const rel of ctx.bundle.relationships) {
      if (!rule.relationships.includes(rel.kind) || rel.from > ctx.asOf) continue;
      if (!ctx.inScope(rel.superviseeId)) continue;
      const agreements = ctx.staffRecordEvidence(rel.superviseeId, [
        'supervision_agreement',
        'agreement_review',
      ]);
      const earlier = (ctx.relationshipsBySupervisee.get(rel.superviseeId) ?? []).some(
        (r) =>
          r !== rel &&
          r.kind === rel.kind &&
          r.from < rel.from &&
          r.supervisorId !== rel.supervisorId,
      );
      if (rule.onChangeOfSupervisor && earlier)
        out.push(openEnded(ctx, 'agreement_review', rel, rule, agreements));
      else if (rule.atStart) out.push(openEnded(ctx, 'agreement', rel, rule, agreements));
      if (rule.reviewEvery) {
        const first = agreements.firstFrom(rel.from, rel.to ?? ctx.asOf);
        if (first < 0) continue;
        const from = addDays(agreements.dates[first] as IsoDate, 1);
        out.push(
          ...evaluateFrequency(ctx, {
            kind: 'agreement_review',
            subject: { kind: 'staff', id: rel.superviseeId },
            rule,
            frequency: { kind: 'every', period: rule.reviewEvery },
            from: agreements.dates[first] as IsoDate,
            to: rel.to,
            evidence: agreements.onOrAfter(from),
            responsible: () => rel.supervisorId,
          }),
        );
      }
    }
  }
  for (const rule of ctx.pack.effectivenessReviews) {
    for (const rel of ctx.bundle.relationships) {
      if (!rule.relationships.includes(rel.kind) || rel.from > ctx.asOf) continue;
      if (!ctx.inScope(rel.superviseeId)) continue;
      out.push(
        ...evaluateFrequency(ctx, {
          kind: 'effectiveness_review',
          subject: { kind: 'staff', id: rel.superviseeId },
          rule,
          frequency: { kind: 'every', period: rule.every },
          from: rel.from,
          to: rel.to,
          evidence: ctx
            .staffRecordEvidence(rel.superviseeId, ['effectiveness_review'])
            .onOrAfter(rel.from),
          responsible: () => rel.supervisorId,
        }),
      );
    }
  }
  return out;
}
