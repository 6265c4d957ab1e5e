/**
 * The Northshire demo council as a bundle: the structure and staff of demo-organisation.ts with
 * about 120 fictional children, their status histories and allocations, absences, six months of
 * supervision (and three months booked ahead), record metadata, audits and actions. Everything
 * is dated relative to `today` so the demo never ages, and a seeded generator makes the bundle
 * the same every time for the same `today`.
 *
 * Oversight is taken to have gone live on the first day of the month six months ago: the bundle
 * holds no supervision before then, and waivers say that earlier supervision was recorded in the
 * previous system, so the dashboards show the present rather than years of missing history.
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
  addDays,
  addMonths,
  daysBetween,
  daysInMonth,
  type IsoDate,
  isoDateFromParts,
  lastDayOfMonth,
  parseIsoDate,
  type WorkingCalendar,
  workingCalendarForRegion,
  yearStart,
} from '../../domain/calendar/index.ts';
import { dateParts } from '../../domain/calendar/iso-date.ts';
import type {
  AllocationRole,
  CancellationReason,
  ChildStatus,
  ObligationKind,
  SessionKind,
} from '../../domain/policy/vocabulary.ts';
import { type DemoStaff, demoSlug, demoStaff, demoUnits } from './demo-organisation.ts';
import { demoQualityOverrides } from './demo-quality.ts';
import { createRandom, type Random } from './random.ts';

export const demoOrganisationName = 'Northshire County Council (demo)';
/**
 * The pack load-demo.ts gives the demo organisation (not imported from there: that module loads
 * the database driver and password hashing).
 */
const demoPolicy = 'systemic-4x4x4';
const seed = 0x4e53_4343; // 'NSCC'

/** The demo's teams by what they do (keys of demoUnits). */
const teams = {
  assessment: 'ait-north',
  protection: 'cp-north',
  care: 'cic-south',
  familyHelpEast: 'fh-east',
  familyHelpWest: 'fh-west',
} as const;

/** Staff whose absences the demo tells a story about (keys of demoStaff). */
const longTermSickKey = 'sw-cp-2';
const maternityKey = 'sw-cic-2';

/** The email address load-demo.ts gives a demo staff member; user accounts are linked by it. */
export function demoStaffEmail(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/^dr /, '')
    .replace(/[^a-z]+/g, '.');
  return `${slug}@northshire.example`;
}

type OrgUnit = Bundle['orgUnits'][number];
type Allocation = BundleChild['allocations'][number];
type Episode = BundleChild['statuses'][number];
type Flag = BundleChild['flags'][number];
type ChildEvent = NonNullable<BundleChild['events']>[number];
type Waiver = NonNullable<Bundle['waivers']>[number];

interface Person {
  key: string;
  demo: DemoStaff;
  start: IsoDate;
  asyeStart?: IsoDate;
  placementStart?: IsoDate;
  /** The first day of a long-term absence, from which no new cases come their way. */
  offFrom?: IsoDate;
  /** From this day the person's cases were passed to colleagues. */
  awayFrom?: IsoDate;
  /** Share of a full caseload. */
  weight: number;
}

interface Phase {
  team: string;
  from: IsoDate;
  to?: IsoDate;
  role: AllocationRole;
}

interface Story {
  openedAt: IsoDate;
  closedAt?: IsoDate;
  statuses: Episode[];
  phases: Phase[];
  /** The span the eldest child's date of birth falls in. */
  born: { earliest: IsoDate; latest: IsoDate };
  single?: boolean;
  expectedDateOfBirth?: IsoDate;
  flags: Flag[];
  events: ChildEvent[];
}

interface Family {
  members: BundleChild[];
  allocations: Allocation[];
}

interface Gen {
  today: IsoDate;
  /** The first day Oversight holds supervision for. */
  goLive: IsoDate;
  /** The last day sessions are booked up to. */
  horizon: IsoDate;
  random: Random;
  calendar: WorkingCalendar;
  people: Map<string, Person>;
  relationships: BundleRelationship[];
  absences: BundleAbsence[];
  families: Family[];
  children: BundleChild[];
  sessions: BundleSession[];
  records: BundleRecord[];
  /** The last case supervision of each child, to decide what a supervision discusses. */
  lastDiscussed: Map<string, IsoDate>;
  /** Open cases (families) each worker holds so far, to share new cases out fairly. */
  caseload: Map<string, number>;
  /** Sessions cancelled because the supervisee went on long-term absence (one each). */
  longAbsenceNoted: Set<string>;
}

export function demoBundle(today: IsoDate): Bundle {
  parseIsoDate(today);
  const g = createGen(today);
  const orgUnits = buildUnits();
  const staff = buildStaff(g);
  buildAbsences(g);
  buildRelationships(g, orgUnits);
  buildChildren(g);
  buildSessions(g, orgUnits);
  buildStaffRecords(g);
  renumber(g);
  const audits = buildAudits(g);
  const actions = buildActions(g);
  const waivers = buildWaivers(g, orgUnits, staff);
  return {
    format: 'oversight-bundle/1',
    organisation: {
      id: demoSlug,
      name: demoOrganisationName,
      policy: demoPolicy,
      overrides: demoQualityOverrides,
      bankHolidayRegion: 'england-and-wales',
    },
    orgUnits,
    staff,
    relationships: g.relationships,
    absences: g.absences,
    children: g.children,
    sessions: g.sessions,
    records: g.records,
    audits,
    actions,
    waivers,
  };
}

// ---------------------------------------------------------------------------------------------
// Dates

function createGen(today: IsoDate): Gen {
  const sixMonthsAgo = dateParts(addMonths(today, -6));
  const people = new Map<string, Person>();
  for (const demo of demoStaff) {
    const person: Person = {
      key: demo.key,
      demo,
      start: weeksBefore(today, demo.startedWeeksAgo),
      weight: caseWeight(demo),
    };
    if (demo.asyeWeeksAgo !== undefined) person.asyeStart = weeksBefore(today, demo.asyeWeeksAgo);
    if (demo.placementWeeksAgo !== undefined)
      person.placementStart = weeksBefore(today, demo.placementWeeksAgo);
    people.set(demo.key, person);
  }
  return {
    today,
    goLive: isoDateFromParts(sixMonthsAgo.year, sixMonthsAgo.month, 1),
    horizon: addMonths(today, 3),
    random: createRandom(seed),
    calendar: workingCalendarForRegion('england-and-wales'),
    people,
    relationships: [],
    absences: [],
    families: [],
    children: [],
    sessions: [],
    records: [],
    lastDiscussed: new Map(),
    caseload: new Map(),
    longAbsenceNoted: new Set(),
  };
}

function weeksBefore(today: IsoDate, weeks: number): IsoDate {
  return addDays(today, -7 * weeks);
}

function ago(g: Gen, days: number): IsoDate {
  return addDays(g.today, -days);
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** A working day on or before the date (on or after it for dates after today). */
function workday(g: Gen, date: IsoDate): IsoDate {
  return date > g.today
    ? g.calendar.nextWorkingDayOnOrAfter(date)
    : g.calendar.previousWorkingDayOnOrBefore(date);
}

/** A step done n working days after a date, or undefined if that is still to come. */
function stepAfter(g: Gen, date: IsoDate | undefined, n: number): IsoDate | undefined {
  if (date === undefined) return undefined;
  const done = g.calendar.addWorkingDays(date, n);
  return done <= g.today ? done : undefined;
}

function yearsBefore(date: IsoDate, years: number): IsoDate {
  return addDays(date, -Math.round(years * 365.25));
}

/** Copies only the defined values, so the bundle has no keys set to undefined. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Structure and staff

function caseWeight(demo: DemoStaff): number {
  if (!demo.caseHolding) return 0;
  const factor: Partial<Record<DemoStaff['roleCategory'], number>> = {
    student: 0.35,
    apprentice: 0.5,
    school_safeguarding_staff: 0.5,
    senior_practitioner: 0.8,
  };
  const asye = demo.asyeWeeksAgo !== undefined ? 0.5 : 1;
  return (demo.hours / 37) * (factor[demo.roleCategory] ?? 1) * asye;
}

/** The person in a unit whose own manager works elsewhere, or the head of its only sub-unit. */
function unitManager(key: string): string | undefined {
  const members = demoStaff.filter((s) => s.team === key);
  const head = members.find((s) => !s.manager || !members.some((m) => m.key === s.manager));
  if (head) return head.key;
  const below = demoUnits.filter((u) => u.parent === key);
  return below.length === 1 && below[0] ? unitManager(below[0].key) : undefined;
}

function buildUnits(): OrgUnit[] {
  return demoUnits.map((unit) => {
    const members = demoStaff.filter((s) => s.team === unit.key);
    const teamType =
      unit.kind !== 'team'
        ? undefined
        : members.some((s) => s.roleCategory === 'family_help_worker')
          ? 'family_help'
          : members.some((s) => s.caseHolding)
            ? 'social_work'
            : 'other';
    return defined<OrgUnit>({
      id: unit.key,
      kind: unit.kind,
      name: unit.name,
      parentId: unit.parent,
      teamType,
      managerId: unitManager(unit.key),
    });
  });
}

const registeredRoles = new Set<DemoStaff['roleCategory']>([
  'social_worker',
  'senior_practitioner',
  'team_manager',
  'operations_manager',
  'senior_manager',
]);

const men = 'Mark David Chris Andrew James Steven Peter Michael Tariq Gary'.split(' ');
const women = 'Emma Claire Rachel Sarah Louise Nicola Anne Susan Janet Farah'.split(' ');
const contacts: [relationship: string, names: string[]][] = [
  ['Partner', [...men, ...women]],
  ['Mother', women],
  ['Father', men],
  ['Sister', women],
  ['Brother', men],
  ['Friend', [...men, ...women]],
];

function buildStaff(g: Gen): BundleStaff[] {
  const r = g.random;
  const usedNumbers = new Set<string>();
  const { year, month } = dateParts(g.today);
  // Social Work England renewals fall due on 30 November each year.
  const renewal = isoDateFromParts(month === 12 ? year + 1 : year, 11, 30);
  return demoStaff.map((demo) => {
    const person = g.people.get(demo.key) as Person;
    let registration: BundleStaff['registration'];
    if (
      registeredRoles.has(demo.roleCategory) &&
      !/key worker|family help/i.test(demo.jobTitle) &&
      r.chance(0.92)
    ) {
      let number = '';
      do number = `SW${r.int(100_000, 999_999)}`;
      while (usedNumbers.has(number));
      usedNumbers.add(number);
      registration = { body: 'Social Work England', number, expiresOn: renewal };
    }
    let dbs: BundleStaff['dbs'];
    if (r.chance(0.85)) {
      // An enhanced certificate before starting, renewed every three years.
      const issuedOn =
        daysBetween(person.start, g.today) > 3 * 365
          ? ago(g, r.int(30, 1000))
          : addDays(person.start, -r.int(14, 70));
      dbs = { certificateNumber: `00${r.int(1_000_000_000, 9_999_999_999)}`, issuedOn };
    }
    let emergencyContact: BundleStaff['emergencyContact'];
    if (r.chance(0.6)) {
      const [relationship, names] = r.pick(contacts);
      const surname = relationship === 'Friend' ? r.pick(surnames) : demo.name.split(' ').at(-1);
      const name = `${r.pick(names)} ${surname}`;
      emergencyContact = {
        name,
        phone: `07700 900${String(r.int(0, 999)).padStart(3, '0')}`,
        relationship,
      };
    }
    return defined<BundleStaff>({
      id: demo.key,
      name: demo.name,
      email: demoStaffEmail(demo.name),
      jobTitle: demo.jobTitle,
      roleCategory: demo.roleCategory,
      teamId: demo.team,
      lineManagerId: demo.manager,
      caseHolding: demo.caseHolding,
      contractedHours: demo.hours,
      startDate: person.start,
      asyeStartDate: person.asyeStart,
      placementStartDate: person.placementStart,
      placementEndDate:
        demo.placementWeeksAgo === undefined
          ? undefined
          : weeksBefore(g.today, demo.placementWeeksAgo - 26),
      registration,
      dbs,
      emergencyContact,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Absences and relationships

function absenceOn(g: Gen, key: string, date: IsoDate): BundleAbsence | undefined {
  return g.absences.find(
    (a) => a.staffId === key && a.from <= date && (a.to === undefined || date <= a.to),
  );
}

function overlapsAbsence(g: Gen, key: string, from: IsoDate, to: IsoDate): boolean {
  return g.absences.some(
    (a) => a.staffId === key && a.from <= to && (a.to === undefined || from <= a.to),
  );
}

function buildAbsences(g: Gen) {
  const r = g.random;
  const longStarts = new Map<string, IsoDate>();
  const sick = g.people.get(longTermSickKey);
  if (sick) {
    const from = workday(g, ago(g, 47));
    g.absences.push({ id: '', staffId: sick.key, kind: 'sickness', from });
    sick.offFrom = from;
    sick.awayFrom = addDays(from, 14);
    longStarts.set(sick.key, from);
  }
  const maternity = g.people.get(maternityKey);
  if (maternity) {
    const from = workday(g, ago(g, 110));
    g.absences.push({ id: '', staffId: maternity.key, kind: 'maternity', from });
    maternity.offFrom = from;
    maternity.awayFrom = from;
    longStarts.set(maternity.key, from);
  }
  for (const person of g.people.values()) {
    const start = maxDate(g.goLive, person.start);
    const long = longStarts.get(person.key);
    const end = addDays(long ?? g.today, -1);
    const span = daysBetween(start, end);
    if (span < 20) continue;
    const blocks = r.int(1, 3);
    const slice = Math.floor(span / blocks);
    for (let b = 0; b < blocks; b++) {
      const from = g.calendar.nextWorkingDayOnOrAfter(
        addDays(start, b * slice + r.int(0, Math.max(0, slice - 14))),
      );
      const to = g.calendar.addWorkingDays(from, r.pick([1, 2, 3, 5, 5, 5, 8, 10]) - 1);
      if (to > end || overlapsAbsence(g, person.key, from, to)) continue;
      g.absences.push({ id: '', staffId: person.key, kind: 'annual_leave', from, to });
    }
    if (r.chance(0.25)) {
      const from = g.calendar.nextWorkingDayOnOrAfter(addDays(start, r.int(0, span - 5)));
      const to = g.calendar.addWorkingDays(from, r.int(0, 2));
      if (to <= end && !overlapsAbsence(g, person.key, from, to))
        g.absences.push({ id: '', staffId: person.key, kind: 'sickness', from, to });
    }
  }
  g.absences.sort((a, b) => compare(a.from, b.from) || compare(a.staffId, b.staffId));
  g.absences.forEach((a, i) => {
    a.id = `abs-${pad(i + 1)}`;
  });
}

function buildRelationships(g: Gen, units: OrgUnit[]) {
  const add = (
    supervisee: string,
    supervisor: string,
    kind: BundleRelationship['kind'],
    from: IsoDate,
    to?: IsoDate,
  ) => {
    if (!g.people.has(supervisor)) return;
    g.relationships.push(
      defined<BundleRelationship>({
        id: `rel:${supervisee}:${supervisor}:${kind}`,
        superviseeId: supervisee,
        supervisorId: supervisor,
        kind,
        from,
        to,
      }),
    );
  };
  for (const person of g.people.values()) {
    const { demo } = person;
    if (demo.manager) add(person.key, demo.manager, 'line_management', person.start);
    if (demo.roleCategory === 'student') {
      add(person.key, 'sp-cic', 'placement_supervisor', person.start);
      add(person.key, 'pe', 'practice_educator', person.start);
    }
  }
  // The team manager with the longest leave had a senior practitioner cover their supervision.
  let cover: { team: OrgUnit; leave: BundleAbsence; by: string } | undefined;
  for (const team of units) {
    if (team.kind !== 'team' || !team.managerId) continue;
    const senior = demoStaff.find(
      (s) => s.team === team.id && s.roleCategory === 'senior_practitioner' && s.caseHolding,
    );
    if (!senior) continue;
    for (const leave of g.absences) {
      if (leave.staffId !== team.managerId || leave.kind !== 'annual_leave' || !leave.to) continue;
      const days = daysBetween(leave.from, leave.to);
      if (days >= 4 && (!cover?.leave.to || days > daysBetween(cover.leave.from, cover.leave.to)))
        cover = { team, leave, by: senior.key };
    }
  }
  if (cover) {
    for (const s of demoStaff) {
      if (s.manager === cover.team.managerId && s.key !== cover.by && s.team === cover.team.id)
        add(s.key, cover.by, 'cover', cover.leave.from, cover.leave.to);
    }
  }
}

function supervisorOn(g: Gen, supervisee: string, supervisor: string, date: IsoDate): string {
  const cover = g.relationships.find(
    (r) =>
      r.kind === 'cover' &&
      r.superviseeId === supervisee &&
      r.from <= date &&
      (r.to === undefined || date <= r.to),
  );
  return cover ? cover.supervisorId : supervisor;
}

// ---------------------------------------------------------------------------------------------
// Children

const boys = (
  'Oliver Harry Jack Noah Leo Alfie Charlie Freddie Archie Theo Oscar Riley Mason Logan ' +
  'Tyler Kai Jayden Ethan Muhammad Yusuf Ibrahim Kacper Jakub Reggie Tommy Finley Lewis ' +
  'Callum Connor Dylan Brandon Kyle'
).split(' ');
const girls = (
  'Olivia Amelia Isla Ava Lily Freya Ivy Poppy Evie Ella Mia Sophie Ruby Willow Maisie ' +
  'Summer Skye Layla Aaliyah Zainab Maryam Zuzanna Lena Kayla Jade Paige Courtney Megan ' +
  'Holly Leah Tia Nevaeh'
).split(' ');
const surnames = (
  'Atkinson Barker Bennett Bibby Birch Bradshaw Burns Carter Chapman Connolly Cooper ' +
  'Dawson Dixon Dobson Duffy Fairclough Foster Gill Gordon Hall Hargreaves Holt Hughes ' +
  "Jackson Kelly Kennedy Khan Lambert Lynch McCarthy Mahmood Mills Nowak O'Brien Parkin " +
  'Pearce Quinn Riley Rowe Sharpe Simpson Slater Stephenson Tait Thornton Tully Varley ' +
  'Wainwright Ward Watts Webb Wheeler Whittaker Yates Mensah Nolan Rahman Doyle Horvat'
).split(' ');

/** Consecutive status episodes from a date; a step without a length stays open. */
function sequence(start: IsoDate, steps: [ChildStatus, number | null][]): Episode[] {
  const out: Episode[] = [];
  let from = start;
  for (const [status, days] of steps) {
    if (days === null) {
      out.push({ status, from });
      break;
    }
    const to = addDays(from, days - 1);
    out.push({ status, from, to });
    from = addDays(to, 1);
  }
  return out;
}

function startOf(statuses: Episode[], status: ChildStatus): IsoDate {
  const episode = statuses.find((s) => s.status === status);
  if (!episode) throw new Error(`no ${status} episode`);
  return episode.from;
}

/** Born between minYears and maxYears before the case opened, and under 18 today. */
function bornBefore(g: Gen, opened: IsoDate, minYears: number, maxYears: number) {
  const latest = yearsBefore(opened, minYears);
  const earliest = maxDate(yearsBefore(opened, maxYears), yearsBefore(g.today, 17.6));
  return { earliest: minDate(earliest, latest), latest };
}

function story(
  opened: IsoDate,
  statuses: Episode[],
  phases: Phase[],
  born: Story['born'],
  extra: Partial<Story> = {},
): Story {
  return { openedAt: opened, statuses, phases, born, flags: [], events: [], ...extra };
}

function phase(team: string, from: IsoDate, to?: IsoDate, role: AllocationRole = 'key_worker') {
  return defined<Phase>({ team, from, to, role });
}

function assessmentStory(g: Gen): Story {
  const r = g.random;
  const roll = r.next();
  if (roll < 0.3) {
    const opened = ago(g, r.int(2, 40));
    return story(
      opened,
      sequence(opened, [['assessment', null]]),
      [phase(teams.assessment, opened)],
      bornBefore(g, opened, 0.2, 15),
    );
  }
  if (roll < 0.8) {
    const opened = ago(g, r.int(70, 520));
    const statuses = sequence(opened, [
      ['assessment', r.int(25, 45)],
      ['child_in_need', null],
    ]);
    const events: ChildEvent[] = r.chance(0.15)
      ? [{ kind: 'threshold_change_considered', date: ago(g, r.int(5, 60)) }]
      : [];
    return story(
      opened,
      statuses,
      [phase(teams.assessment, opened)],
      bornBefore(g, opened, 0.3, 15),
      {
        events,
      },
    );
  }
  const opened = ago(g, r.int(220, 500));
  const statuses = sequence(opened, [
    ['assessment', r.int(25, 45)],
    ['child_in_need', r.int(60, 150)],
  ]);
  const closedAt = statuses.at(-1)?.to as IsoDate;
  return story(
    opened,
    statuses,
    [phase(teams.assessment, opened, closedAt)],
    bornBefore(g, opened, 0.5, 15),
    {
      closedAt,
    },
  );
}

function protectionStory(g: Gen): Story {
  const r = g.random;
  const roll = r.next();
  let opened: IsoDate;
  let statuses: Episode[];
  if (roll < 0.45) {
    // A child in need plan that did not keep the child safe enough.
    opened = ago(g, r.int(160, 560));
    statuses = sequence(opened, [
      ['assessment', r.int(30, 40)],
      ['child_in_need', r.int(40, 110)],
      ['child_protection', null],
    ]);
  } else if (roll < 0.7) {
    // Straight to a plan after a section 47 enquiry.
    opened = ago(g, r.int(30, 380));
    statuses = sequence(opened, [
      ['assessment', r.int(12, 25)],
      ['child_protection', null],
    ]);
  } else if (roll < 0.85) {
    // Care proceedings after a plan; some under an interim care order.
    opened = ago(g, r.int(380, 800));
    statuses = sequence(opened, [
      ['assessment', r.int(20, 35)],
      ['child_protection', r.int(150, 300)],
      ['care_proceedings', null],
    ]);
    if (r.chance(0.5)) {
      const from = addDays(startOf(statuses, 'care_proceedings'), r.int(0, 30));
      statuses.push({ status: 'child_in_care', from });
    }
  } else {
    // The plan ended and the child stepped down to child in need.
    opened = ago(g, r.int(420, 800));
    const assessment = r.int(25, 40);
    const available = daysBetween(opened, g.today) - assessment - 30;
    statuses = sequence(opened, [
      ['assessment', assessment],
      ['child_protection', r.int(150, Math.min(400, available))],
      ['child_in_need', null],
    ]);
  }
  const cpStart = startOf(statuses, 'child_protection');
  const events: ChildEvent[] = r.chance(0.4)
    ? [{ kind: 'decision_making_meeting', date: addDays(cpStart, -r.int(3, 12)) }]
    : [];
  return story(
    opened,
    statuses,
    [phase(teams.assessment, opened, addDays(cpStart, -1)), phase(teams.protection, cpStart)],
    bornBefore(g, opened, 0.1, 14),
    { events },
  );
}

function unbornStory(g: Gen): Story {
  const r = g.random;
  const opened = ago(g, r.int(50, 70));
  const statuses = sequence(opened, [
    ['assessment', r.int(25, 35)],
    ['child_protection', null],
  ]);
  const cpStart = startOf(statuses, 'child_protection');
  return story(
    opened,
    statuses,
    [phase(teams.assessment, opened, addDays(cpStart, -1)), phase(teams.protection, cpStart)],
    { earliest: opened, latest: opened },
    { single: true, expectedDateOfBirth: addDays(g.today, r.int(28, 70)) },
  );
}

function careStory(g: Gen): Story {
  const r = g.random;
  const roll = r.next();
  if (roll < 0.4) {
    // In care for years, some matched long term with their carers.
    const cicStart = ago(g, r.int(400, 2600));
    const opened = addDays(cicStart, -r.int(60, 300));
    const statuses = sequence(opened, [
      ['child_protection', daysBetween(opened, cicStart)],
      ['child_in_care', null],
    ]);
    const events: ChildEvent[] = [];
    const matched = addDays(cicStart, r.int(250, 900));
    if (r.chance(0.55) && matched <= ago(g, 30)) {
      statuses.push({ status: 'long_term_matched', from: matched });
      events.push({ kind: 'panel_preparation', date: addDays(matched, -r.int(14, 40)) });
    }
    return story(
      opened,
      statuses,
      [phase(teams.protection, opened, addDays(cicStart, -1)), phase(teams.care, cicStart)],
      bornBefore(g, opened, 0.3, 11),
      { events },
    );
  }
  if (roll < 0.65) {
    // A care leaver, in care from early teens until eighteen.
    const dob = ago(g, r.int(Math.round(18.1 * 365), Math.round(20.8 * 365)));
    const eighteen = addMonths(dob, 216);
    let cicStart = addMonths(dob, r.int(144, 200));
    if (cicStart >= eighteen) cicStart = addMonths(eighteen, -6);
    const opened = addDays(cicStart, -r.int(30, 200));
    const statuses = sequence(opened, [
      ['child_in_need', daysBetween(opened, cicStart)],
      ['child_in_care', daysBetween(cicStart, eighteen)],
      ['care_leaver', null],
    ]);
    const flags: Flag[] = [];
    if (r.chance(0.3)) {
      flags.push({
        flag: 'unregulated_placement',
        from: maxDate(cicStart, addDays(eighteen, -r.int(150, 400))),
        to: addDays(eighteen, -1),
      });
    }
    return story(
      opened,
      statuses,
      [phase(teams.assessment, opened, addDays(cicStart, -1)), phase(teams.care, cicStart)],
      { earliest: dob, latest: dob },
      { single: true, flags },
    );
  }
  if (roll < 0.9) {
    // Came into care in the last year, from a plan or accommodated under section 20.
    const cicStart = ago(g, r.int(20, 360));
    const opened = addDays(cicStart, -r.int(90, 400));
    const before: ChildStatus = r.chance(0.6) ? 'child_protection' : 'child_in_need';
    const statuses = sequence(opened, [
      [before, daysBetween(opened, cicStart)],
      ['child_in_care', null],
    ]);
    const team = before === 'child_protection' ? teams.protection : teams.assessment;
    return story(
      opened,
      statuses,
      [phase(team, opened, addDays(cicStart, -1)), phase(teams.care, cicStart)],
      bornBefore(g, opened, 0.2, 13),
    );
  }
  // Returned home and the case closed.
  const cicStart = ago(g, r.int(420, 900));
  const closedAt = ago(g, r.int(20, 250));
  return story(
    cicStart,
    [{ status: 'child_in_care', from: cicStart, to: closedAt }],
    [phase(teams.care, cicStart, closedAt)],
    bornBefore(g, cicStart, 0.5, 14),
    { closedAt },
  );
}

function familyHelpStory(g: Gen, team: string): Story {
  const r = g.random;
  const roll = r.next();
  const role: AllocationRole = r.chance(0.6) ? 'lead_professional' : 'key_worker';
  if (roll < 0.55) {
    const opened = ago(g, r.int(10, 420));
    const events: ChildEvent[] = r.chance(0.12)
      ? [{ kind: 'step_up_considered', date: maxDate(opened, ago(g, r.int(3, 60))) }]
      : [];
    return story(
      opened,
      sequence(opened, [['early_help', null]]),
      [phase(team, opened, undefined, role)],
      bornBefore(g, opened, 0.3, 15),
      { events },
    );
  }
  if (roll < 0.8) {
    // Stepped down from social care to family help.
    const opened = ago(g, r.int(200, 600));
    const assessment = r.int(25, 40);
    const available = daysBetween(opened, g.today) - assessment - 15;
    const statuses = sequence(opened, [
      ['assessment', assessment],
      ['child_in_need', r.int(60, Math.min(200, available))],
      ['early_help', null],
    ]);
    const ehStart = startOf(statuses, 'early_help');
    return story(
      opened,
      statuses,
      [
        phase(teams.assessment, opened, addDays(ehStart, -1)),
        phase(team, ehStart, undefined, role),
      ],
      bornBefore(g, opened, 0.3, 15),
    );
  }
  const opened = ago(g, r.int(120, 500));
  const length = r.int(90, Math.min(300, daysBetween(opened, g.today) - 5));
  const statuses = sequence(opened, [['early_help', length]]);
  const closedAt = statuses.at(-1)?.to as IsoDate;
  return story(
    opened,
    statuses,
    [phase(team, opened, closedAt, role)],
    bornBefore(g, opened, 0.3, 15),
    {
      closedAt,
    },
  );
}

/** Flags that follow from a child's situation today. */
function addFlags(g: Gen, s: Story) {
  const r = g.random;
  const open = (status: ChildStatus) =>
    s.statuses.find((e) => e.status === status && e.to === undefined);
  const cp = open('child_protection');
  if (cp) {
    if (r.chance(0.25))
      s.flags.push({
        flag: 'most_concern',
        from: minDate(g.today, addDays(cp.from, r.int(0, 60))),
      });
    if (r.chance(0.15)) s.flags.push({ flag: 'long_standing_neglect', from: s.openedAt });
  }
  const cic = open('child_in_care');
  if (cic) {
    if (r.chance(0.12)) {
      const from = maxDate(cic.from, ago(g, r.int(20, 200)));
      const to = addDays(from, r.int(20, 90));
      s.flags.push(
        defined<Flag>({
          flag: 'placement_stability_worries',
          from,
          to: r.chance(0.4) && to < g.today ? to : undefined,
        }),
      );
    }
    if (!open('long_term_matched') && daysBetween(cic.from, g.today) > 365 && r.chance(0.15))
      s.flags.push({ flag: 'no_evolving_plan', from: maxDate(cic.from, ago(g, r.int(10, 120))) });
  }
}

function pool(g: Gen, team: string): Person[] {
  const people = [...g.people.values()].filter((p) => p.demo.team === team && p.weight > 0);
  if (people.length === 0) throw new Error(`The demo team ${team} has no case-holding staff`);
  return people;
}

/** The worker with the most room for another case, give or take. */
function leastLoaded(g: Gen, workers: Person[]): Person {
  let best = workers[0] as Person;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const w of workers) {
    const score = (((g.caseload.get(w.key) ?? 0) + 1) / w.weight) * (0.7 + 0.6 * g.random.next());
    if (score < bestScore) {
      best = w;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The allocations of one phase of a case: usually one worker, but a worker who joined after the
 * phase began took it over from a colleague, some cases changed hands part way, and the cases
 * of a worker on long-term absence were passed to colleagues.
 */
function allocate(g: Gen, p: Phase): Allocation[] {
  const r = g.random;
  const team = pool(g, p.team);
  const end = p.to ?? g.today;
  const weight = (w: Person) => w.weight;
  const out: Allocation[] = [];
  const push = (worker: Person, from: IsoDate, to: IsoDate | undefined) =>
    out.push(defined<Allocation>({ workerId: worker.key, role: p.role, from, to }));
  const takesCases = (w: Person, date: IsoDate) => !w.offFrom || w.offFrom > date;
  const candidates = team.filter((w) => w.start < addDays(end, -10) && takesCases(w, p.from));
  if (candidates.length === 0) return out;
  let holder = leastLoaded(g, candidates);
  let start = p.from;
  if (holder.start > start) {
    const takeover = addDays(holder.start, r.int(5, 20));
    const earlier = team.filter(
      (w) =>
        w !== holder &&
        w.start <= start &&
        takesCases(w, start) &&
        (!w.awayFrom || w.awayFrom > minDate(takeover, end)),
    );
    if (takeover > end) {
      if (earlier.length === 0) return out;
      holder = r.weighted(earlier, weight);
    } else {
      if (earlier.length > 0) push(r.weighted(earlier, weight), start, addDays(takeover, -1));
      start = takeover;
    }
  } else if (
    daysBetween(start, end) > 150 &&
    r.chance(0.2) &&
    (!holder.awayFrom || holder.awayFrom > end)
  ) {
    const change = addDays(start, r.int(40, daysBetween(start, end) - 40));
    const next = team.filter((w) => w !== holder && w.start <= change && !w.awayFrom);
    if (next.length > 0) {
      push(holder, start, addDays(change, -1));
      holder = leastLoaded(g, next);
      start = change;
    }
  }
  if (holder.awayFrom && holder.awayFrom <= end) {
    const away = holder.awayFrom;
    const cover = team.filter(
      (w) => w !== holder && !w.awayFrom && w.start <= maxDate(start, away),
    );
    if (away > start) {
      push(holder, start, addDays(away, -1));
      start = away;
    }
    if (cover.length === 0) return out;
    holder = leastLoaded(g, cover);
  }
  push(holder, start, p.to);
  if (!p.to) g.caseload.set(holder.key, (g.caseload.get(holder.key) ?? 0) + 1);
  return out;
}

function familySize(r: Random): number {
  const roll = r.next();
  return roll < 0.55 ? 1 : roll < 0.85 ? 2 : 3;
}

function buildChildren(g: Gen) {
  const r = g.random;
  let caseNumber = 100_000 + r.int(100, 900);
  const makeFamily = (s: Story, size: number) => {
    addFlags(g, s);
    const surname = r.pick(surnames);
    const allocations = s.phases.flatMap((p) => allocate(g, p));
    const family: Family = { members: [], allocations };
    let dob = addDays(s.born.earliest, r.int(0, daysBetween(s.born.earliest, s.born.latest)));
    for (let i = 0; i < size && dob <= s.born.latest; i++) {
      caseNumber += r.int(1, 60);
      const unborn = s.expectedDateOfBirth !== undefined;
      const name = unborn
        ? `Unborn baby ${surname}`
        : `${r.pick(r.chance(0.5) ? boys : girls)} ${i > 0 && r.chance(0.2) ? r.pick(surnames) : surname}`;
      const child = defined<BundleChild>({
        id: `ch-${caseNumber}`,
        caseId: `LCS-${caseNumber}`,
        name,
        dateOfBirth: unborn ? undefined : dob,
        expectedDateOfBirth: s.expectedDateOfBirth,
        openedAt: s.openedAt,
        closedAt: s.closedAt,
        statuses: s.statuses.map((e) => ({ ...e })).sort((a, b) => compare(a.from, b.from)),
        flags: s.flags.map((f) => ({ ...f })),
        allocations: allocations.map((a) => ({ ...a })),
        events:
          s.events.length > 0
            ? s.events
                .filter((e) => e.date >= s.openedAt && e.date <= g.today)
                .map((e) => ({ ...e }))
            : undefined,
      });
      family.members.push(child);
      g.children.push(child);
      dob = addDays(dob, r.int(300, 1500));
    }
    if (family.members.length > 0) g.families.push(family);
    return family.members.length;
  };
  const quotas: [string, number, (g: Gen) => Story][] = [
    [teams.assessment, 24, assessmentStory],
    [teams.protection, 27, protectionStory],
    [teams.care, 30, careStory],
    [teams.familyHelpEast, 20, (g) => familyHelpStory(g, teams.familyHelpEast)],
    [teams.familyHelpWest, 18, (g) => familyHelpStory(g, teams.familyHelpWest)],
  ];
  for (const [, quota, tell] of quotas) {
    let made = 0;
    while (made < quota) {
      const s = tell(g);
      made += makeFamily(s, s.single ? 1 : Math.min(quota - made, familySize(r)));
    }
  }
  makeFamily(unbornStory(g), 1);
  addInvolvedWorkers(g);
}

/** A student co-working cases, and school safeguarding staff involved with some families. */
function addInvolvedWorkers(g: Gen) {
  const r = g.random;
  const involve = (family: Family, worker: Person | undefined, from: IsoDate) => {
    if (!worker || from > g.today || from < worker.start) return;
    for (const child of family.members) {
      if (child.closedAt || from < child.openedAt) continue;
      if (child.allocations.some((a) => a.workerId === worker.key && a.to === undefined)) continue;
      child.allocations.push({ workerId: worker.key, role: 'involved', from });
    }
  };
  const student = [...g.people.values()].find((p) => p.demo.roleCategory === 'student');
  const school = [...g.people.values()].find(
    (p) => p.demo.roleCategory === 'school_safeguarding_staff',
  );
  let studentCases = 0;
  for (const family of g.families) {
    const lead = family.allocations.find((a) => a.to === undefined);
    const child = family.members[0] as BundleChild;
    if (!lead || child.closedAt) continue;
    const leadTeam = g.people.get(lead.workerId)?.demo.team;
    if (student && studentCases < 2 && leadTeam === student.demo.team && r.chance(0.3)) {
      studentCases++;
      involve(family, student, addDays(student.start, r.int(7, 14)));
    } else if (school && leadTeam !== school.demo.team && r.chance(0.1)) {
      involve(family, school, maxDate(lead.from, maxDate(school.start, ago(g, r.int(10, 200)))));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sessions and their records

interface Booking {
  kind: SessionKind;
  supervisee: Person;
  supervisor: string;
  date: IsoDate;
  minutes: number;
  /** Chance a month goes by with nothing booked. */
  slack: number;
}

function addSession(g: Gen, session: Omit<BundleSession, 'id'>): BundleSession {
  const full = defined<BundleSession>({ id: `s${g.sessions.length}`, ...session });
  g.sessions.push(full);
  return full;
}

function addRecord(g: Gen, record: Omit<BundleRecord, 'id'>): BundleRecord {
  const full = defined<BundleRecord>({ id: `r${g.records.length}`, ...record });
  g.records.push(full);
  return full;
}

/** When a record's steps were done: mostly promptly, some late, a few not yet. */
function recordingDates(g: Gen, date: IsoDate, kind: 'personal' | 'case') {
  const r = g.random;
  const roll = r.next();
  const writtenAt =
    roll < 0.85
      ? stepAfter(g, date, r.int(0, 3))
      : roll < 0.96
        ? stepAfter(g, date, r.int(6, 15))
        : undefined;
  const sharedAt = stepAfter(g, writtenAt, r.int(0, 2));
  if (kind === 'personal') {
    return {
      writtenAt,
      sharedAt,
      signedAt: r.chance(0.9) ? stepAfter(g, sharedAt, r.int(0, 6)) : undefined,
    };
  }
  return {
    writtenAt,
    sharedAt,
    onChildRecordAt: r.chance(0.93) ? stepAfter(g, writtenAt, r.int(0, 1)) : undefined,
  };
}

function leadCasesOn(g: Gen, worker: string, date: IsoDate): Family[] {
  return g.families.filter((f) =>
    f.members.some((c) =>
      c.allocations.some(
        (a) =>
          a.workerId === worker &&
          a.role !== 'involved' &&
          a.from <= date &&
          (a.to === undefined || date <= a.to),
      ),
    ),
  );
}

/** Days between case supervisions the pack asks for, from the child's status on a date. */
function caseInterval(child: BundleChild, date: IsoDate): number {
  const active = (status: ChildStatus) =>
    child.statuses.some(
      (s) => s.status === status && s.from <= date && (s.to === undefined || date <= s.to),
    );
  const twoMonthly =
    active('child_protection') ||
    active('care_proceedings') ||
    (active('child_in_care') && !active('long_term_matched'));
  return twoMonthly ? 61 : 92;
}

/** A one-to-one also discusses the worker's children whose case supervision is coming due. */
function discussCases(g: Gen, session: BundleSession, worker: string, supervisor: string) {
  const r = g.random;
  for (const family of leadCasesOn(g, worker, session.date)) {
    const children = family.members.filter((c) =>
      c.allocations.some(
        (a) =>
          a.workerId === worker &&
          a.role !== 'involved' &&
          a.from <= session.date &&
          (a.to === undefined || session.date <= a.to),
      ),
    );
    const first = children[0];
    if (!first) continue;
    let last = g.lastDiscussed.get(first.id);
    if (!last) {
      const allocated =
        first.allocations.find((a) => a.workerId === worker)?.from ?? first.openedAt;
      last = maxDate(allocated, addDays(g.goLive, -r.int(0, 40)));
    }
    if (daysBetween(last, session.date) < caseInterval(first, session.date) - 40) continue;
    if (r.chance(0.07)) continue;
    addRecord(g, {
      kind: 'case_supervision',
      date: session.date,
      sessionId: session.id,
      authorId: supervisor,
      staffIds: [worker],
      childIds: children.map((c) => c.id),
      ...recordingDates(g, session.date, 'case'),
    });
    for (const c of children) g.lastDiscussed.set(c.id, session.date);
  }
}

function holdSession(g: Gen, b: Booking, date: IsoDate, supervisor: string) {
  const session = addSession(g, {
    kind: b.kind,
    date,
    minutes: b.minutes,
    supervisorId: supervisor,
    participantIds: [b.supervisee.key],
    status: 'held',
  });
  addRecord(g, {
    kind: 'personal_supervision',
    date,
    sessionId: session.id,
    authorId: supervisor,
    staffIds: [b.supervisee.key],
    childIds: [],
    ...recordingDates(g, date, 'personal'),
  });
  if (b.supervisee.weight > 0) discussCases(g, session, b.supervisee.key, supervisor);
}

function rebookAfter(g: Gen, until: IsoDate | undefined, date: IsoDate): IsoDate {
  return g.calendar.addWorkingDays(until ?? date, g.random.int(1, 4));
}

/** A one-to-one as it turned out: held, cancelled and rebooked, missed, or still planned. */
function book(g: Gen, b: Booking) {
  const r = g.random;
  const key = b.supervisee.key;
  if (b.date > g.horizon || b.date < b.supervisee.start) return;
  const away = absenceOn(g, key, minDate(b.date, g.today));
  if (b.date > g.today) {
    if ((away && away.to === undefined) || (b.date > addDays(g.today, 30) && r.chance(0.1))) return;
    addSession(g, {
      kind: b.kind,
      date: b.date,
      minutes: b.minutes,
      supervisorId: supervisorOn(g, key, b.supervisor, b.date),
      participantIds: [key],
      status: 'planned',
    });
    return;
  }
  if (r.chance(b.slack)) return;
  const supervisee = absenceOn(g, key, b.date);
  if (supervisee) {
    if (supervisee.to === undefined) {
      if (supervisee.kind === 'maternity' || g.longAbsenceNoted.has(key)) return;
      g.longAbsenceNoted.add(key);
      addSession(g, {
        kind: b.kind,
        date: b.date,
        minutes: b.minutes,
        supervisorId: b.supervisor,
        participantIds: [key],
        status: 'cancelled',
        cancellationReason: 'supervisee_sickness',
      });
      return;
    }
    const reasons: Record<BundleAbsence['kind'], CancellationReason> = {
      annual_leave: 'supervisee_annual_leave',
      sickness: 'supervisee_sickness',
      maternity: 'supervisee_absence',
      other: 'supervisee_absence',
    };
    reschedule(g, b, 'cancelled', reasons[supervisee.kind], rebookAfter(g, supervisee.to, b.date));
    return;
  }
  const supervisor = supervisorOn(g, key, b.supervisor, b.date);
  const supervisorAway = absenceOn(g, supervisor, b.date);
  if (supervisorAway) {
    reschedule(g, b, 'postponed', 'supervisor_absence', rebookAfter(g, supervisorAway.to, b.date));
    return;
  }
  const roll = r.next();
  if (roll < 0.04) {
    reschedule(g, b, 'cancelled', 'emergency', g.calendar.addWorkingDays(b.date, r.int(2, 6)));
  } else if (roll < 0.07) {
    addSession(g, {
      kind: b.kind,
      date: b.date,
      minutes: b.minutes,
      supervisorId: supervisor,
      participantIds: [key],
      status: 'cancelled',
      cancellationReason: 'other',
    });
  } else if (roll < 0.09) {
    addSession(g, {
      kind: b.kind,
      date: b.date,
      minutes: b.minutes,
      supervisorId: supervisor,
      participantIds: [key],
      status: 'not_held',
    });
  } else holdSession(g, b, b.date, supervisor);
}

function reschedule(
  g: Gen,
  b: Booking,
  status: 'cancelled' | 'postponed',
  reason: CancellationReason,
  to: IsoDate,
) {
  const key = b.supervisee.key;
  const rebooked = to <= g.horizon && !absenceOn(g, key, to);
  addSession(g, {
    kind: b.kind,
    date: b.date,
    minutes: b.minutes,
    supervisorId: supervisorOn(g, key, b.supervisor, b.date),
    participantIds: [key],
    status,
    cancellationReason: reason,
    rescheduledTo: rebooked ? to : undefined,
  });
  if (!rebooked) return;
  const supervisor = supervisorOn(g, key, b.supervisor, to);
  if (to > g.today) {
    addSession(g, {
      kind: b.kind,
      date: to,
      minutes: b.minutes,
      supervisorId: supervisor,
      participantIds: [key],
      status: 'planned',
    });
  } else if (!absenceOn(g, supervisor, to)) holdSession(g, b, to, supervisor);
}

/** Dates every `days` from a start, up to the horizon. */
function everyDays(g: Gen, from: IsoDate, days: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= g.horizon; d = addDays(d, days)) out.push(workday(g, d));
  return out;
}

/** One day in each calendar month from a start, near a preferred day of the month. */
function monthly(g: Gen, from: IsoDate, preferredDay: number): IsoDate[] {
  const out: IsoDate[] = [];
  const { year, month } = dateParts(from);
  for (let i = 0; ; i++) {
    const y = year + Math.floor((month - 1 + i) / 12);
    const m = ((month - 1 + i) % 12) + 1;
    const day = Math.min(daysInMonth(y, m) - 3, Math.max(1, preferredDay + g.random.int(-3, 3)));
    const date = workday(g, isoDateFromParts(y, m, day));
    if (date > g.horizon) break;
    // Someone starting part way through a month has their first supervision soon after.
    out.push(maxDate(date, g.calendar.nextWorkingDayOnOrAfter(addDays(from, 3))));
  }
  return out;
}

/** ASYE supervision: weekly for six weeks, fortnightly to six months, then monthly. */
function asyeDates(g: Gen, start: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  let d = addDays(start, 2);
  while (d <= g.horizon) {
    out.push(workday(g, d));
    const week = Math.floor(daysBetween(start, d) / 7);
    d = week < 6 ? addDays(d, 7) : week < 26 ? addDays(d, 14) : addMonths(d, 1);
  }
  return out;
}

function buildSessions(g: Gen, units: OrgUnit[]) {
  const r = g.random;
  for (const person of g.people.values()) {
    const { demo } = person;
    const from = maxDate(g.goLive, person.start);
    if (demo.roleCategory === 'student') {
      // Weekly, 90 minutes, alternating the placement supervisor and the practice educator.
      const supervisors = g.relationships
        .filter((x) => x.superviseeId === person.key && x.kind !== 'line_management')
        .map((x) => x.supervisorId);
      everyDays(g, addDays(person.placementStart ?? person.start, 1), 7).forEach((date, i) => {
        const supervisor = supervisors[i % supervisors.length];
        if (supervisor)
          book(g, {
            kind: 'one_to_one',
            supervisee: person,
            supervisor,
            date,
            minutes: 90,
            slack: 0.05,
          });
      });
      continue;
    }
    if (!demo.manager) continue;
    const supervisor = demo.manager;
    // Part-time workers' supervision slips more often.
    const slack = demo.hours < 37 ? 0.08 : 0.04;
    const minutes = r.pick([60, 75, 90, 90]);
    let dates: IsoDate[];
    if (person.asyeStart) dates = asyeDates(g, person.asyeStart);
    else if (demo.roleCategory === 'apprentice')
      dates = everyDays(g, addDays(from, r.int(0, 4)), 7);
    else dates = monthly(g, from, r.int(4, 22));
    const weekly = person.asyeStart !== undefined || demo.roleCategory === 'apprentice';
    for (const date of dates) {
      if (date < from) continue;
      book(g, {
        kind: 'one_to_one',
        supervisee: person,
        supervisor,
        date,
        minutes: weekly ? 90 : minutes,
        slack: weekly ? 0.06 : slack,
      });
    }
  }
  buildGroupSessions(g, units);
  buildCaseEvents(g);
}

function buildGroupSessions(g: Gen, units: OrgUnit[]) {
  const r = g.random;
  for (const team of units) {
    if (team.kind !== 'team' || !team.managerId) continue;
    const manager = team.managerId;
    const members = [...g.people.values()].filter(
      (p) => p.demo.team === team.id && p.key !== manager,
    );
    const earliest = members.map((p) => p.start).sort()[0] ?? g.goLive;
    for (const date of monthly(g, maxDate(g.goLive, earliest), r.int(8, 20))) {
      const present = members
        .filter((p) => p.start <= date && !absenceOn(g, p.key, minDate(date, g.today)))
        .map((p) => p.key);
      const base = {
        kind: 'group' as const,
        date,
        minutes: 90,
        supervisorId: manager,
        participantIds: present,
        teamId: team.id,
      };
      if (date > g.today) {
        addSession(g, { ...base, status: 'planned' });
        continue;
      }
      const roll = r.next();
      if (roll < 0.05) continue;
      if (roll < 0.1 || absenceOn(g, manager, date)) {
        addSession(g, {
          ...base,
          status: 'cancelled',
          cancellationReason: roll < 0.1 ? 'emergency' : 'supervisor_absence',
        });
        continue;
      }
      const session = addSession(g, { ...base, status: 'held' });
      addRecord(g, {
        kind: 'group_supervision',
        date,
        sessionId: session.id,
        authorId: manager,
        staffIds: present,
        childIds: [],
        writtenAt: stepAfter(g, date, r.int(0, 4)),
      });
    }
  }
  // Quarterly practice learning for the whole service, led by the practice educator.
  const educator = [...g.people.values()].find((p) => p.demo.jobTitle === 'Practice Educator');
  if (!educator) return;
  const practitioners = [...g.people.values()].filter(
    (p) => p.weight > 0 && p.demo.roleCategory !== 'school_safeguarding_staff',
  );
  for (const offset of [-150, -60, 30]) {
    const date = workday(g, addDays(g.today, offset));
    if (date < g.goLive) continue;
    const present = practitioners
      .filter(
        (p) => p.start <= date && !absenceOn(g, p.key, minDate(date, g.today)) && r.chance(0.6),
      )
      .map((p) => p.key);
    const session = addSession(g, {
      kind: 'group_learning',
      date,
      minutes: 120,
      supervisorId: educator.key,
      participantIds: present,
      status: date > g.today ? 'planned' : 'held',
    });
    if (session.status === 'held') {
      addRecord(g, {
        kind: 'group_learning',
        date,
        sessionId: session.id,
        authorId: educator.key,
        staffIds: present,
        childIds: [],
        writtenAt: stepAfter(g, date, r.int(1, 5)),
      });
    }
  }
}

function managerOf(g: Gen, worker: string): string | undefined {
  return g.people.get(worker)?.demo.manager;
}

/**
 * Supervision prompted by events on a case: reviews of a new assessment around working days 8
 * and 20, urgent discussions before a child protection conference, and management oversight
 * noted on the child's record (which the pack does not count as supervision).
 */
function buildCaseEvents(g: Gen) {
  const r = g.random;
  for (const family of g.families) {
    const child = family.members[0] as BundleChild;
    const leadOn = (date: IsoDate) =>
      family.allocations.find(
        (a) => a.role !== 'involved' && a.from <= date && (a.to === undefined || date <= a.to),
      )?.workerId;
    const ids = family.members.map((c) => c.id);
    for (const episode of child.statuses) {
      if (episode.from < g.goLive) continue;
      if (episode.status === 'assessment') {
        for (const [low, high] of [
          [5, 8],
          [13, 20],
        ] as const) {
          const date = g.calendar.addWorkingDays(episode.from, r.int(low, high));
          const worker = leadOn(date);
          const manager = worker && managerOf(g, worker);
          if (!worker || !manager || date > g.today || (episode.to && date > episode.to)) continue;
          if (r.chance(0.1)) continue;
          addRecord(g, {
            kind: 'case_supervision',
            date,
            authorId: manager,
            staffIds: [worker],
            childIds: ids,
            ...recordingDates(g, date, 'case'),
          });
          for (const id of ids) g.lastDiscussed.set(id, date);
        }
      }
      if (episode.status === 'child_protection' && r.chance(0.6)) {
        const date = g.calendar.subtractWorkingDays(episode.from, r.int(1, 3));
        const worker = leadOn(date) ?? leadOn(episode.from);
        const manager = worker && managerOf(g, worker);
        if (!worker || !manager || date < g.goLive) continue;
        const session = addSession(g, {
          kind: 'unplanned',
          date,
          minutes: 30,
          supervisorId: manager,
          participantIds: [worker],
          status: 'held',
        });
        addRecord(g, {
          kind: 'case_supervision_unplanned',
          date,
          sessionId: session.id,
          authorId: manager,
          staffIds: [worker],
          childIds: ids,
          ...recordingDates(g, date, 'case'),
        });
      }
    }
    const cp = child.statuses.find((s) => s.status === 'child_protection' && !s.to);
    if (cp && r.chance(0.25)) {
      const date = workday(g, maxDate(maxDate(cp.from, g.goLive), ago(g, r.int(5, 120))));
      const worker = leadOn(date);
      const manager = worker && managerOf(g, worker);
      if (worker && manager) {
        addRecord(g, {
          kind: 'management_oversight',
          date,
          authorId: manager,
          staffIds: [worker],
          childIds: ids,
          writtenAt: date,
          onChildRecordAt: date,
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Observations and supervision agreements

function buildStaffRecords(g: Gen) {
  const r = g.random;
  const observed = new Set(['social_worker', 'senior_practitioner', 'family_help_worker']);
  const fyStart = yearStart(g.today, 'financial');
  const windows: [IsoDate, IsoDate][] = [[maxDate(g.goLive, fyStart), addDays(g.today, -1)]];
  if (g.goLive < fyStart) windows.push([g.goLive, addDays(fyStart, -1)]);
  for (const person of g.people.values()) {
    const manager = person.demo.manager;
    if (!manager || !observed.has(person.demo.roleCategory)) continue;
    for (const [from, to] of windows) {
      const start = maxDate(from, addDays(person.start, 28));
      const end = person.awayFrom ? minDate(to, addDays(person.awayFrom, -1)) : to;
      if (daysBetween(start, end) < 10 || !r.chance(0.7)) continue;
      const date = workday(g, addDays(start, r.int(0, daysBetween(start, end))));
      if (absenceOn(g, person.key, date)) continue;
      const family = r.chance(0.7) ? leadCasesOn(g, person.key, date)[0] : undefined;
      addRecord(g, {
        kind: 'direct_observation',
        date,
        authorId: manager,
        observerId: manager,
        staffIds: [person.key],
        childIds: family ? [(family.members[0] as BundleChild).id] : [],
        writtenAt: stepAfter(g, date, r.int(0, 5)),
      });
    }
  }
  for (const rel of g.relationships) {
    if (rel.kind === 'cover') continue;
    if (rel.from >= g.goLive) {
      // A new relationship starts with an agreement, usually within a fortnight.
      const date = workday(g, addDays(rel.from, r.int(2, 15)));
      if (date > g.today || r.chance(0.12)) continue;
      addRecord(g, {
        kind: 'supervision_agreement',
        date,
        authorId: rel.supervisorId,
        staffIds: [rel.superviseeId],
        childIds: [],
        signedAt: stepAfter(g, date, r.int(0, 5)),
      });
    } else if (r.chance(0.55)) {
      // The annual review of an older agreement, if it has come round since going live.
      const span = daysBetween(g.goLive, g.today) - 1;
      const date = workday(g, addDays(g.goLive, r.int(0, span)));
      addRecord(g, {
        kind: 'agreement_review',
        date,
        authorId: rel.supervisorId,
        staffIds: [rel.superviseeId],
        childIds: [],
        signedAt: stepAfter(g, date, r.int(0, 5)),
      });
    }
  }
}

/** Sessions and records in date order with ids that read well (ses-0001, rec-0001). */
function renumber(g: Gen) {
  const order = <T extends { id: string; date: IsoDate }>(items: T[], prefix: string) => {
    const index = new Map(items.map((item, i) => [item, i]));
    items.sort(
      (a, b) => compare(a.date, b.date) || (index.get(a) as number) - (index.get(b) as number),
    );
    const ids = new Map<string, string>();
    items.forEach((item, i) => {
      const id = `${prefix}-${pad(i + 1)}`;
      ids.set(item.id, id);
      item.id = id;
    });
    return ids;
  };
  const sessionIds = order(g.sessions, 'ses');
  order(g.records, 'rec');
  for (const record of g.records) {
    if (record.sessionId) record.sessionId = sessionIds.get(record.sessionId) as string;
  }
}

// ---------------------------------------------------------------------------------------------
// Audits, actions and waivers

function buildAudits(g: Gen): BundleAudit[] {
  const r = g.random;
  const auditor = [...g.people.values()].find((p) => /quality assurance/i.test(p.demo.jobTitle));
  if (!auditor) return [];
  const candidates = g.records.filter(
    (x) =>
      (x.kind === 'personal_supervision' || x.kind === 'case_supervision') &&
      x.date >= ago(g, 150) &&
      x.date <= ago(g, 20),
  );
  const audits: BundleAudit[] = [];
  const chosen = new Set<BundleRecord>();
  for (let i = 0; i < 8 && chosen.size < candidates.length; i++) {
    let record = r.pick(candidates);
    while (chosen.has(record)) record = r.pick(candidates);
    chosen.add(record);
  }
  for (const record of [...chosen].sort((a, b) => compare(a.date, b.date))) {
    const completedAt = workday(g, minDate(addDays(record.date, r.int(10, 40)), ago(g, 1)));
    audits.push(
      defined<BundleAudit>({
        id: '',
        auditorId: auditor.key,
        subjectStaffId: record.staffIds[0],
        subjectRecordId: record.id,
        of: 'supervision_records',
        completedAt,
        feedbackAt: r.chance(0.75) ? stepAfter(g, completedAt, r.int(2, 12)) : undefined,
      }),
    );
  }
  const files = [...g.people.values()].filter((p) => p.weight > 0 && p.start < ago(g, 180));
  for (let i = 0; i < 2 && files.length > 0; i++) {
    const completedAt = workday(g, ago(g, r.int(10, 120)));
    audits.push(
      defined<BundleAudit>({
        id: '',
        auditorId: auditor.key,
        subjectStaffId: r.pick(files).key,
        of: 'supervision_files',
        completedAt,
        feedbackAt: stepAfter(g, completedAt, r.int(3, 10)),
      }),
    );
  }
  audits.sort((a, b) => compare(a.completedAt, b.completedAt));
  audits.forEach((a, i) => {
    a.id = `aud-${pad(i + 1)}`;
  });
  return audits;
}

const personalActions = [
  'Book a place on the court skills training',
  'Complete the mandatory safeguarding refresher',
  'Arrange a shadowing day with the family court team',
  'Reflect on the practice observation feedback and bring to next supervision',
  'Agree protected time for recording with the team manager',
];
const caseActions = [
  "Update the child's plan after the review conference",
  'Complete the chronology',
  'Arrange direct work to gather the child’s wishes and feelings',
  'Request an updated health assessment',
  'Convene a professionals meeting with school and health',
  'Complete the genogram and share with the family',
  'Make a referral to the parenting programme',
];
type ActionState = 'completed' | 'overdue' | 'open' | 'dropped';
const actionStates: ActionState[] = [
  'completed',
  'overdue',
  'open',
  'completed',
  'overdue',
  'completed',
  'open',
  'dropped',
  'completed',
  'overdue',
  'open',
  'completed',
  'open',
  'completed',
];

function buildActions(g: Gen): BundleAction[] {
  const r = g.random;
  const held = g.records.filter(
    (x) => x.kind === 'personal_supervision' || x.kind === 'case_supervision',
  );
  const older = held.filter((x) => x.date <= ago(g, 60));
  const recent = held.filter((x) => x.date >= ago(g, 25));
  const actions: BundleAction[] = [];
  for (const state of actionStates) {
    const from = state === 'open' ? recent : older;
    if (from.length === 0) continue;
    const record = r.pick(from);
    const supervisee = record.staffIds[0] as string;
    const child = record.childIds[0];
    const setOn = record.date;
    const dueDate =
      state === 'open'
        ? workday(g, addDays(g.today, r.int(7, 30)))
        : workday(g, addDays(setOn, r.int(10, 40)));
    const action: BundleAction = {
      id: '',
      description: r.pick(child ? caseActions : personalActions),
      ownerId: r.chance(0.8) ? supervisee : (record.authorId ?? supervisee),
      recordId: record.id,
      staffId: supervisee,
      setOn,
      dueDate,
      status: state === 'completed' ? 'completed' : state === 'dropped' ? 'dropped' : 'open',
    };
    if (child) action.childId = child;
    if (state === 'completed')
      action.completedAt = minDate(
        ago(g, 1),
        addDays(setOn, r.int(3, daysBetween(setOn, dueDate) + 7)),
      );
    if (state === 'dropped')
      action.dropReason = 'Superseded by the plan agreed at the review conference';
    actions.push(action);
  }
  actions.sort((a, b) => compare(a.setOn, b.setOn));
  actions.forEach((a, i) => {
    a.id = `act-${pad(i + 1)}`;
  });
  return actions;
}

const staffWaiverKinds: ObligationKind[] = [
  'staff_supervision',
  'observation',
  'pdr',
  'agreement',
  'agreement_review',
  // Audits before go-live were done on paper.
  'audit',
];
const childWaiverKinds: ObligationKind[] = ['case_supervision', 'event_supervision'];

/** Supervision before Oversight went live is not held here, so it is waived, not overdue. */
function buildWaivers(g: Gen, units: OrgUnit[], staff: BundleStaff[]): Waiver[] {
  const to = addDays(g.goLive, -1);
  const reason = `Recorded in the previous system before Oversight went live on ${g.goLive}`;
  const waivers: Waiver[] = [];
  const add = (kinds: ObligationKind[], subjectId: string, from: IsoDate) => {
    if (from > to) return;
    for (const kind of kinds) waivers.push({ kind, subjectId, from, to, reason });
  };
  for (const s of staff) add(staffWaiverKinds, s.id, s.startDate);
  // The head of service is supervised by the director, who is not in the bundle.
  for (const s of staff) {
    if (s.lineManagerId) continue;
    waivers.push({
      kind: 'staff_supervision',
      subjectId: s.id,
      from: maxDate(g.goLive, s.startDate),
      to: lastDayOfMonth(g.horizon),
      reason: "Supervised by the Director of Children's Services, outside Oversight",
    });
  }
  for (const c of g.children) add(childWaiverKinds, c.id, c.openedAt);
  for (const unit of units) {
    if (unit.kind !== 'team') continue;
    const starts = staff
      .filter((s) => s.teamId === unit.id)
      .map((s) => s.startDate)
      .sort();
    if (starts[0]) add(['team_group_session'], unit.id, starts[0]);
  }
  return waivers;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}
