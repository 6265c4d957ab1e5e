/**
 * A synthetic council for benchmarks: at scale 1, 1,500 staff in teams of fifteen and 15,000
 * children with five years of supervision history to the as-of date; scale n multiplies both.
 * Deterministic from a seed, so every run and every bench sees the same organisation.
 */
import type { Bundle } from '../src/domain/bundle/schema.ts';
import type { IsoDate } from '../src/domain/calendar/period.ts';
import type { ChildStatus, RecordKind } from '../src/domain/policy/vocabulary.ts';

/** The date the history runs up to, and where it starts. */
export const syntheticAsOf: IsoDate = '2026-11-23';
export const syntheticHistoryStart: IsoDate = '2021-11-23';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const iso = (n: number) => new Date(Math.round(n) * DAY).toISOString().slice(0, 10);

/** The organisation at `scale` (1: 1,500 staff, 15,000 children) under policy pack `policy`. */
export function syntheticBundle(scale: number, policy: string): Bundle {
  const random = rng(42 * scale);
  const staffCount = 1500 * scale;
  const childCount = 15000 * scale;
  const start = day(syntheticHistoryStart);
  const end = day(syntheticAsOf);
  const bundle: Bundle = {
    format: 'oversight-bundle/1',
    organisation: {
      id: `bench-${scale}`,
      name: `Bench ${scale}x`,
      policy,
      bankHolidayRegion: 'england-and-wales',
    },
    orgUnits: [{ id: 'svc', kind: 'service', name: 'Service' }],
    staff: [],
    relationships: [],
    absences: [],
    children: [],
    sessions: [],
    records: [],
    audits: [],
    actions: [],
  };
  const teams = Math.ceil(staffCount / 15);
  for (let t = 0; t < teams; t++) {
    bundle.orgUnits.push({
      id: `team-${t}`,
      kind: 'team',
      name: `Team ${t}`,
      parentId: 'svc',
      teamType: t % 2 ? 'social_work' : 'family_help',
    });
  }
  const workers: string[] = [];
  for (let i = 0; i < staffCount; i++) {
    const team = Math.floor(i / 15);
    const manager = i % 15 === 0;
    const id = `st-${i}`;
    const startDate = iso(start - 400 + Math.floor(random() * 1500));
    const leaves = random() < 0.1;
    bundle.staff.push({
      id,
      name: `Staff ${i}`,
      roleCategory: manager
        ? 'team_manager'
        : i % 15 === 1
          ? 'senior_practitioner'
          : 'social_worker',
      teamId: `team-${team}`,
      caseHolding: !manager,
      contractedHours: random() < 0.2 ? 22.5 : 37,
      startDate,
      ...(leaves ? { leavingDate: iso(end - Math.floor(random() * 300)) } : {}),
      ...(random() < 0.05 ? { asyeStartDate: startDate } : {}),
    });
    if (!manager) {
      workers.push(id);
      bundle.relationships.push({
        id: `rel-${i}`,
        superviseeId: id,
        supervisorId: `st-${team * 15}`,
        kind: 'line_management',
        from: startDate,
      });
    }
    if (random() < 0.15) {
      const from = start + Math.floor(random() * (end - start - 20));
      bundle.absences.push({
        id: `abs-${i}`,
        staffId: id,
        kind: 'sickness',
        from: iso(from),
        to: iso(from + 3 + Math.floor(random() * 20)),
      });
    }
  }
  // Monthly one-to-ones with a personal record and group learning.
  let sessionN = 0;
  let recordN = 0;
  for (const s of bundle.staff) {
    const supervisor =
      s.roleCategory === 'team_manager'
        ? 'st-0'
        : `st-${Math.floor(Number(s.id.slice(3)) / 15) * 15}`;
    const last = s.leavingDate ? day(s.leavingDate) : end;
    for (
      let d = Math.max(day(s.startDate), start) + Math.floor(random() * 20);
      d <= last;
      d += 24 + Math.floor(random() * 14)
    ) {
      const id = `ses-${sessionN++}`;
      const date = iso(d);
      bundle.sessions.push({
        id,
        kind: 'one_to_one',
        date,
        minutes: 90,
        supervisorId: supervisor,
        participantIds: [s.id],
        status: random() < 0.03 ? 'cancelled' : 'held',
        ...(random() < 0.02 ? { cancellationReason: 'supervisee_sickness' as const } : {}),
      });
      bundle.records.push({
        id: `rec-${recordN++}`,
        kind: 'personal_supervision',
        date,
        sessionId: id,
        authorId: supervisor,
        staffIds: [s.id],
        childIds: [],
        writtenAt: date,
        sharedAt: iso(d + Math.floor(random() * 16)),
        signedAt: iso(d + Math.floor(random() * 22)),
        dateRecordedAt: iso(d + Math.floor(random() * 14)),
      });
    }
    if (random() < 0.9)
      bundle.records.push({
        id: `rec-${recordN++}`,
        kind: 'direct_observation',
        date: iso(end - Math.floor(random() * 300)),
        observerId: supervisor,
        staffIds: [s.id],
        childIds: [],
      });
    bundle.records.push({
      id: `rec-${recordN++}`,
      kind: 'pdr',
      date: iso(end - Math.floor(random() * 400)),
      staffIds: [s.id],
      childIds: [],
    });
  }
  const statuses: ChildStatus[] = [
    'early_help',
    'child_in_need',
    'child_protection',
    'child_in_care',
    'care_leaver',
    'short_breaks',
  ];
  for (let c = 0; c < childCount; c++) {
    const opened = start + Math.floor(random() * (end - start - 30));
    const closed = random() < 0.3 ? opened + 60 + Math.floor(random() * 600) : undefined;
    const stop = closed !== undefined && closed < end ? closed : end;
    const worker = workers[Math.floor(random() * workers.length)] as string;
    const id = `ch-${c}`;
    const status = statuses[Math.floor(random() * statuses.length)] as ChildStatus;
    const child: Bundle['children'][number] = {
      id,
      caseId: `LCS-${c}`,
      dateOfBirth: iso(opened - Math.floor(random() * 6000)),
      openedAt: iso(opened),
      ...(closed !== undefined && closed < end ? { closedAt: iso(closed) } : {}),
      statuses: [
        { status: 'assessment', from: iso(opened), to: iso(opened + 30) },
        { status, from: iso(opened + 31) },
      ],
      flags: random() < 0.1 ? [{ flag: 'most_concern', from: iso(opened + 40) }] : [],
      allocations: [
        { workerId: worker, role: random() < 0.85 ? 'key_worker' : 'involved', from: iso(opened) },
      ],
    };
    bundle.children.push(child);
    for (
      let d = opened + 5 + Math.floor(random() * 10);
      d <= stop;
      d += 21 + Math.floor(random() * 40)
    ) {
      const date = iso(d);
      const kind: RecordKind =
        random() < 0.1
          ? 'group_learning'
          : random() < 0.1
            ? 'case_supervision_unplanned'
            : 'case_supervision';
      bundle.records.push({
        id: `rec-${recordN++}`,
        kind,
        date,
        authorId: 'st-0',
        staffIds: [worker],
        childIds: [id],
        writtenAt: date,
        sharedAt: iso(d + Math.floor(random() * 8)),
        onChildRecordAt: iso(d + Math.floor(random() * 8)),
      });
      if (random() < 0.5)
        bundle.records.push({
          id: `rec-${recordN++}`,
          kind: 'management_oversight',
          date,
          staffIds: [worker],
          childIds: [id],
        });
    }
    if (random() < 0.3) {
      bundle.actions.push({
        id: `act-${c}`,
        description: 'Action',
        ownerId: worker,
        childId: id,
        setOn: iso(stop - 20),
        dueDate: iso(stop + 10),
        status: random() < 0.5 ? 'completed' : 'open',
        completedAt: iso(stop - 5),
      });
    }
  }
  return bundle;
}
