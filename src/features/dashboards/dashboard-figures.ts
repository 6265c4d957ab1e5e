/**
 * The rows dashboards and reports share, built from a compliance view: each person's supervision
 * status, each allocated child's case supervision status, and each unit's figures. Every row
 * keeps the ids of the obligations behind it, so every figure can lead to its evidence.
 */
import type { ChildEntry, StaffEntry, UnitEntry } from '../../data-access/compliance-repository.ts';
import type { Repositories } from '../../data-access/index.ts';
import { yearWindow } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { addMonths } from '../../domain/compliance/dates.ts';
import type { Obligation } from '../../domain/compliance/index.ts';
import {
  annualMinimum,
  type ChildCaseStatus,
  childCaseStatus,
  isOpen,
  type MonthPoint,
  monthlyTrend,
  type PersonSupervisionStatus,
  personSupervisionStatus,
  type Timeliness,
  timeliness,
  yearToDate,
} from '../../domain/dashboards/index.ts';
import type { ObligationKind, SessionKind } from '../../domain/policy/vocabulary.ts';
import type { ComplianceView } from '../../services/compliance-service.ts';

export type PersonRow = PersonSupervisionStatus & {
  person: StaffEntry;
  team: UnitEntry | undefined;
};
export type ChildRow = ChildCaseStatus & { child: ChildEntry; worker: StaffEntry };

/** The columns of a unit's figures: what an inspector asks about, in the seeds' words. */
export const kindGroups: { id: string; label: string; kinds: ObligationKind[] }[] = [
  {
    id: 'supervision',
    label: 'Supervision',
    kinds: ['staff_supervision', 'staff_supervision_rebook'],
  },
  { id: 'case', label: 'Case supervision', kinds: ['case_supervision', 'event_supervision'] },
  { id: 'recording', label: 'Recording', kinds: ['recording'] },
  { id: 'observation', label: 'Observations', kinds: ['observation'] },
  { id: 'action', label: 'Actions', kinds: ['action'] },
];

export type GroupFigures = { timeliness: Timeliness; overdue: number };
export type UnitRow = { unit: UnitEntry; groups: Record<string, GroupFigures> };

/** Sessions that count towards staff supervision under the pack (one-to-ones by default). */
function countingKinds(view: ComplianceView): SessionKind[] {
  const kinds = view.pack.evidence
    .filter((e) => e.countsTowards === 'staff_supervision')
    .flatMap((e) => e.sessionKinds ?? []);
  return kinds.length > 0 ? kinds : ['one_to_one'];
}

function byKey<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The yearly minimum of the rule behind a person's supervision obligations. */
function minimumOf(view: ComplianceView, own: readonly Obligation[]): number | null {
  const ruleId = own.at(-1)?.rule.id;
  const rule = view.pack.staffSupervision.find((r) => r.id === ruleId);
  return rule ? annualMinimum(rule.frequency) : null;
}

/** Each person's supervision status: last held, next planned, due or overdue, count this year. */
export async function personRows(
  repos: Repositories,
  organisationId: string,
  view: ComplianceView,
  people: StaffEntry[],
): Promise<PersonRow[]> {
  const year = yearToDate(view.asOf, 'financial');
  const dates = await repos.compliance.sessionDates(
    organisationId,
    people.map((p) => p.id),
    { from: addMonths(year.from, -12), to: addMonths(view.asOf, 12) },
    countingKinds(view),
  );
  const held = byKey(
    dates.filter((d) => d.status === 'held'),
    (d) => d.staffId,
  );
  const next = new Map<string, IsoDate>();
  for (const d of dates)
    if (d.status === 'planned' && d.date >= view.asOf && !next.has(d.staffId))
      next.set(d.staffId, d.date);
  const own = byKey(
    view.obligations.filter(
      (o) => o.kind === 'staff_supervision' || o.kind === 'staff_supervision_rebook',
    ),
    (o) => o.subject.id,
  );
  return people.map((person) => {
    const obligations = own.get(person.externalId) ?? [];
    const status = personSupervisionStatus(
      person.externalId,
      obligations,
      (held.get(person.externalId) ?? []).map((d) => d.date),
      next.get(person.externalId) ?? null,
      minimumOf(view, obligations),
      year,
      view.asOf,
    );
    return {
      ...status,
      person,
      team: person.teamId ? view.directory.unitsById.get(person.teamId) : undefined,
    };
  });
}

/** Each open child allocated to these workers, with its case supervision status. */
export async function childRows(
  repos: Repositories,
  organisationId: string,
  view: ComplianceView,
  workers: StaffEntry[] | undefined,
): Promise<ChildRow[]> {
  const allocations = await repos.compliance.allocationsOn(
    organisationId,
    view.asOf,
    workers?.map((w) => w.id),
  );
  const ofChild = byKey(
    view.obligations.filter((o) => o.kind === 'case_supervision' || o.kind === 'event_supervision'),
    (o) => o.subject.id,
  );
  const rows: ChildRow[] = [];
  for (const a of allocations) {
    const child = view.directory.children.get(a.childId);
    const worker = view.directory.staff.get(a.workerId);
    if (!child || !worker) continue;
    const status = childCaseStatus(a.childId, a.workerId, ofChild.get(a.childId) ?? [], view.asOf);
    rows.push({ ...status, child, worker });
  }
  return rows;
}

/** The unit an obligation belongs to: its person's team, or the team of the child's worker. */
export function unitOf(view: ComplianceView): (o: Obligation) => string | undefined {
  const { staff, units } = view.directory;
  return (o) => {
    if (o.subject.kind === 'team') return units.get(o.subject.id)?.id;
    const person = o.subject.kind === 'staff' ? o.subject.id : (o.workerId ?? o.responsibleId);
    return person ? (staff.get(person)?.teamId ?? undefined) : undefined;
  };
}

/** Each unit's figures over the twelve months to the as-of date, counted under every ancestor. */
export function unitRows(view: ComplianceView, units: UnitEntry[]): UnitRow[] {
  const { unitsById } = view.directory;
  const wanted = new Set(units.map((u) => u.id));
  // Which of the wanted units each leaf unit counts under (itself or an ancestor).
  const shownAs = new Map<string, string | undefined>();
  const shown = (id: string | undefined): string | undefined => {
    if (id === undefined) return undefined;
    if (shownAs.has(id)) return shownAs.get(id);
    const seen = new Set<string>();
    let at: string | null | undefined = id;
    while (at && !wanted.has(at) && !seen.has(at)) {
      seen.add(at);
      at = unitsById.get(at)?.parentId;
    }
    const out = at && wanted.has(at) ? at : undefined;
    shownAs.set(id, out);
    return out;
  };
  const from = yearWindow(view.asOf, 'rolling').start;
  const leafOf = unitOf(view);
  const byUnit = new Map<string, Obligation[]>();
  for (const o of view.obligations) {
    const unit = shown(leafOf(o));
    if (unit === undefined) continue;
    const list = byUnit.get(unit) ?? [];
    list.push(o);
    byUnit.set(unit, list);
  }
  return units.map((unit) => ({
    unit,
    groups: groupFigures(byUnit.get(unit.id) ?? [], from, view.asOf),
  }));
}

/** Each column's figures over obligations: the share met on time since `from`, overdue now. */
export function groupFigures(
  obligations: readonly Obligation[],
  from: IsoDate,
  asOf: IsoDate,
): Record<string, GroupFigures> {
  const groups: Record<string, GroupFigures> = {};
  for (const group of kindGroups) {
    const of = obligations.filter((o) => group.kinds.includes(o.kind));
    groups[group.id] = {
      timeliness: timeliness(of, from, asOf, asOf),
      overdue: of.filter((o) => o.state === 'overdue').length,
    };
  }
  return groups;
}

/** Twelve months of each group's share met on time, for the trend chart and its table. */
export function trends(
  view: ComplianceView,
): { group: (typeof kindGroups)[number]; points: MonthPoint[] }[] {
  return kindGroups.slice(0, 3).map((group) => ({
    group,
    points: monthlyTrend(
      view.obligations.filter((o) => group.kinds.includes(o.kind)),
      view.asOf,
    ),
  }));
}

export const openOf = (obligations: readonly Obligation[], kinds: readonly ObligationKind[]) =>
  obligations.filter((o) => kinds.includes(o.kind) && isOpen(o.state));
