/**
 * The evaluation context: the snapshot indexed once (by staff, child and team) so that each
 * obligation kind looks up its evidence in a map instead of scanning every session.
 */

import type {
  Bundle,
  BundleAbsence,
  BundleChild,
  BundleRecord,
  BundleRelationship,
  BundleSession,
  BundleStaff,
} from '../bundle/schema.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import type { SupervisoryRelationshipKind } from '../organisation/vocabulary.ts';
import type { PolicyPack, RuleSource, StaffMatch } from '../policy/schema.ts';
import type { RecordKind, SessionKind, TeamType } from '../policy/vocabulary.ts';
import { addDays, addMonths, lowerBound, upperBound } from './dates.ts';
import type { ComplianceScope } from './scope.ts';
import type { CalendarPort, Obligation, ObligationState, ObligationSubject } from './types.ts';

/** Dated evidence, sorted by date. */
export class EvidenceList {
  readonly dates: IsoDate[] = [];
  readonly ids: string[] = [];
  readonly extra: (BundleRecord | BundleSession)[] = [];

  /** Evidence from sessions or records (a fresh array, sorted here by date then id). */
  static of(items: (BundleRecord | BundleSession)[]): EvidenceList {
    const list = new EvidenceList();
    items.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id < y.id ? -1 : 1));
    for (const item of items) {
      list.dates.push(item.date);
      list.ids.push(item.id);
      list.extra.push(item);
    }
    return list;
  }

  /** Index of the first evidence on or after `from` (strictly after when `after`), or -1. */
  firstFrom(from: IsoDate, until: IsoDate, strictlyAfter = false): number {
    const i = strictlyAfter ? upperBound(this.dates, from) : lowerBound(this.dates, from);
    return i < this.dates.length && (this.dates[i] as IsoDate) <= until ? i : -1;
  }

  /** Indexes of evidence in [from, to]. */
  range(from: IsoDate, to: IsoDate): number[] {
    const out: number[] = [];
    for (
      let i = lowerBound(this.dates, from);
      i < this.dates.length && (this.dates[i] as IsoDate) <= to;
      i++
    ) {
      out.push(i);
    }
    return out;
  }

  /** The evidence on or after a date. */
  onOrAfter(date: IsoDate): EvidenceList {
    const i = lowerBound(this.dates, date);
    if (i === 0) return this;
    const out = new EvidenceList();
    out.dates.push(...this.dates.slice(i));
    out.ids.push(...this.ids.slice(i));
    out.extra.push(...this.extra.slice(i));
    return out;
  }

  /** Index of the last evidence strictly before `date`, or -1. */
  lastBefore(date: IsoDate): number {
    return lowerBound(this.dates, date) - 1;
  }
}

const empty = new EvidenceList();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function active(span: { from: IsoDate; to?: IsoDate | undefined }, date: IsoDate): boolean {
  return span.from <= date && (span.to === undefined || date <= span.to);
}

/**
 * A context over people alone (no children, sessions or records): enough to ask who a staff
 * rule matches, as the engine itself decides it, without a whole organisation.
 */
export function staffContext(
  people: Pick<Bundle, 'orgUnits' | 'staff' | 'relationships'>,
  pack: PolicyPack,
  on: IsoDate,
  calendar: CalendarPort,
): Context {
  const bundle: Bundle = {
    format: 'oversight-bundle/1',
    organisation: {
      id: 'staff',
      name: 'staff',
      policy: pack.id,
      bankHolidayRegion: 'england-and-wales',
    },
    ...people,
    absences: [],
    children: [],
    sessions: [],
    records: [],
    audits: [],
    actions: [],
  };
  return new Context(bundle, pack, on, calendar);
}

export class Context {
  readonly staffById = new Map<string, BundleStaff>();
  readonly childById = new Map<string, BundleChild>();
  readonly teamType = new Map<string, TeamType | undefined>();
  readonly relationshipsBySupervisee = new Map<string, BundleRelationship[]>();
  readonly relationshipsBySupervisor = new Map<string, BundleRelationship[]>();
  readonly absencesByStaff = new Map<string, BundleAbsence[]>();
  readonly sessionsByParticipant = new Map<string, BundleSession[]>();
  readonly sessionsByTeam = new Map<string, BundleSession[]>();
  readonly recordsByChild = new Map<string, BundleRecord[]>();
  readonly recordsByStaff = new Map<string, BundleRecord[]>();
  readonly sessionById = new Map<string, BundleSession>();
  private readonly cache = new Map<string, EvidenceList>();
  private soonUntil: IsoDate | undefined;
  private readonly subjects = new Map<string, ObligationSubject>();
  private readonly periodCache = new Map<string, IsoDate>();

  /** The staff whose own obligations are derived: everyone, or the scope's. */
  readonly evaluatedStaff: readonly BundleStaff[];

  constructor(
    readonly bundle: Bundle,
    readonly pack: PolicyPack,
    readonly asOf: IsoDate,
    readonly calendar: CalendarPort,
    readonly scope?: ComplianceScope,
  ) {
    this.evaluatedStaff = scope
      ? bundle.staff.filter((s) => scope.staffIds.has(s.id))
      : bundle.staff;
    for (const s of bundle.staff) this.staffById.set(s.id, s);
    for (const c of bundle.children) this.childById.set(c.id, c);
    for (const u of bundle.orgUnits) this.teamType.set(u.id, u.teamType);
    for (const r of bundle.relationships) {
      push(this.relationshipsBySupervisee, r.superviseeId, r);
      push(this.relationshipsBySupervisor, r.supervisorId, r);
    }
    for (const a of bundle.absences) push(this.absencesByStaff, a.staffId, a);
    for (const s of bundle.sessions) {
      this.sessionById.set(s.id, s);
      if (s.date > asOf) continue;
      for (const p of s.participantIds) push(this.sessionsByParticipant, p, s);
      if (s.teamId) push(this.sessionsByTeam, s.teamId, s);
    }
    for (const r of bundle.records) {
      if (r.date > asOf) continue;
      for (const c of r.childIds) push(this.recordsByChild, c, r);
      for (const s of r.staffIds) push(this.recordsByStaff, s, r);
    }
  }

  /** Is this staff member's own work evaluated (always, without a scope)? */
  inScope(staffId: string): boolean {
    return this.scope === undefined || this.scope.staffIds.has(staffId);
  }

  teamInScope(teamId: string): boolean {
    return this.scope === undefined || this.scope.teamIds.has(teamId);
  }

  /** Held sessions of these kinds with this participant, as evidence. */
  sessionEvidence(
    staffId: string,
    kinds: readonly SessionKind[],
    minimumMinutes?: number,
  ): EvidenceList {
    const key = `s|${staffId}|${kinds.join(',')}|${minimumMinutes ?? ''}`;
    let list = this.cache.get(key);
    if (!list) {
      const sessions = this.sessionsByParticipant.get(staffId) ?? [];
      list = EvidenceList.of(
        sessions.filter(
          (s) =>
            s.status === 'held' &&
            kinds.includes(s.kind) &&
            (minimumMinutes === undefined ||
              s.minutes === undefined ||
              s.minutes >= minimumMinutes),
        ),
      );
      this.cache.set(key, list);
    }
    return list;
  }

  teamSessionEvidence(teamId: string, kinds: readonly SessionKind[]): EvidenceList {
    const sessions = this.sessionsByTeam.get(teamId) ?? [];
    return EvidenceList.of(sessions.filter((s) => s.status === 'held' && kinds.includes(s.kind)));
  }

  /** Records of these kinds about a child, optionally only those naming a worker. */
  childRecordEvidence(
    childId: string,
    kinds: readonly RecordKind[],
    workerId?: string,
  ): EvidenceList {
    const records = this.recordsByChild.get(childId);
    if (!records) return empty;
    return EvidenceList.of(
      records.filter(
        (r) => kinds.includes(r.kind) && (workerId === undefined || r.staffIds.includes(workerId)),
      ),
    );
  }

  staffRecordEvidence(staffId: string, kinds: readonly RecordKind[]): EvidenceList {
    const records = this.recordsByStaff.get(staffId);
    if (!records) return empty;
    return EvidenceList.of(records.filter((r) => kinds.includes(r.kind)));
  }

  /** The supervisor in one of these relationships on a date (line management by default). */
  supervisorOn(
    staffId: string,
    date: IsoDate,
    kinds: readonly SupervisoryRelationshipKind[] = ['line_management'],
  ): string | null {
    const rels = this.relationshipsBySupervisee.get(staffId) ?? [];
    for (const r of rels) if (kinds.includes(r.kind) && active(r, date)) return r.supervisorId;
    for (const r of rels) if (r.kind === 'cover' && active(r, date)) return r.supervisorId;
    return null;
  }

  teamTypeOf(staffId: string): TeamType | undefined {
    const teamId = this.staffById.get(staffId)?.teamId;
    return teamId ? this.teamType.get(teamId) : undefined;
  }

  /** Does a staff member match a rule's criteria on a date? */
  matchesStaff(match: StaffMatch, staff: BundleStaff, date: IsoDate): boolean {
    if (match.roleCategories && !match.roleCategories.includes(staff.roleCategory)) return false;
    if (match.notRoleCategories?.includes(staff.roleCategory)) return false;
    if (match.caseHolding !== undefined && match.caseHolding !== staff.caseHolding) return false;
    const hours = match.contractedHours;
    if (hours?.atLeast !== undefined && staff.contractedHours < hours.atLeast) return false;
    if (hours?.below !== undefined && staff.contractedHours >= hours.below) return false;
    if (match.asye !== undefined && match.asye !== this.inAsye(staff, date)) return false;
    if (match.studentOrApprentice !== undefined) {
      const student = staff.roleCategory === 'student' || staff.roleCategory === 'apprentice';
      if (match.studentOrApprentice !== student) return false;
    }
    if (match.probation !== undefined) {
      const onProbation = staff.probationEndDate !== undefined && date <= staff.probationEndDate;
      if (match.probation !== onProbation) return false;
    }
    if (match.teamTypes) {
      const type = this.teamTypeOf(staff.id);
      if (!type || !match.teamTypes.includes(type)) return false;
    }
    if (match.isSupervisor !== undefined || match.managesCaseHolders !== undefined) {
      const reports = (this.relationshipsBySupervisor.get(staff.id) ?? []).filter((r) =>
        active(r, date),
      );
      if (match.isSupervisor !== undefined && match.isSupervisor !== reports.length > 0)
        return false;
      if (match.managesCaseHolders !== undefined) {
        const manages = reports.some(
          (r) =>
            r.kind === 'line_management' &&
            this.staffById.get(r.superviseeId)?.caseHolding === true,
        );
        if (match.managesCaseHolders !== manages) return false;
      }
    }
    return true;
  }

  /** The ASYE lasts twelve months from its start. */
  inAsye(staff: BundleStaff, date: IsoDate): boolean {
    return (
      staff.asyeStartDate !== undefined &&
      staff.asyeStartDate <= date &&
      date < addMonths(staff.asyeStartDate, 12)
    );
  }

  /** Dates on which a staff member's matching may change. */
  staffBoundaries(staff: BundleStaff): IsoDate[] {
    const out: IsoDate[] = [];
    if (staff.asyeStartDate) out.push(staff.asyeStartDate, addMonths(staff.asyeStartDate, 12));
    if (staff.probationEndDate) out.push(staff.probationEndDate);
    for (const r of this.relationshipsBySupervisor.get(staff.id) ?? []) {
      out.push(r.from);
      if (r.to) out.push(r.to);
    }
    return out;
  }

  absenceOn(staffId: string, date: IsoDate): BundleAbsence | undefined {
    return (this.absencesByStaff.get(staffId) ?? []).find((a) => active(a, date));
  }

  /** The first working day after an absence ends. */
  returnDay(absence: BundleAbsence): IsoDate | undefined {
    if (!absence.to) return undefined;
    let day = this.calendar.addPeriod(absence.to, { unit: 'days', count: 1 });
    while (!this.calendar.isWorkingDay(day))
      day = this.calendar.addPeriod(day, { unit: 'days', count: 1 });
    return day;
  }

  /** One shared subject object per staff member, child or team. */
  subject(kind: ObligationSubject['kind'], id: string): ObligationSubject {
    const key = `${kind}|${id}`;
    let subject = this.subjects.get(key);
    if (!subject) {
      subject = { kind, id } as ObligationSubject;
      this.subjects.set(key, subject);
    }
    return subject;
  }

  /** The state of an obligation from its due date and the date it was met. */
  stateOf(dueDate: IsoDate | null, metOn: IsoDate | undefined): ObligationState {
    if (metOn !== undefined) return dueDate === null || metOn <= dueDate ? 'met' : 'met_late';
    if (dueDate === null) return 'due';
    if (this.asOf > dueDate) return 'overdue';
    this.soonUntil ??= this.calendar.addPeriod(this.asOf, this.pack.dueSoonLead);
    if (this.soonUntil >= dueDate) return 'due_soon';
    return 'due';
  }

  /** Memoised: many records share a date, and working-day arithmetic walks the calendar. */
  addPeriod(date: IsoDate, period: Period): IsoDate {
    if (period.unit === 'days') return addDays(date, period.count);
    if (period.unit === 'weeks') return addDays(date, period.count * 7);
    if (period.unit === 'months') return addMonths(date, period.count);
    const key = `${date}|${period.unit}|${period.count}`;
    let out = this.periodCache.get(key);
    if (out === undefined) {
      out = this.calendar.addPeriod(date, period);
      this.periodCache.set(key, out);
    }
    return out;
  }
}

export type RuleRef = { id: string; source: RuleSource; note?: string | undefined };

/** The evidence list of an unmet obligation, shared (obligations are never mutated in place). */
export const noEvidence: string[] = Object.freeze([]) as unknown as string[];

const refs = new WeakMap<RuleRef, Obligation['rule']>();

/** The rule as an obligation names it; one shared object per rule. */
export function ruleRef(rule: RuleRef): Obligation['rule'] {
  let ref = refs.get(rule);
  if (!ref) {
    ref =
      rule.note === undefined
        ? { id: rule.id, source: rule.source }
        : { id: rule.id, source: rule.source, note: rule.note };
    refs.set(rule, ref);
  }
  return ref;
}

/** The stable id of an obligation: its non-empty parts joined by ':'. */
export function obligationId(parts: (string | null | undefined)[]): string {
  let out = '';
  for (const p of parts) {
    if (p === undefined || p === null || p === '') continue;
    out = out === '' ? p : `${out}:${p}`;
  }
  return out;
}
