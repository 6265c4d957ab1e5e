/**
 * Synthetic councils for demos, benchmarks and scale tests: services of areas of teams (eight
 * case-holding workers and a manager each), about one worker per 18 children, line management,
 * absences, and children with status episodes and allocations. Without `history` it is today's
 * snapshot with light optional supervision; with it, years of history to the rhythm of the
 * council's policy pack (turnover, one-to-ones, case supervision, oversight, groups,
 * observations, PDRs, actions, audits). Deterministic for the same options, and fast: dates are
 * worked as day numbers and written out once.
 */
import type {
  Bundle,
  BundleAbsence,
  BundleAction,
  BundleAudit,
  BundleChild,
  BundleRecord,
  BundleRelationship,
  BundleSession,
  BundleStaff,
} from '../../domain/bundle/schema.ts';
import {
  fromEpochDay,
  type IsoDate,
  isoDateFromParts,
  parseIsoDate,
  toEpochDay,
} from '../../domain/calendar/index.ts';
import type { ChildStatus, RecordKind } from '../../domain/policy/vocabulary.ts';
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
  /**
   * Years of realistic history up to today (turnover, absences, status episodes, supervision,
   * records, actions, audits); `sessions` is then ignored. `staff` counts the staff in post today.
   */
  history?: { years: number };
  /** The built-in policy pack the organisation runs, which sets the history's rhythm. */
  policy?: string;
  /** The organisation's slug and name. */
  id?: string;
  name?: string;
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

function organisationOf(options: CouncilOptions): Bundle['organisation'] {
  return {
    id: options.id ?? 'synthetic-council',
    name: options.name ?? 'Synthetic County Council',
    policy: options.policy ?? 'systemic-4x4x4',
    bankHolidayRegion: 'england-and-wales',
  };
}

export function councilBundle(options: CouncilOptions): Bundle {
  if (options.history) return historicCouncil(options, options.history.years);
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
    {
      id: 'council',
      kind: 'organisation',
      name: organisationOf(options).name,
      managerId: 'st-dir',
    },
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
    organisation: organisationOf(options),
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

// ---------------------------------------------------------------------------------------------
// History: the council as it has been over the last years, to the rhythm of its policy pack.

/** Roughly how often a pack expects things: the rhythm the history is generated to. */
interface Rhythm {
  /** Days between one-to-ones for most staff, and for business support. */
  oneToOne: number;
  businessSupport: number;
  /** Days between case discussions of a child with this status, open this long. */
  caseDays(status: ChildStatus, openDays: number, flagged: boolean): number;
  group?: { session: 'group' | 'group_learning'; record: 'group_supervision' | 'group_learning' };
  observationsPerYear: number;
  /** Further child records the pack's vocabulary has, and how many a child has a year. */
  childRecords: { kind: RecordKind; perYear: number; familyHelpOnly?: boolean }[];
  /** A decision record on the child's file with each case discussion (Leeds). */
  decisionRecord: boolean;
  schoolClusters: boolean;
  /** Case supervision written up on the day (Durham's "at the time"). */
  caseWrittenOnTheDay?: boolean;
  /** Days between reviews of how well supervision works, where the pack asks for them. */
  effectivenessReviewDays?: number;
}

const starting = new Set<ChildStatus>(['assessment', 'caf', 'cause_for_concern']);
const twoMonthly = new Set<ChildStatus>(['child_protection', 'care_proceedings', 'child_in_care']);
const firstWeeks = (status: ChildStatus, days: number) => (starting.has(status) ? 14 : days);

const rhythms: Record<string, Rhythm> = {
  'systemic-4x4x4': {
    oneToOne: 30,
    businessSupport: 30,
    caseDays: (s) => firstWeeks(s, twoMonthly.has(s) ? 60 : 90),
    group: { session: 'group', record: 'group_supervision' },
    observationsPerYear: 1,
    childRecords: [{ kind: 'management_oversight', perYear: 8 }],
    decisionRecord: false,
    schoolClusters: false,
  },
  'durham-one-point-2022': {
    oneToOne: 30,
    businessSupport: 30,
    caseDays: (s, open, flagged) => firstWeeks(s, flagged || open > 183 ? 30 : 56),
    caseWrittenOnTheDay: true,
    effectivenessReviewDays: 180,
    group: { session: 'group_learning', record: 'group_learning' },
    observationsPerYear: 1,
    childRecords: [
      { kind: 'informal_discussion', perYear: 2 },
      { kind: 'management_presence_at_taf', perYear: 4, familyHelpOnly: true },
    ],
    decisionRecord: false,
    schoolClusters: false,
  },
  manchester: {
    oneToOne: 28,
    businessSupport: 84,
    caseDays: (s) => firstWeeks(s, 56),
    effectivenessReviewDays: 180,
    group: { session: 'group', record: 'group_supervision' },
    observationsPerYear: 2,
    childRecords: [
      { kind: 'case_summary', perYear: 2 },
      { kind: 'management_oversight', perYear: 3 },
    ],
    decisionRecord: false,
    schoolClusters: false,
  },
  'northumberland-2024': {
    oneToOne: 30,
    businessSupport: 30,
    caseDays: (s) => firstWeeks(s, s === 'early_help' ? 90 : 60),
    observationsPerYear: 0,
    childRecords: [
      { kind: 'discussion_with_another_professional', perYear: 3 },
      { kind: 'management_action', perYear: 2 },
    ],
    decisionRecord: false,
    schoolClusters: false,
  },
  'leeds-schools-clusters': {
    oneToOne: 28,
    businessSupport: 56,
    caseDays: () => 28,
    observationsPerYear: 0,
    childRecords: [],
    decisionRecord: true,
    schoolClusters: true,
  },
};

/** A post in the structure, held by one person after another. */
interface Post {
  id: string;
  role: BundleStaff['roleCategory'];
  jobTitle: string;
  teamId: string;
  manager?: Post;
  /** Mean days a holder stays. */
  tenure: number;
  holders: Holder[];
}

interface Holder {
  id: string;
  post: Post;
  start: number;
  /** The last working day, for those who left. */
  end?: number;
  asye: boolean;
  hours: number;
  absences: { from: number; to: number; kind: BundleAbsence['kind'] }[];
  cases: CaseSpan[];
}

interface HistoricChild {
  id: string;
  opened: number;
  closed?: number;
  team: number;
  familyHelp: boolean;
  flagged: boolean;
  statuses: { status: ChildStatus; from: number; to?: number }[];
}

/** A child's allocation to one worker, with when they last discussed the child. */
interface CaseSpan {
  child: HistoricChild;
  holder: Holder;
  from: number;
  to: number;
  role: BundleChild['allocations'][number]['role'];
  lastDiscussed: number;
}

const jobTitles: Record<BundleStaff['roleCategory'], string> = {
  social_worker: 'Social Worker',
  senior_practitioner: 'Senior Practitioner',
  family_help_worker: 'Family Help Worker',
  school_safeguarding_staff: 'Designated Safeguarding Lead',
  student: 'Social Work Student',
  apprentice: 'Social Work Apprentice',
  team_manager: 'Team Manager',
  operations_manager: 'Service Manager',
  senior_manager: 'Head of Service',
  business_support: 'Business Support Officer',
};

const actionWords = [
  'Update the chronology',
  'Book the case transfer meeting',
  'Complete the visit and record it',
  'Read the latest assessment and bring reflections',
  'Arrange the core group',
  'Attend the training on exploitation',
  'Review the plan with the family',
  'Request the school report',
];

function historicCouncil(options: CouncilOptions, years: number): Bundle {
  const today = toEpochDay(parseIsoDate(options.today));
  const spanStart = today - Math.round(years * 365.25);
  const random = createRandom(options.seed ?? 1);
  const int = (min: number, max: number) => min + Math.floor(random.next() * (max - min + 1));
  const chance = (p: number) => random.next() < p;
  const organisation = organisationOf(options);
  const rhythm = rhythms[organisation.policy] ?? (rhythms['systemic-4x4x4'] as Rhythm);
  const dates = new Map<number, IsoDate>();
  const iso = (day: number): IsoDate => {
    let date = dates.get(day);
    if (date === undefined) {
      date = fromEpochDay(day);
      dates.set(day, date);
    }
    return date;
  };
  /** Monday for a Saturday or Sunday (epoch day 0 was a Thursday). */
  const nextWorkday = (day: number) => {
    const weekday = (day + 3) % 7;
    return weekday === 5 ? day + 2 : weekday === 6 ? day + 1 : day;
  };
  /** The same, or the Friday before when Monday would be after `last`. */
  const workday = (day: number, last = today) => {
    const next = nextWorkday(day);
    if (next <= last) return next;
    const weekday = (day + 3) % 7;
    return weekday === 5 ? day - 1 : weekday === 6 ? day - 2 : day;
  };
  /** A lag in days: mostly soon, sometimes late. */
  const lag = (soon: number, late: number) =>
    chance(0.85) ? int(0, soon) : chance(0.7) ? int(soon + 1, late) : int(late, late * 3);

  // The structure, as today.
  const shape =
    options.staff === undefined
      ? shapeFor(Math.max(1, Math.ceil(options.children / 18)))
      : shapeForStaff(options.staff);
  const orgUnits: OrgUnit[] = [
    { id: 'council', kind: 'organisation', name: organisation.name, managerId: 'st-dir' },
  ];
  const posts: Post[] = [];
  const post = (
    id: string,
    role: Post['role'],
    teamId: string,
    tenure: number,
    manager?: Post,
  ): Post => {
    const p: Post = { id, role, jobTitle: jobTitles[role], teamId, tenure, holders: [] };
    if (manager) p.manager = manager;
    posts.push(p);
    return p;
  };
  const director = post('st-dir', 'senior_manager', 'council', 3000);
  director.jobTitle = 'Director of Children’s Services';
  const areaPosts: Post[] = [];
  const servicePosts: Post[] = [];
  for (let s = 0; s < shape.services; s++) {
    orgUnits.push({
      id: `svc-${s}`,
      kind: 'service',
      name: `Service ${s + 1}`,
      parentId: 'council',
      managerId: `st-svc-${s}`,
    });
    servicePosts.push(post(`st-svc-${s}`, 'senior_manager', `svc-${s}`, 2600, director));
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
    areaPosts.push(
      post(`st-area-${a}`, 'operations_manager', `area-${a}`, 2400, servicePosts[service]),
    );
  }
  const teamType = (t: number) =>
    rhythm.schoolClusters ? 'school_cluster' : t % 3 === 2 ? 'family_help' : 'social_work';
  const teamNames = {
    school_cluster: 'Cluster',
    family_help: 'Family Help Team',
    social_work: 'Social Work Team',
  };
  const teamManagers: Post[] = [];
  const teamWorkers: Post[][] = [];
  for (let t = 0; t < shape.teams; t++) {
    const area = Math.floor(t / teamsPerArea);
    const type = teamType(t);
    orgUnits.push({
      id: `team-${t}`,
      kind: 'team',
      name: `${teamNames[type]} ${t + 1}`,
      parentId: `area-${area}`,
      teamType: type,
      managerId: `st-tm-${t}`,
    });
    teamManagers.push(post(`st-tm-${t}`, 'team_manager', `team-${t}`, 2200, areaPosts[area]));
    teamWorkers.push([]);
  }
  for (let w = 0; w < shape.workers; w++) {
    const t = Math.floor(w / workersPerTeam);
    const type = teamType(t);
    const role =
      type === 'school_cluster'
        ? 'school_safeguarding_staff'
        : type === 'family_help'
          ? 'family_help_worker'
          : w % workersPerTeam === 0
            ? 'senior_practitioner'
            : 'social_worker';
    teamWorkers[t]?.push(post(`st-${w}`, role, `team-${t}`, 2000, teamManagers[t]));
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
    for (let b = 0; b < padding; b++) post(`st-bs-${b}`, 'business_support', 'bs', 2000, director);
  }

  // Who held each post: leavers, and joiners after a vacancy (managers are covered at once).
  const practitioner = (role: Post['role']) =>
    role === 'social_worker' ||
    role === 'senior_practitioner' ||
    role === 'family_help_worker' ||
    role === 'school_safeguarding_staff';
  for (const p of posts) {
    const list: Holder[] = [];
    // Managers were in post before the people they manage.
    let start = spanStart - (practitioner(p.role) ? int(30, 3000) : int(3000, 3600));
    for (;;) {
      const stay = Math.max(120, Math.round(-Math.log(1 - random.next()) * p.tenure));
      const leaves = start + stay < today - 14;
      const holder: Holder = {
        id: '',
        post: p,
        start,
        asye: list.length > 0 && p.role === 'social_worker' && chance(0.35),
        hours:
          practitioner(p.role) || p.role === 'business_support' ? (chance(0.14) ? 22.5 : 37) : 37,
        absences: [],
        cases: [],
      };
      list.push(holder);
      if (!leaves) break;
      holder.end = start + stay;
      const gap = practitioner(p.role) ? int(14, 100) : 1;
      start = Math.min(holder.end + gap, today - int(1, 10));
    }
    // Those who left before the history starts are not on the record; whoever holds the post
    // now keeps its id, so units and tests can name them.
    p.holders = list.filter((h) => h.end === undefined || h.end >= spanStart);
    (p.holders[0] as Holder).start = (list[0] as Holder).start;
    p.holders.forEach((h, i) => {
      h.id = i === p.holders.length - 1 ? p.id : `${p.id}-${p.holders.length - 1 - i}`;
    });
  }
  const holderAt = (p: Post | undefined, day: number): Holder | undefined => {
    if (!p) return undefined;
    for (const h of p.holders)
      if (h.start <= day && (h.end === undefined || day <= h.end)) return h;
    return undefined;
  };

  // Absences across each holder's time: leave through the year, sickness, a few maternity.
  const absences: BundleAbsence[] = [];
  for (const p of posts) {
    for (const h of p.holders) {
      const last = Math.min(h.end ?? today, today - 1);
      let day = Math.max(h.start, spanStart) + int(20, 90);
      while (day < last) {
        const roll = random.next();
        const kind: BundleAbsence['kind'] =
          roll < 0.72
            ? 'annual_leave'
            : roll < 0.985
              ? 'sickness'
              : roll < 0.995
                ? 'maternity'
                : 'other';
        const days =
          kind === 'annual_leave'
            ? int(3, 12)
            : kind === 'sickness'
              ? chance(0.9)
                ? int(1, 5)
                : int(10, 80)
              : kind === 'maternity'
                ? int(180, 360)
                : int(1, 10);
        const to = Math.min(day + days - 1, last);
        h.absences.push({ from: day, to, kind });
        absences.push({
          id: `abs-${absences.length}`,
          staffId: h.id,
          kind,
          from: iso(day),
          to: iso(to),
        });
        day = to + int(35, 130);
      }
    }
  }

  // Children, their status episodes and flags, allocated to the workers of their team.
  const children: BundleChild[] = [];
  const historic: HistoricChild[] = [];
  const next = (status: ChildStatus, type: string): ChildStatus => {
    const r = random.next();
    if (type === 'school_cluster')
      return r < 0.3
        ? 'family_support'
        : r < 0.5
          ? 'single_agency'
          : r < 0.65
            ? 'child_protection'
            : r < 0.8
              ? 'de_escalated_from_social_care'
              : 'caf';
    if (type === 'family_help') return r < 0.25 ? 'family_support' : 'early_help';
    switch (status) {
      case 'child_in_need':
        return r < 0.3 ? 'child_protection' : r < 0.4 ? 'child_in_care' : 'child_in_need';
      case 'child_protection':
        return r < 0.45
          ? 'child_in_need'
          : r < 0.65
            ? 'care_proceedings'
            : r < 0.8
              ? 'child_in_care'
              : 'child_protection';
      case 'care_proceedings':
        return 'child_in_care';
      case 'child_in_care':
        return r < 0.35 ? 'long_term_matched' : r < 0.5 ? 'care_leaver' : 'child_in_care';
      case 'long_term_matched':
        return r < 0.3 ? 'care_leaver' : 'long_term_matched';
      case 'assessment':
        return r < 0.5
          ? 'child_in_need'
          : r < 0.72
            ? 'child_protection'
            : r < 0.92
              ? 'child_in_care'
              : 'short_breaks';
      default:
        return status;
    }
  };
  const length = (status: ChildStatus) =>
    status === 'child_in_care' || status === 'long_term_matched'
      ? int(300, 2000)
      : status === 'care_leaver' || status === 'short_breaks'
        ? int(500, 1500)
        : status === 'care_proceedings'
          ? int(120, 300)
          : int(120, 600);
  const firstStatus = {
    school_cluster: 'cause_for_concern',
    family_help: 'caf',
    social_work: 'assessment',
  } as const;
  const allocations: CaseSpan[] = [];
  for (let c = 0; c < options.children; c++) {
    const t = c % shape.teams;
    const type = teamType(t);
    let opened: number;
    let closed: number | undefined;
    if (chance(0.86)) {
      const r = random.next();
      opened = today - (r < 0.25 ? int(10, 365) : r < 0.55 ? int(366, 1100) : int(1101, 3600));
    } else {
      opened = int(spanStart - 400, today - 90);
      closed = Math.min(opened + int(45, 900), today - int(1, 30));
      if (closed < spanStart) closed = spanStart + int(0, 120);
    }
    const end = closed ?? today;
    const child: HistoricChild = {
      id: `ch-${c}`,
      opened,
      team: t,
      familyHelp: type !== 'social_work',
      flagged: false,
      statuses: [],
    };
    if (closed !== undefined) child.closed = closed;
    let status: ChildStatus = firstStatus[type];
    let from = opened;
    let span = int(10, 45);
    for (;;) {
      const to = from + span - 1;
      if (to >= end) {
        child.statuses.push(closed === undefined ? { status, from } : { status, from, to: closed });
        break;
      }
      child.statuses.push({ status, from, to });
      from = to + 1;
      status = next(status, type);
      span = length(status);
    }
    const flags: BundleChild['flags'] = [];
    const main = child.statuses[1] ?? child.statuses[0]!;
    if (chance(0.06)) flags.push({ flag: 'most_concern', from: iso(main.from) });
    if (chance(0.04)) flags.push({ flag: 'long_standing_neglect', from: iso(main.from) });
    if (child.statuses.some((s) => s.status === 'child_in_care') && chance(0.08)) {
      const f = Math.min(end, main.from + int(30, 400));
      const to = f + int(30, 200);
      flags.push(
        to < end
          ? { flag: 'placement_stability_worries', from: iso(f), to: iso(to) }
          : { flag: 'placement_stability_worries', from: iso(f) },
      );
    }
    child.flagged = flags.some(
      (f) => f.flag === 'most_concern' || f.flag === 'long_standing_neglect',
    );
    const bundleChild: BundleChild = {
      id: child.id,
      caseId: `LCS-${300_000 + c}`,
      dateOfBirth: iso(
        child.statuses.some((s) => s.status === 'care_leaver')
          ? Math.min(opened, today - int(6600, 7600))
          : opened - int(0, 5000),
      ),
      openedAt: iso(opened),
      statuses: child.statuses.map((s) =>
        s.to === undefined
          ? { status: s.status, from: iso(s.from) }
          : { status: s.status, from: iso(s.from), to: iso(s.to) },
      ),
      flags,
      allocations: [],
    };
    if (closed !== undefined) bundleChild.closedAt = iso(closed);
    allocateChild(child, bundleChild, end);
    children.push(bundleChild);
    historic.push(child);
  }

  /** Allocates a child to a worker of its team after another as they leave or at a transfer. */
  function allocateChild(child: HistoricChild, bundleChild: BundleChild, end: number) {
    const workers = teamWorkers[child.team] as Post[];
    const role = child.familyHelp && chance(0.5) ? 'lead_professional' : 'key_worker';
    const changes = child.statuses.slice(1).map((s) => s.from);
    let day = child.opened;
    let last: Holder | undefined;
    while (day <= end) {
      let holder: Holder | undefined;
      for (let attempt = 0; attempt < workers.length + 2 && !holder; attempt++) {
        const candidate = holderAt(workers[int(0, workers.length - 1)], day);
        if (candidate && candidate !== last) holder = candidate;
      }
      holder ??= holderAt(teamManagers[child.team], day);
      if (!holder) {
        const starts = workers.flatMap((w) => w.holders.map((h) => h.start)).filter((s) => s > day);
        if (starts.length === 0) return;
        day = Math.min(...starts);
        continue;
      }
      let to = Math.min(end, holder.end ?? end);
      // A planned transfer now and then when the child's status changes.
      const transfer = changes.find((c) => c > day + 30 && c <= to && chance(0.2));
      if (transfer !== undefined) to = transfer - 1;
      const allocation: BundleChild['allocations'][number] = {
        workerId: holder.id,
        role,
        from: iso(day),
      };
      if (to < end || child.closed !== undefined) allocation.to = iso(to);
      bundleChild.allocations.push(allocation);
      const span: CaseSpan = { child, holder, from: day, to, role, lastDiscussed: day - 90 };
      holder.cases.push(span);
      allocations.push(span);
      last = holder;
      day = to + 1;
    }
  }

  // People: a staff row for each holder, with line management as it changed.
  const staff: BundleStaff[] = [];
  const relationships: BundleRelationship[] = [];
  const supervisions: {
    holder: Holder;
    supervisor: Holder;
    from: number;
    to: number;
    open: boolean;
  }[] = [];
  for (const p of posts) {
    for (const h of p.holders) {
      const member: BundleStaff = {
        id: h.id,
        name: `${firstNames[int(0, firstNames.length - 1)]} ${lastNames[int(0, lastNames.length - 1)]}`,
        jobTitle: h.asye ? 'Social Worker (ASYE)' : p.jobTitle,
        roleCategory: p.role,
        teamId: p.teamId,
        caseHolding: practitioner(p.role),
        contractedHours: h.hours,
        startDate: iso(h.start),
      };
      if (h.end !== undefined) member.leavingDate = iso(h.end);
      if (h.asye) member.asyeStartDate = iso(h.start);
      let n = 0;
      for (const m of p.manager?.holders ?? []) {
        const from = Math.max(h.start, m.start);
        const to = Math.min(h.end ?? today, m.end ?? today);
        if (from > to) continue;
        const open = h.end === undefined && m.end === undefined;
        const relationship: BundleRelationship = {
          id: `rel-${h.id}-${n++}`,
          superviseeId: h.id,
          supervisorId: m.id,
          kind: 'line_management',
          from: iso(from),
        };
        if (!open) relationship.to = iso(to);
        relationships.push(relationship);
        member.lineManagerId = m.id;
        supervisions.push({ holder: h, supervisor: m, from, to, open });
      }
      staff.push(member);
    }
  }

  const sessions: BundleSession[] = [];
  const records: BundleRecord[] = [];
  const actions: BundleAction[] = [];
  /** Written, shared and signed dates after a meeting; a step not reached by today is left out. */
  const recordDates = (record: BundleRecord, day: number, signed: boolean) => {
    const written = day + lag(3, 10);
    if (written > today) return;
    record.writtenAt = iso(written);
    const shared = written + lag(2, 8);
    if (shared > today) return;
    record.sharedAt = iso(shared);
    if (!signed || chance(0.04)) return;
    const signedAt = shared + lag(6, 20);
    if (signedAt <= today) record.signedAt = iso(signedAt);
  };
  const addRecord = (
    kind: RecordKind,
    day: number,
    author: Holder | undefined,
    staffIds: string[],
    childIds: string[],
    sessionId?: string,
  ): BundleRecord => {
    const record: BundleRecord = {
      id: `rec-${records.length}`,
      kind,
      date: iso(day),
      staffIds,
      childIds,
    };
    if (sessionId) record.sessionId = sessionId;
    if (author) record.authorId = author.id;
    records.push(record);
    return record;
  };
  const addAction = (
    record: BundleRecord,
    day: number,
    owner: Holder,
    about: { childId?: string; staffId?: string },
  ) => {
    const due = day + [7, 14, 28, 42][int(0, 3)]!;
    const action: BundleAction = {
      id: `act-${actions.length}`,
      description: actionWords[int(0, actionWords.length - 1)]!,
      ownerId: owner.id,
      recordId: record.id,
      ...about,
      setOn: iso(day),
      dueDate: iso(due),
      status: 'open',
    };
    const roll = random.next();
    if (due < today - 30 ? roll < 0.88 : roll < 0.45) {
      const done = day + int(1, due - day + (chance(0.2) ? 20 : 0));
      if (done <= today) {
        action.status = 'completed';
        action.completedAt = iso(done);
      }
    } else if (due < today - 30 && roll < 0.92) {
      action.status = 'dropped';
      action.dropReason = 'No longer needed after the plan changed';
    }
    actions.push(action);
  };
  const absentOn = (h: Holder, day: number) => {
    for (const a of h.absences) if (a.from <= day && day <= a.to) return a;
    return undefined;
  };
  const cancelledFor = {
    annual_leave: 'supervisee_annual_leave',
    sickness: 'supervisee_sickness',
    maternity: 'supervisee_absence',
    other: 'supervisee_absence',
  } as const;
  const interval = (h: Holder, day: number) => {
    if (h.asye) {
      const weeks = (day - h.start) / 7;
      if (weeks < 6) return 7;
      if (weeks < 26) return 14;
    }
    // Booked a little inside the cadence, as people do, and now and then late.
    const every = h.post.role === 'business_support' ? rhythm.businessSupport : rhythm.oneToOne;
    return every + (chance(0.9) ? int(-6, 0) : int(1, 6));
  };

  /** The children a worker discusses at a one-to-one: those due, and others now and then. */
  const discussCases = (h: Holder, supervisor: Holder, day: number, sessionId: string) => {
    for (const span of h.cases) {
      if (span.from > day || span.to < day) continue;
      const child = span.child;
      let status = child.statuses[0]!.status;
      for (const s of child.statuses) if (s.from <= day) status = s.status;
      const due = rhythm.caseDays(status, day - child.opened, child.flagged);
      if (day - span.lastDiscussed < due - 12 && !chance(0.8)) continue;
      span.lastDiscussed = day;
      const record = addRecord('case_supervision', day, supervisor, [h.id], [child.id], sessionId);
      caseRecordDates(record, day);
      if (rhythm.decisionRecord)
        caseRecordDates(
          addRecord('supervision_decision', day, supervisor, [h.id], [child.id], sessionId),
          day,
        );
      if (chance(0.08)) addAction(record, day, h, { childId: child.id });
    }
  };
  const caseRecordDates = (record: BundleRecord, day: number) => {
    recordDates(record, day, chance(0.5));
    if (!record.writtenAt) return;
    if (rhythm.caseWrittenOnTheDay && chance(0.9)) record.writtenAt = iso(day);
    const onRecord = toEpochDay(record.writtenAt) + lag(3, 8);
    if (onRecord <= today) record.onChildRecordAt = iso(onRecord);
  };

  // One-to-ones at the pack's rhythm: cancelled when the supervisee is away and rebooked.
  for (const { holder: h, supervisor, from, to, open } of supervisions) {
    const last = Math.min(to, today);
    let day = workday(from + int(3, 15));
    // Before the history, only the sessions held: the obligations of those years are met.
    for (; day < spanStart && day <= last; day = workday(day + interval(h, day))) {
      sessions.push({
        id: `ses-${sessions.length}`,
        kind: 'one_to_one',
        date: iso(day),
        minutes: 90,
        supervisorId: supervisor.id,
        participantIds: [h.id],
        status: 'held',
      });
    }
    while (day <= last) {
      const id = `ses-${sessions.length}`;
      const session: BundleSession = {
        id,
        kind: 'one_to_one',
        date: iso(day),
        minutes: h.asye || chance(0.92) ? 90 : 60,
        supervisorId: supervisor.id,
        participantIds: [h.id],
        status: 'held',
      };
      sessions.push(session);
      const away =
        absentOn(h, day) ??
        (chance(0.03) ? { kind: 'supervisor' as const, to: day + int(1, 7) } : undefined);
      const missed = !away && chance(0.01);
      if (away || missed) {
        session.status = missed ? 'not_held' : 'cancelled';
        if (away) {
          session.cancellationReason =
            away.kind === 'supervisor'
              ? chance(0.5)
                ? 'supervisor_absence'
                : 'emergency'
              : cancelledFor[away.kind];
          const rebooked = workday(away.to + int(1, 4));
          if (rebooked > day && rebooked <= last && rebooked - day < 40) {
            session.rescheduledTo = iso(rebooked);
            day = rebooked;
            continue;
          }
        }
        day = workday(day + interval(h, day));
        continue;
      }
      const record = addRecord('personal_supervision', day, supervisor, [h.id], [], id);
      recordDates(record, day, true);
      const recorded = day + lag(5, 12);
      if (recorded <= today) record.dateRecordedAt = iso(recorded);
      if (chance(0.25)) addAction(record, day, h, { staffId: h.id });
      if (h.cases.length > 0) discussCases(h, supervisor, day, id);
      day = workday(day + interval(h, day));
    }
    if (open) {
      sessions.push({
        id: `ses-${sessions.length}`,
        kind: 'one_to_one',
        date: iso(nextWorkday(Math.max(today + 1, day))),
        minutes: 60,
        supervisorId: supervisor.id,
        participantIds: [h.id],
        status: 'planned',
      });
    }
  }

  // Unplanned case supervision now and then, oversight at key events, the pack's other records.
  const managerAt = (span: CaseSpan, day: number) => holderAt(span.holder.post.manager, day);
  for (const span of allocations) {
    const from = Math.max(span.from, spanStart);
    const to = Math.min(span.to, today);
    if (from > to) continue;
    const yearsHeld = (to - from + 1) / 365;
    const child = span.child;
    const oversee = (kind: RecordKind, day: number) => {
      const manager = managerAt(span, day);
      const record = addRecord(kind, day, manager, [span.holder.id], [child.id]);
      caseRecordDates(record, day);
      return record;
    };
    for (let n = Math.floor(yearsHeld * 2.5 + random.next()); n > 0; n--)
      oversee('case_supervision_unplanned', workday(int(from, to), to));
    if (span.from >= spanStart)
      oversee('management_oversight', workday(Math.min(to, span.from + int(0, 3)), to));
    // Assessments are reviewed with the manager about day 8 and day 20 (working days).
    for (const s of child.statuses) {
      if (!starting.has(s.status) || s.from < from || s.from > to) continue;
      for (const after of [int(9, 12), int(25, 28)])
        if (s.from + after <= Math.min(to, s.to ?? to))
          oversee('case_supervision_unplanned', workday(s.from + after, to));
    }
    for (const s of child.statuses)
      if (s.from > from && s.from <= to && s.from !== child.opened)
        oversee('management_oversight', workday(Math.min(to, s.from + int(0, 4)), to));
    if (child.closed !== undefined && child.closed >= from && child.closed <= to)
      oversee('management_oversight', child.closed);
    for (const extra of rhythm.childRecords) {
      if (extra.familyHelpOnly && !child.familyHelp) continue;
      for (let n = Math.floor(yearsHeld * extra.perYear + random.next()); n > 0; n--)
        oversee(extra.kind, workday(int(from, to), to));
    }
  }

  // Group sessions each month in each team, with a record when held.
  const teamPosts = teamManagers.map((m, t) => ({
    manager: m,
    workers: teamWorkers[t] as Post[],
    id: `team-${t}`,
  }));
  if (rhythm.group) {
    const group = rhythm.group;
    for (const team of teamPosts) {
      const formed = fromEpochDay(team.manager.holders[0]?.start ?? spanStart);
      const [year, month] = formed.split('-').map(Number) as [number, number];
      for (let m = month - 1; ; m++) {
        const first = isoDateFromParts(year + Math.floor(m / 12), (m % 12) + 1, 1);
        const day = workday(toEpochDay(first) + int(3, 20));
        if (day > today) break;
        const leader = holderAt(team.manager, day);
        if (!leader) continue;
        const attendees = team.workers
          .map((w) => holderAt(w, day))
          .filter((h): h is Holder => h !== undefined && !absentOn(h, day) && chance(0.92))
          .map((h) => h.id);
        const held = chance(0.94) && attendees.length > 0;
        const id = `ses-${sessions.length}`;
        sessions.push({
          id,
          kind: group.session,
          date: iso(day),
          minutes: 90,
          supervisorId: leader.id,
          participantIds: attendees,
          teamId: team.id,
          status: held ? 'held' : 'cancelled',
          ...(held ? {} : { cancellationReason: 'emergency' as const }),
        });
        if (held && day >= spanStart)
          recordDates(addRecord(group.record, day, leader, attendees, [], id), day, false);
      }
    }
  }

  // Each person's year: observations of practice, a PDR, the supervision agreement and reviews.
  for (const { holder: h, supervisor, from, to } of supervisions) {
    const first = Math.max(from, spanStart);
    const last = Math.min(to, today);
    if (first > last) continue;
    if (from >= spanStart) {
      const agreed = workday(from + int(0, 25));
      if (agreed <= last)
        recordDates(
          addRecord('supervision_agreement', agreed, supervisor, [h.id], []),
          agreed,
          true,
        );
    }
    const yearly = (kind: RecordKind, day: number) => {
      const at = workday(Math.min(Math.max(day, first), last), last);
      recordDates(addRecord(kind, at, supervisor, [h.id], []), at, true);
    };
    for (let review = from + 365; review <= last; review += 365)
      if (review >= spanStart) yearly('agreement_review', review);
    const every = rhythm.effectivenessReviewDays;
    for (let review = from + (every ?? 0); every && review <= last; review += every)
      if (review >= spanStart && chance(0.9)) yearly('effectiveness_review', review + int(-10, 10));
    for (let anniversary = h.start + 365; anniversary <= last; anniversary += 365)
      if (anniversary >= first && chance(0.9)) yearly('pdr', anniversary + int(-10, 10));
    if (!practitioner(h.post.role) || rhythm.observationsPerYear === 0) continue;
    for (let year = from; year <= last; year += 365) {
      const end = Math.min(year + 364, last);
      for (let n = 0; n < rhythm.observationsPerYear; n++) {
        if (chance(0.12) || end - year < 30) continue;
        const day = workday(int(year, end));
        if (day > last) continue;
        const record = addRecord('direct_observation', day, supervisor, [h.id], []);
        record.observerId = supervisor.id;
        recordDates(record, day, false);
      }
    }
  }

  // A few quality audits of supervision records, by the managers above.
  const audits: BundleAudit[] = [];
  const auditors = [...servicePosts, ...areaPosts, director];
  for (const record of records) {
    if (
      (record.kind !== 'personal_supervision' && record.kind !== 'case_supervision') ||
      !chance(0.004)
    )
      continue;
    const day = toEpochDay(record.date);
    const completed = day + int(10, 60);
    if (completed > today) continue;
    const auditor = holderAt(auditors[int(0, auditors.length - 1)], completed);
    if (!auditor) continue;
    const audit: BundleAudit = {
      id: `aud-${audits.length}`,
      auditorId: auditor.id,
      subjectRecordId: record.id,
      subjectStaffId: record.staffIds[0] as string,
      of: 'supervision_records',
      completedAt: iso(completed),
    };
    const feedback = completed + lag(7, 20);
    if (feedback <= today && chance(0.9)) audit.feedbackAt = iso(feedback);
    audits.push(audit);
  }

  return {
    format: 'oversight-bundle/1',
    organisation,
    orgUnits,
    staff,
    relationships,
    absences,
    children,
    sessions,
    records,
    audits,
    actions,
  };
}
