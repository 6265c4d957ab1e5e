import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../domain/bundle/parse.ts';
import type { Bundle } from '../../domain/bundle/schema.ts';
import { addMonths } from '../../domain/calendar/index.ts';
import { organisationPolicy } from '../../domain/compliance/organisation-policy.ts';
import { demoBundle, demoStaffEmail } from './demo-bundle.ts';
import { demoStaff, demoUnits } from './demo-organisation.ts';

const today = '2026-11-23';
const bundle = demoBundle(today);

/** Every 'YYYY-MM-DD' value in the bundle, with the path to it. */
function datesIn(value: unknown, path: (string | number)[] = []): [string, (string | number)[]][] {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? [[value, path]] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => datesIn(item, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => datesIn(item, [...path, key]));
  return [];
}

/** Dates that look ahead by nature: bookings, due dates, expiries and expected births. */
function mayBeFuture(b: Bundle, path: (string | number)[]): boolean {
  const [list, index, field, subfield] = path;
  if (list === 'sessions' && field === 'date')
    return b.sessions[index as number]?.status === 'planned';
  if (list === 'sessions') return field === 'rescheduledTo';
  if (list === 'staff')
    return field === 'placementEndDate' || (field === 'registration' && subfield === 'expiresOn');
  if (list === 'children') return field === 'expectedDateOfBirth';
  if (list === 'actions') return field === 'dueDate';
  if (list === 'waivers') return field === 'to';
  return false;
}

function spans(b: Bundle): { from: string; to?: string | undefined }[] {
  return [
    ...b.relationships,
    ...b.absences,
    ...(b.waivers ?? []),
    ...b.children.flatMap((c) => [...c.statuses, ...c.flags, ...c.allocations]),
  ];
}

describe('demoBundle', () => {
  it.each([today, '2026-04-03', '2027-01-02', '2028-02-29'])('is a valid bundle on %s', (day) => {
    const result = parseBundle(demoBundle(day));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('is the same every time for the same day', () => {
    expect(demoBundle(today)).toEqual(bundle);
  });

  it('is the Northshire demo council on the systemic 4x4x4 pack', () => {
    expect(bundle.organisation).toMatchObject({
      id: 'northshire',
      name: 'Northshire County Council (demo)',
      policy: 'systemic-4x4x4',
      bankHolidayRegion: 'england-and-wales',
    });
  });

  it('adds its own quality-assurance framework to the pack: tools and sampling plans that validate', () => {
    const policy = organisationPolicy(bundle.organisation);
    expect(policy.ok).toBe(true);
    if (!policy.ok) return;
    expect(policy.value.pack.audits.map((rule) => [rule.id, rule.tool])).toEqual([
      ['qa-record-dip-sample', 'ten-dimensions'],
      ['ops-manager-file-audit', 'peer-audit'],
    ]);
    expect(policy.value.pack.feedbackDeadlines[0]?.within).toEqual({
      unit: 'working_days',
      count: 5,
    });
  });

  it('keeps the demo units, with team managers managing their teams', () => {
    expect(bundle.orgUnits.map((u) => u.id)).toEqual(demoUnits.map((u) => u.key));
    const manager = (id: string) => bundle.orgUnits.find((u) => u.id === id)?.managerId;
    expect(manager('ait-north')).toBe('tm-ait');
    expect(manager('fh-west')).toBe('tm-fhw');
    expect(manager('north')).toBe('om-north');
    expect(manager('eh')).toBe('om-eh');
    expect(manager('csc')).toBe('hos');
  });

  it('has every demo staff member under their key, team and manager', () => {
    expect(bundle.staff.map((s) => s.id)).toEqual(demoStaff.map((s) => s.key));
    for (const demo of demoStaff) {
      const member = bundle.staff.find((s) => s.id === demo.key);
      expect(member).toMatchObject({ name: demo.name, teamId: demo.team, jobTitle: demo.jobTitle });
      expect(member?.lineManagerId).toBe(demo.manager);
    }
  });

  it('gives staff the email addresses their user accounts are linked by', () => {
    for (const member of bundle.staff) {
      expect(member.email).toMatch(/^[a-z]+(\.[a-z]+)+@northshire\.example$/);
      expect(member.email).toBe(demoStaffEmail(member.name));
    }
    const email = (id: string) => bundle.staff.find((s) => s.id === id)?.email;
    expect(email('pe')).toBe('ruth.sinclair@northshire.example');
    expect(email('tm-ait')).toBe('daniel.okafor@northshire.example');
  });

  it('starts the ASYE and the placement on the demo dates', () => {
    const staff = (id: string) => bundle.staff.find((s) => s.id === id);
    expect(staff('asye')?.asyeStartDate).toBe('2026-09-07');
    expect(staff('student')).toMatchObject({
      placementStartDate: '2026-10-05',
      placementEndDate: '2027-04-05',
    });
  });

  it('keeps line management and the student placement relationships', () => {
    const withManager = demoStaff.filter((s) => s.manager);
    const lines = bundle.relationships.filter((r) => r.kind === 'line_management');
    expect(lines).toHaveLength(withManager.length);
    const student = bundle.relationships.filter((r) => r.superviseeId === 'student');
    expect(student.map((r) => [r.kind, r.supervisorId])).toEqual([
      ['line_management', 'tm-cic'],
      ['placement_supervisor', 'sp-cic'],
      ['practice_educator', 'pe'],
    ]);
  });

  it('adds registration, DBS and emergency contacts for some staff', () => {
    const registered = bundle.staff.filter((s) => s.registration);
    expect(registered.length).toBeGreaterThan(10);
    for (const s of registered) expect(s.registration?.number).toMatch(/^SW\d{6}$/);
    expect(bundle.staff.filter((s) => s.dbs).length).toBeGreaterThan(20);
    expect(bundle.staff.filter((s) => s.emergencyContact).length).toBeGreaterThan(10);
  });

  it('has about 120 children with fictional names and case numbers, one unborn', () => {
    expect(bundle.children.length).toBeGreaterThanOrEqual(115);
    expect(bundle.children.length).toBeLessThanOrEqual(125);
    for (const child of bundle.children) {
      expect(child.caseId).toMatch(/^LCS-\d{6}$/);
      expect(child.name).toBeTruthy();
    }
    expect(new Set(bundle.children.map((c) => c.id)).size).toBe(bundle.children.length);
    const unborn = bundle.children.filter((c) => c.expectedDateOfBirth);
    expect(unborn).toHaveLength(1);
    expect(unborn[0]?.dateOfBirth).toBeUndefined();
  });

  it('tells realistic histories: plans after child in need, ended allocations, absences', () => {
    const cinThenCp = bundle.children.filter((c) => {
      const cin = c.statuses.find((s) => s.status === 'child_in_need');
      const cp = c.statuses.find((s) => s.status === 'child_protection');
      return cin?.to !== undefined && cp !== undefined && cp.from > cin.to;
    });
    expect(cinThenCp.length).toBeGreaterThan(0);
    const statuses = new Set(bundle.children.flatMap((c) => c.statuses.map((s) => s.status)));
    for (const status of [
      'early_help',
      'child_in_need',
      'child_protection',
      'child_in_care',
      'care_leaver',
    ] as const)
      expect(statuses).toContain(status);
    const allocations = bundle.children.flatMap((c) => c.allocations);
    expect(allocations.some((a) => a.to !== undefined)).toBe(true);
    expect(allocations.some((a) => a.role === 'lead_professional')).toBe(true);
    expect(bundle.absences.some((a) => a.kind === 'sickness' && a.to === undefined)).toBe(true);
    expect(bundle.absences.some((a) => a.kind === 'maternity')).toBe(true);
    expect(bundle.absences.some((a) => a.kind === 'annual_leave')).toBe(true);
  });

  it('allocates cases only to case-holding staff who had started', () => {
    const staff = new Map(bundle.staff.map((s) => [s.id, s]));
    for (const child of bundle.children) {
      for (const a of child.allocations) {
        expect(staff.get(a.workerId)?.caseHolding).toBe(true);
        expect(a.from >= (staff.get(a.workerId)?.startDate ?? '')).toBe(true);
        expect(a.from >= child.openedAt).toBe(true);
      }
    }
  });

  it('dates nothing after today except planned sessions and dates that look ahead', () => {
    const future = datesIn(bundle).filter(
      ([date, path]) => date > today && !mayBeFuture(bundle, path),
    );
    expect(future).toEqual([]);
    const planned = bundle.sessions.filter((s) => s.status === 'planned');
    expect(planned.length).toBeGreaterThan(0);
    for (const s of planned) {
      expect(s.date > today).toBe(true);
      expect(s.date <= addMonths(today, 3)).toBe(true);
    }
  });

  it('ends every span on or after it starts', () => {
    for (const s of spans(bundle)) if (s.to !== undefined) expect(s.to >= s.from).toBe(true);
  });

  it('has held, cancelled and planned sessions, one-to-one and group', () => {
    const count = (kind: string, status: string) =>
      bundle.sessions.filter((s) => s.kind === kind && s.status === status).length;
    expect(count('one_to_one', 'held')).toBeGreaterThan(150);
    expect(count('one_to_one', 'cancelled')).toBeGreaterThan(5);
    expect(count('one_to_one', 'planned')).toBeGreaterThan(50);
    expect(count('group', 'held')).toBeGreaterThan(20);
    for (const s of bundle.sessions.filter((s) => s.status === 'cancelled'))
      expect(s.cancellationReason).toBeDefined();
  });

  it('records held sessions, some late or not yet written', () => {
    const held = new Set(bundle.sessions.filter((s) => s.status === 'held').map((s) => s.id));
    for (const r of bundle.records) if (r.sessionId) expect(held.has(r.sessionId)).toBe(true);
    const caseRecords = bundle.records.filter((r) => r.kind === 'case_supervision');
    expect(caseRecords.length).toBeGreaterThan(50);
    for (const r of caseRecords) expect(r.childIds.length).toBeGreaterThan(0);
    expect(bundle.records.some((r) => r.kind === 'personal_supervision' && !r.signedAt)).toBe(true);
    expect(caseRecords.some((r) => !r.writtenAt)).toBe(true);
    expect(caseRecords.some((r) => r.writtenAt && r.writtenAt > r.date)).toBe(true);
  });

  it('has open, completed and overdue actions, and audits', () => {
    const states = new Set(
      bundle.actions.map((a) => (a.status === 'open' && a.dueDate < today ? 'overdue' : a.status)),
    );
    expect([...states].sort()).toEqual(['completed', 'dropped', 'open', 'overdue']);
    expect(bundle.audits.length).toBeGreaterThan(0);
  });
});
