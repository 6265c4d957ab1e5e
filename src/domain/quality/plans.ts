/**
 * Sampling plans: the pack's audit rules that draw a sample, who each applies to as auditor
 * (matched as the compliance engine matches staff), where the sample is drawn from, and the
 * candidates a plan's pool holds. Pure: the service reads the rows, these decide.
 */
import type { BundleRelationship, BundleStaff } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import { active, staffContext } from '../compliance/context.ts';
import type { CalendarPort } from '../compliance/types.ts';
import { unitAndDescendants } from '../organisation/units.ts';
import type { RoleCategory } from '../organisation/vocabulary.ts';
import type { AuditRule, AuditTool, PolicyPack, SamplePool } from '../policy/schema.ts';
import type { TeamType } from '../policy/vocabulary.ts';
import type { SampleCandidate } from './sampling.ts';

type SampleSubjects = Extract<AuditRule['subjects'], { kind: 'sample' }>;

/** An audit rule that draws a sample each period (the rest audit each report). */
export type SamplingPlan = AuditRule & { subjects: SampleSubjects };

export function samplingPlans(pack: PolicyPack): SamplingPlan[] {
  return pack.audits.filter((rule): rule is SamplingPlan => rule.subjects.kind === 'sample');
}

/** The tool a plan's audits are answered on: the one it names, or the pack's first for its subject. */
export function auditToolFor(pack: PolicyPack, plan: SamplingPlan): AuditTool | undefined {
  const tools = pack.auditTools ?? [];
  if (plan.tool !== undefined) return tools.find((tool) => tool.id === plan.tool);
  return tools.find((tool) => tool.of.includes(plan.subjects.of));
}

export type ShapeUnit = {
  id: string;
  parentId: string | null;
  managerId: string | null;
  teamType?: TeamType | undefined;
};

/** What matching staff to a plan needs, with the ids as stored. */
export type OrganisationShape = {
  units: readonly ShapeUnit[];
  staff: readonly BundleStaff[];
  relationships: readonly BundleRelationship[];
};

export const inPost = (staff: Pick<BundleStaff, 'startDate' | 'leavingDate'>, date: IsoDate) =>
  staff.startDate <= date && (staff.leavingDate === undefined || staff.leavingDate >= date);

/**
 * The staff in post a plan applies to as auditor on a date. The compliance engine's own
 * matching decides (role, team type, whether they supervise anyone …), so a plan's auditors
 * are exactly those the engine holds to its quota.
 */
export function planAuditors(
  plan: SamplingPlan,
  shape: OrganisationShape,
  pack: PolicyPack,
  date: IsoDate,
  calendar: CalendarPort,
): BundleStaff[] {
  const ctx = staffContext(
    {
      orgUnits: shape.units.map((u) => ({
        id: u.id,
        kind: 'team',
        name: u.id,
        ...(u.parentId ? { parentId: u.parentId } : {}),
        ...(u.teamType ? { teamType: u.teamType } : {}),
      })),
      staff: [...shape.staff],
      relationships: [...shape.relationships],
    },
    pack,
    date,
    calendar,
  );
  return shape.staff.filter((s) => inPost(s, date) && ctx.matchesStaff(plan.auditor, s, date));
}

/**
 * The units a sample is drawn from, or null for the whole organisation: the units the auditor
 * manages with everything beneath them; or the other teams of their service, everything under the unit
 * above their own team except their team (peer audit); or the organisation.
 */
export function poolUnitIds(
  pool: SamplePool,
  units: readonly ShapeUnit[],
  auditor: { id: string; teamId?: string | undefined },
): ReadonlySet<string> | null {
  switch (pool) {
    case 'organisation':
      return null;
    case 'other_teams_in_service': {
      // The peers' teams: everything under the auditor's team's parent but their own team.
      const own = units.find((u) => u.id === auditor.teamId);
      if (!own?.parentId) return new Set();
      const mine = unitAndDescendants(units, own.id);
      return new Set([...unitAndDescendants(units, own.parentId)].filter((id) => !mine.has(id)));
    }
    case 'managed_units': {
      const out = new Set<string>();
      for (const unit of units)
        if (unit.managerId === auditor.id)
          for (const id of unitAndDescendants(units, unit.id)) out.add(id);
      return out;
    }
  }
}

/** Who may be sampled: in the pool's units, with one of the plan's roles (any when none). */
export type PoolScope = {
  units: ReadonlySet<string> | null;
  roles?: readonly RoleCategory[] | undefined;
};

const inScope = (
  scope: PoolScope,
  person: { teamId?: string | undefined; roleCategory: RoleCategory } | undefined,
) =>
  person !== undefined &&
  (scope.units === null || (person.teamId !== undefined && scope.units.has(person.teamId))) &&
  (scope.roles === undefined || scope.roles.includes(person.roleCategory));

/** A shared or signed record of supervision, with the person it is about first. */
export type RecordRow = {
  id: string;
  authorId: string | null;
  observerId: string | null;
  superviseeId: string | null;
};

/** Record candidates: each record whose supervisee is in scope; its writers are excluded later. */
export function recordCandidates(
  rows: readonly RecordRow[],
  staffById: ReadonlyMap<string, BundleStaff>,
  scope: PoolScope,
): SampleCandidate[] {
  return rows.flatMap((row) => {
    if (!row.superviseeId || !inScope(scope, staffById.get(row.superviseeId))) return [];
    return [
      {
        id: row.id,
        subjectStaffId: row.superviseeId,
        writerIds: [row.authorId, row.observerId].filter((w): w is string => w !== null),
        recordIds: [row.id],
      },
    ];
  });
}

/** A record in a supervisee's file: about them (first named), shared or signed. */
export type FileRecordRow = RecordRow & { superviseeId: string };

/**
 * File candidates: each person in post and in scope, with the records about them. Whoever
 * supervises them now or wrote any of the records is a writer of the file.
 */
export function fileCandidates(
  shape: OrganisationShape,
  rows: readonly FileRecordRow[],
  scope: PoolScope,
  date: IsoDate,
  seenThisYear?: ReadonlySet<string>,
): SampleCandidate[] {
  const bySupervisee = new Map<string, FileRecordRow[]>();
  for (const row of rows) {
    const list = bySupervisee.get(row.superviseeId);
    if (list) list.push(row);
    else bySupervisee.set(row.superviseeId, [row]);
  }
  return shape.staff
    .filter((s) => inPost(s, date) && inScope(scope, s))
    .map((s) => {
      const records = bySupervisee.get(s.id) ?? [];
      const supervisors = shape.relationships
        .filter((r) => r.superviseeId === s.id && active(r, date))
        .map((r) => r.supervisorId);
      // The line manager supervises too, with or without a relationship row (as can() reads it).
      const writers = new Set(
        [
          ...supervisors,
          s.lineManagerId ?? null,
          ...records.flatMap((r) => [r.authorId, r.observerId]),
        ].filter((w): w is string => w !== null),
      );
      const candidate: SampleCandidate = {
        id: s.id,
        subjectStaffId: s.id,
        writerIds: [...writers],
        recordIds: records.map((r) => r.id),
      };
      if (seenThisYear?.has(s.id)) candidate.seenThisYear = true;
      return candidate;
    });
}

/** Who the feedback of a file audit goes to: the line manager, else a current supervisor. */
export function fileSupervisor(
  shape: OrganisationShape,
  staffId: string,
  date: IsoDate,
): string | null {
  const person = shape.staff.find((s) => s.id === staffId);
  if (person?.lineManagerId) return person.lineManagerId;
  const current = shape.relationships.filter((r) => r.superviseeId === staffId && active(r, date));
  return (
    current.find((r) => r.kind === 'line_management')?.supervisorId ??
    current[0]?.supervisorId ??
    null
  );
}
