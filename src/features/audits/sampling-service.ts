/**
 * Sampling plans as the pages use them: the plans that apply to the caller as auditor (and, for
 * quality assurance, to every auditor), a draw of this period's sample from the organisation as
 * it stands today, and a kept draw re-run from its seed and pool so anyone can check it.
 */

import { randomBytes } from 'node:crypto';
import type { Repositories } from '../../data-access/index.ts';
import type { NewAudit } from '../../data-access/quality-audit-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import type { BundleStaff } from '../../domain/bundle/schema.ts';
import { addMonths, isoDateAt } from '../../domain/calendar/index.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { RecordKind } from '../../domain/policy/vocabulary.ts';
import {
  auditToolFor,
  fileCandidates,
  fileSupervisor,
  type OrganisationShape,
  planAuditors,
  poolUnitIds,
  recordCandidates,
  type SamplingPlan,
  samplingPlans,
} from '../../domain/quality/plans.ts';
import {
  drawRank,
  drawSample,
  eligiblePool,
  type SampleCandidate,
  samplingPeriod,
  verifyDraw,
} from '../../domain/quality/sampling.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { isUuid } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { govukDate } from '../../web/view-filters.ts';
import { groupKinds } from '../records/record-access.ts';
import { labels } from './labels.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

/** A dip sample of records reads supervision itself: one-to-ones and case supervision. */
export const sampledRecordKinds: readonly RecordKind[] = [
  'personal_supervision',
  'case_supervision',
  'case_supervision_unplanned',
];

/** How far back a sample looks: records of the last 3 months, a file's last 12. */
const lookBackMonths = { supervision_records: 3, supervision_files: 12 } as const;

export type DrawOutcome =
  | { outcome: 'drawn'; drawId: string; drawn: number; asked: number; poolSize: number }
  | { outcome: 'exists'; drawId: string; message: string }
  | { outcome: 'refused'; message: string };

const periodWords = (period: { from: IsoDate; to: IsoDate }) =>
  `${govukDate(period.from)} to ${govukDate(period.to)}`;

export function samplingService(repos: Repositories, { clock }: { clock: () => Date }) {
  const audits = repos.qualityAudits;
  const today = () => isoDateAt(clock());

  const policyOf = (organisationId: string) => storedPolicy(repos, organisationId);

  /** Everyone the plan could give this auditor, before writers and the auditor are taken out. */
  async function candidatesFor(
    organisationId: string,
    plan: SamplingPlan,
    shape: OrganisationShape,
    auditor: BundleStaff,
    on: IsoDate,
  ): Promise<{ candidates: SampleCandidate[]; authorOf: Map<string, string | null> }> {
    const scope = {
      units: poolUnitIds(plan.subjects.pool ?? 'managed_units', shape.units, auditor),
      roles: plan.subjects.subjectRoles,
    };
    const from = addMonths(on, -lookBackMonths[plan.subjects.of]);
    if (plan.subjects.of === 'supervision_records') {
      const rows = await audits.recordRows(organisationId, {
        from,
        to: on,
        kinds: sampledRecordKinds,
      });
      const staffById = new Map(shape.staff.map((s) => [s.id, s]));
      return {
        candidates: recordCandidates(rows, staffById, scope),
        authorOf: new Map(rows.map((r) => [r.id, r.authorId])),
      };
    }
    const rows = await audits.fileRows(organisationId, { from, to: on, notKinds: groupKinds });
    // Files audited since April are drawn last, so every file is seen within the year.
    const seen = plan.subjects.coverAllWithinYear
      ? await audits.filesAuditedSince(organisationId, samplingPeriod('year', on).from)
      : undefined;
    return { candidates: fileCandidates(shape, rows, scope, on, seen), authorOf: new Map() };
  }

  return {
    today,

    /** The plans and, for each, the auditors the caller may see with this period's draw. */
    async page(caller: Caller) {
      const organisationId = caller.user.organisationId;
      const on = today();
      const { pack, calendar } = await policyOf(organisationId);
      const plans = samplingPlans(pack);
      const shape = plans.length > 0 ? await audits.shape(organisationId) : undefined;
      const draws = plans.length > 0 ? await audits.drawsOn(organisationId, on) : [];
      const rows = plans.flatMap((plan) => {
        if (!shape) return [];
        const period = samplingPeriod(plan.per, on);
        const auditors = planAuditors(plan, shape, pack, on, calendar)
          .filter((a) => can(caller.actor, 'view', { type: 'sampling', auditorId: a.id }))
          .map((a) => {
            const draw = draws.find(
              (d) => d.ruleId === plan.id && d.auditor.id === a.id && d.periodFrom === period.from,
            );
            return {
              id: a.id,
              name: a.name,
              isCaller: a.id === caller.actor.staffId,
              draw: draw && { id: draw.id, picks: draw.picks.length, pool: draw.pool.length },
              canDraw:
                draw === undefined &&
                can(caller.actor, 'edit', { type: 'sampling', auditorId: a.id }),
            };
          })
          // The caller's own row first.
          .sort((a, b) => Number(b.isCaller) - Number(a.isCaller));
        if (auditors.length === 0) return [];
        return [{ plan, period, tool: auditToolFor(pack, plan), auditors }];
      });
      return { today: on, plans: rows };
    },

    /** Draws this period's sample of a plan for one auditor and assigns the audits. */
    async draw(caller: Caller, ruleId: string, auditorId: string): Promise<DrawOutcome> {
      const organisationId = caller.user.organisationId;
      const on = today();
      const { pack, calendar } = await policyOf(organisationId);
      const plan = samplingPlans(pack).find((p) => p.id === ruleId);
      if (!plan || !isUuid(auditorId)) throw notFound();
      if (!can(caller.actor, 'edit', { type: 'sampling', auditorId })) throw notAllowed();
      const shape = await audits.shape(organisationId);
      const auditor = planAuditors(plan, shape, pack, on, calendar).find((a) => a.id === auditorId);
      if (!auditor) throw notFound();
      const period = samplingPeriod(plan.per, on);
      const what = labels.subject[plan.subjects.of];
      const already = (await audits.drawsOn(organisationId, on)).find(
        (d) => d.ruleId === plan.id && d.auditor.id === auditor.id && d.periodFrom === period.from,
      );
      const exists = (drawId: string): DrawOutcome => ({
        outcome: 'exists',
        drawId,
        message: `${auditor.name}’s sample for ${periodWords(period)} has already been drawn. A plan is drawn once in each period, so the draw can be checked`,
      });
      if (already) return exists(already.id);
      const tool = auditToolFor(pack, plan);
      if (!tool)
        return {
          outcome: 'refused',
          message: `The policy has no audit tool for ${what.many}. Add one before drawing a sample`,
        };
      const { candidates, authorOf } = await candidatesFor(
        organisationId,
        plan,
        shape,
        auditor,
        on,
      );
      const pool = eligiblePool(candidates, auditor.id);
      if (pool.length === 0)
        return {
          outcome: 'refused',
          message: `There is nothing to draw: no ${what.many} in this plan’s pool that ${auditor.name} did not write or take part in`,
        };
      const seed = randomBytes(16).toString('hex');
      const count = plan.subjects.count;
      const picks = drawSample({
        seed,
        pool,
        count,
        coverAllWithinYear: plan.subjects.coverAllWithinYear ?? false,
      });
      const byId = new Map(pool.map((entry) => [entry.id, entry]));
      const assigned: NewAudit[] = picks.map((id) => {
        const entry = byId.get(id)!;
        const isRecord = plan.subjects.of === 'supervision_records';
        return {
          subjectStaffId: entry.subjectStaffId,
          subjectRecordId: isRecord ? id : null,
          feedbackToId: isRecord
            ? (authorOf.get(id) ?? null)
            : fileSupervisor(shape, entry.subjectStaffId, on),
          recordIds: entry.recordIds,
        };
      });
      const saved = await audits.saveDraw(
        organisationId,
        {
          ruleId: plan.id,
          auditorId: auditor.id,
          auditOf: plan.subjects.of,
          periodFrom: period.from,
          periodTo: period.to,
          seed,
          pool,
          picks,
          drawnOn: on,
          drawnBy: caller.user.id,
          tool,
          audits: assigned,
        },
        {
          actorUserId: caller.user.id,
          requestId: caller.requestId,
          action: 'sample.drawn',
          detail: {
            ruleId: plan.id,
            auditorId: auditor.id,
            period: period.from,
            pool: pool.length,
            picks: picks.length,
          },
        },
      );
      if (saved.outcome === 'exists') {
        const raced = (await audits.drawsOn(organisationId, on)).find(
          (d) => d.ruleId === plan.id && d.auditor.id === auditor.id,
        );
        return raced
          ? exists(raced.id)
          : { outcome: 'refused', message: 'The sample could not be drawn. Try again' };
      }
      return {
        outcome: 'drawn',
        drawId: saved.id,
        drawn: picks.length,
        asked: count,
        poolSize: pool.length,
      };
    },

    /** A kept draw: its plan, pool and picks named, and the picks checked against the seed. */
    async drawPage(caller: Caller, id: string) {
      const organisationId = caller.user.organisationId;
      const draw = isUuid(id) ? await audits.findDraw(organisationId, id) : undefined;
      if (!draw) throw notFound();
      if (!can(caller.actor, 'view', { type: 'sampling', auditorId: draw.auditor.id }))
        throw notAllowed();
      const { pack } = await policyOf(organisationId);
      const plan = samplingPlans(pack).find((p) => p.id === draw.ruleId);
      // Files already seen this year were marked in the pool only when the plan covers everyone.
      const coverAllWithinYear = draw.pool.some((entry) => entry.seenThisYear === true);
      // The count the plan asks for; a plan since removed is checked on the picks it made.
      const count = plan?.subjects.count ?? draw.picks.length;
      const check = verifyDraw(
        { seed: draw.seed, pool: draw.pool, count, coverAllWithinYear },
        draw.picks,
      );
      const isRecords = draw.auditOf === 'supervision_records';
      const [names, records, assigned] = await Promise.all([
        audits.staffNames(organisationId, [...new Set(draw.pool.map((e) => e.subjectStaffId))]),
        isRecords
          ? audits.recordSummaries(
              organisationId,
              draw.pool.map((e) => e.id),
            )
          : Promise.resolve([]),
        audits.auditsOfDraw(organisationId, draw.id),
      ]);
      const recordById = new Map(records.map((r) => [r.id, r]));
      const picked = new Map(draw.picks.map((pick, i) => [pick, i + 1]));
      const describe = (entryId: string, subjectStaffId: string) => {
        const record = recordById.get(entryId);
        const name = names.get(subjectStaffId) ?? 'Someone no longer in the organisation';
        return record
          ? `${labels.kind[record.kind]} of ${name}, ${govukDate(record.date)}${record.authorName ? `, written by ${record.authorName}` : ''}`
          : `${name}’s supervision file (${draw.pool.find((e) => e.id === entryId)?.recordIds.length ?? 0} records)`;
      };
      const pool = draw.pool.map((entry) => ({
        id: entry.id,
        text: describe(entry.id, entry.subjectStaffId),
        rank: drawRank(draw.seed, entry.id),
        seenThisYear: entry.seenThisYear === true,
        pick: picked.get(entry.id),
      }));
      const picks = draw.picks.map((pick, i) => {
        const entry = draw.pool.find((e) => e.id === pick);
        const audit = assigned.find((a) =>
          isRecords ? a.subjectRecordId === pick : a.subjectStaffId === pick,
        );
        return {
          order: i + 1,
          id: pick,
          text: entry ? describe(entry.id, entry.subjectStaffId) : pick,
          rank: drawRank(draw.seed, pick),
          auditId: audit?.id,
        };
      });
      return {
        draw,
        plan,
        count,
        coverAllWithinYear,
        what: labels.subject[draw.auditOf],
        pool,
        picks,
        check,
        period: periodWords({ from: draw.periodFrom, to: draw.periodTo }),
      };
    },
  };
}
export type SamplingService = ReturnType<typeof samplingService>;
