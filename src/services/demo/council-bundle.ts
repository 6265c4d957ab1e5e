/**
 * A synthetic large council for benchmarks and scale tests: services of areas of teams (eight
 * case-holding workers and a manager each), about one worker per 18 children, line management,
 * some absences, and children with at least two status episodes and two allocations each.
 * Supervision sessions and their records are optional and light. Deterministic for the same
 * options, and fast: dates are worked as day numbers and written out once.
 */
import type {
  Bundle,
  BundleAbsence,
  BundleChild,
  BundleRecord,
  BundleRelationship,
  BundleSession,
  BundleStaff,
} from '../../domain/bundle/schema.ts';
import {
  fromEpochDay,
  type IsoDate,
  parseIsoDate,
  toEpochDay,
} from '../../domain/calendar/index.ts';
import type { ChildStatus } from '../../domain/policy/vocabulary.ts';
import { createRandom } from './random.ts';

export interface CouncilOptions {
  children: number;
  /**
   * All staff, managers and business support included, five at least (default: one case-holding
   * worker per 18 children and the managers they need).
   */
  staff?: number;
  today: IsoDate;
  seed?: number;
  /** Six months of monthly one-to-ones, each with a personal supervision record. */
  sessions?: boolean;
}

const workersPerTeam = 8;
const teamsPerArea = 6;
const areasPerService = 4;

const firstNames = (
  'Alex Sam Jo Chris Pat Robin Jamie Morgan Taylor Casey Jordan Riley Avery Charlie Drew ' +
  'Hayden Kim Lee Rowan Sasha'
).split(' ');
const lastNames = (
  'Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson Wood ' +
  'Thompson Evans Walker White Roberts Green Hall Khan'
).split(' ');

type OrgUnit = Bundle['orgUnits'][number];

interface Shape {
  workers: number;
  teams: number;
  areas: number;
  services: number;
}

function shapeFor(workers: number): Shape {
  const teams = Math.ceil(workers / workersPerTeam);
  const areas = Math.ceil(teams / teamsPerArea);
  const services = Math.ceil(areas / areasPerService);
  return { workers, teams, areas, services };
}

/** Director, heads of service, area managers, team managers and workers. */
function headcount(shape: Shape): number {
  return 1 + shape.services + shape.areas + shape.teams + shape.workers;
}

/** The largest structure that fits in the staff asked for; business support makes up the rest. */
function shapeForStaff(staff: number): Shape {
  let workers = Math.max(1, Math.floor((staff * workersPerTeam) / (workersPerTeam + 1.3)));
  while (workers > 1 && headcount(shapeFor(workers)) > staff) workers--;
  while (headcount(shapeFor(workers + 1)) <= staff) workers++;
  return shapeFor(workers);
}

export function councilBundle(options: CouncilOptions): Bundle {
  const today = toEpochDay(parseIsoDate(options.today));
  const random = createRandom(options.seed ?? 1);
  const int = (min: number, max: number) => min + Math.floor(random.next() * (max - min + 1));
  const dates = new Map<number, IsoDate>();
  const iso = (day: number): IsoDate => {
    let date = dates.get(day);
    if (date === undefined) {
      date = fromEpochDay(day);
      dates.set(day, date);
    }
    return date;
  };

  const span = (closed: number | undefined): { to?: IsoDate } =>
    closed === undefined ? {} : { to: iso(closed) };

  const shape =
    options.staff === undefined
      ? shapeFor(Math.max(1, Math.ceil(options.children / 18)))
      : shapeForStaff(options.staff);
  const orgUnits: OrgUnit[] = [
    { id: 'council', kind: 'organisation', name: 'Synthetic County Council', managerId: 'st-dir' },
  ];
  const staff: BundleStaff[] = [];
  const relationships: BundleRelationship[] = [];
  const starts = new Map<string, number>();
  const person = (
    id: string,
    roleCategory: BundleStaff['roleCategory'],
    teamId: string,
    start: number,
    lineManagerId?: string,
  ) => {
    const member: BundleStaff = {
      id,
      name: `${firstNames[int(0, firstNames.length - 1)]} ${lastNames[int(0, lastNames.length - 1)]}`,
      roleCategory,
      teamId,
      caseHolding: ['social_worker', 'senior_practitioner', 'family_help_worker'].includes(
        roleCategory,
      ),
      contractedHours: random.next() < 0.15 ? 22.5 : 37,
      startDate: iso(start),
    };
    if (lineManagerId) {
      member.lineManagerId = lineManagerId;
      relationships.push({
        id: `rel-${id}`,
        superviseeId: id,
        supervisorId: lineManagerId,
        kind: 'line_management',
        from: iso(Math.max(start, starts.get(lineManagerId) ?? start)),
      });
    }
    starts.set(id, start);
    staff.push(member);
  };
  const longServing = () => today - int(2000, 6000);

  person('st-dir', 'senior_manager', 'council', longServing());
  for (let s = 0; s < shape.services; s++) {
    orgUnits.push({
      id: `svc-${s}`,
      kind: 'service',
      name: `Service ${s + 1}`,
      parentId: 'council',
      managerId: `st-svc-${s}`,
    });
    person(`st-svc-${s}`, 'senior_manager', `svc-${s}`, longServing(), 'st-dir');
  }
  for (let a = 0; a < shape.areas; a++) {
    const service = Math.floor(a / areasPerService);
    orgUnits.push({
      id: `area-${a}`,
      kind: 'area',
      name: `Area ${a + 1}`,
      parentId: `svc-${service}`,
      managerId: `st-area-${a}`,
    });
    person(`st-area-${a}`, 'operations_manager', `area-${a}`, longServing(), `st-svc-${service}`);
  }
  /** Case-holding workers of each team, the first of them there longest. */
  const teamWorkers: string[][] = [];
  const familyHelp: boolean[] = [];
  for (let t = 0; t < shape.teams; t++) {
    const area = Math.floor(t / teamsPerArea);
    const fh = t % 3 === 2;
    familyHelp.push(fh);
    orgUnits.push({
      id: `team-${t}`,
      kind: 'team',
      name: `${fh ? 'Family Help' : 'Social Work'} Team ${t + 1}`,
      parentId: `area-${area}`,
      teamType: fh ? 'family_help' : 'social_work',
      managerId: `st-tm-${t}`,
    });
    person(`st-tm-${t}`, 'team_manager', `team-${t}`, longServing(), `st-area-${area}`);
    teamWorkers.push([]);
  }
  for (let w = 0; w < shape.workers; w++) {
    const t = Math.floor(w / workersPerTeam);
    const first = w % workersPerTeam === 0;
    const start = first
      ? today - int(2100, 4000)
      : random.next() < 0.15
        ? today - int(30, 399)
        : today - int(400, 4000);
    const role = familyHelp[t]
      ? 'family_help_worker'
      : first
        ? 'senior_practitioner'
        : 'social_worker';
    const id = `st-${w}`;
    person(id, role, `team-${t}`, start, `st-tm-${t}`);
    teamWorkers[t]?.push(id);
  }
  const padding = options.staff === undefined ? 0 : options.staff - headcount(shape);
  if (padding > 0) {
    orgUnits.push({
      id: 'bs',
      kind: 'team',
      name: 'Business Support',
      parentId: 'council',
      teamType: 'other',
    });
    for (let b = 0; b < padding; b++)
      person(`st-bs-${b}`, 'business_support', 'bs', today - int(100, 4000), 'st-dir');
  }

  const absences: BundleAbsence[] = [];
  for (const member of staff) {
    const roll = random.next();
    if (roll >= 0.15) continue;
    const from = today - int(10, 360);
    if (from < (starts.get(member.id) as number)) continue;
    const kind = roll < 0.1 ? 'annual_leave' : roll < 0.145 ? 'sickness' : 'maternity';
    const absence: BundleAbsence = {
      id: `abs-${absences.length}`,
      staffId: member.id,
      kind,
      from: iso(from),
    };
    if (kind !== 'maternity') absence.to = iso(Math.min(today - 1, from + int(1, 14)));
    absences.push(absence);
  }

  const children: BundleChild[] = [];
  const socialWork: ChildStatus[] = [
    'child_in_need',
    'child_in_need',
    'child_protection',
    'child_in_care',
    'care_leaver',
    'short_breaks',
  ];
  for (let c = 0; c < options.children; c++) {
    const t = c % shape.teams;
    const workers = teamWorkers[t] as string[];
    const opened = today - int(60, 1800);
    const closed = random.next() < 0.25 ? opened + int(40, today - 1 - opened) : undefined;
    const end = closed ?? today;
    const firstSpan = int(15, Math.min(60, end - opened - 10));
    const statuses: BundleChild['statuses'] = [];
    const main: ChildStatus = familyHelp[t]
      ? 'early_help'
      : (socialWork[int(0, socialWork.length - 1)] as ChildStatus);
    statuses.push({
      status: familyHelp[t] ? 'caf' : 'assessment',
      from: iso(opened),
      to: iso(opened + firstSpan - 1),
    });
    const mainFrom = opened + firstSpan;
    if (main === 'child_protection' && end - mainFrom > 120 && random.next() < 0.5) {
      const cpFrom = mainFrom + int(30, end - mainFrom - 60);
      statuses.push({ status: 'child_in_need', from: iso(mainFrom), to: iso(cpFrom - 1) });
      statuses.push({ status: 'child_protection', from: iso(cpFrom), ...span(closed) });
    } else statuses.push({ status: main, from: iso(mainFrom), ...span(closed) });

    // A worker of the team who had started by then (the first of them always had).
    const pickWorker = (day: number, not?: string) => {
      const ready = (id: string) => id !== not && (starts.get(id) as number) <= day;
      for (let attempt = 0; attempt < 4; attempt++) {
        const id = workers[int(0, workers.length - 1)] as string;
        if (ready(id)) return id;
      }
      return workers.find(ready) ?? (workers[0] as string);
    };
    const transfer = opened + int(20, end - opened - 10);
    const firstWorker = pickWorker(opened);
    const secondWorker = pickWorker(transfer, firstWorker);
    const role = familyHelp[t] && random.next() < 0.5 ? 'lead_professional' : 'key_worker';
    const allocations: BundleChild['allocations'] = [
      {
        workerId: firstWorker,
        role,
        from: iso(Math.max(opened, starts.get(firstWorker) as number)),
        to: iso(transfer - 1),
      },
      {
        workerId: secondWorker,
        role,
        from: iso(Math.max(transfer, starts.get(secondWorker) as number)),
        ...span(closed),
      },
    ];
    const child: BundleChild = {
      id: `ch-${c}`,
      caseId: `LCS-${200_000 + c}`,
      dateOfBirth: iso(
        main === 'care_leaver' ? today - int(6600, 7600) : opened - int(30, 15 * 365),
      ),
      openedAt: iso(opened),
      statuses,
      flags: random.next() < 0.05 ? [{ flag: 'most_concern', from: iso(mainFrom) }] : [],
      allocations,
    };
    if (closed !== undefined) child.closedAt = iso(closed);
    children.push(child);
  }

  const sessions: BundleSession[] = [];
  const records: BundleRecord[] = [];
  if (options.sessions) {
    for (const member of staff) {
      if (!member.lineManagerId) continue;
      for (let m = 6; m >= 1; m--) {
        const day = today - m * 30 + int(-5, 5);
        if (day < (starts.get(member.id) as number)) continue;
        const id = `ses-${sessions.length}`;
        const held = random.next() > 0.05;
        sessions.push({
          id,
          kind: 'one_to_one',
          date: iso(day),
          minutes: 60,
          supervisorId: member.lineManagerId,
          participantIds: [member.id],
          status: held ? 'held' : 'cancelled',
          ...(held ? {} : { cancellationReason: 'other' as const }),
        });
        if (!held) continue;
        records.push({
          id: `rec-${records.length}`,
          kind: 'personal_supervision',
          date: iso(day),
          sessionId: id,
          authorId: member.lineManagerId,
          staffIds: [member.id],
          childIds: [],
          writtenAt: iso(Math.min(today, day + int(0, 8))),
        });
      }
    }
  }

  return {
    format: 'oversight-bundle/1',
    organisation: {
      id: 'synthetic-council',
      name: 'Synthetic County Council',
      policy: 'systemic-4x4x4',
      bankHolidayRegion: 'england-and-wales',
    },
    orgUnits,
    staff,
    relationships,
    absences,
    children,
    sessions,
    records,
    audits: [],
    actions: [],
  };
}
