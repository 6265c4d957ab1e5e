import { describe, expect, it } from 'vitest';
import { type Action, type Actor, can, type Resource } from './can.ts';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  roles: ['practitioner'],
  staffId: 'me',
  managedUnitIds: new Set(),
  ...over,
});
const admin = actor({ roles: ['administrator'], staffId: undefined });
const teamManager = actor({
  roles: ['supervisor'],
  staffId: 'tm',
  managedUnitIds: new Set(['t1']),
});
const otherManager = actor({
  roles: ['supervisor'],
  staffId: 'om',
  managedUnitIds: new Set(['t2']),
});
const seniorManager = actor({ roles: ['senior_manager'], staffId: 'hos' });
const auditor = actor({ roles: ['auditor'], staffId: 'qa' });

const worker: Resource = { type: 'staff_member', id: 'me', teamId: 't1', lineManagerId: 'lm' };
const lineManager = actor({ roles: ['supervisor'], staffId: 'lm' });

describe('can: a staff member', () => {
  const cases: [string, Actor, Action, boolean][] = [
    ['the worker sees their own record', actor(), 'view', true],
    [
      'the worker sees their own registration, DBS and contacts',
      actor(),
      'view_personal_details',
      true,
    ],
    ['the worker cannot edit their HR record', actor(), 'edit', false],
    ['their line manager sees and edits', lineManager, 'edit', true],
    ['their line manager sees their personal details', lineManager, 'view_personal_details', true],
    ['the manager of their team edits', teamManager, 'edit', true],
    [
      'the team manager who is not the line manager does not see personal details',
      teamManager,
      'view_personal_details',
      false,
    ],
    ['a manager of another team cannot see them', otherManager, 'view', false],
    ['a senior manager sees them', seniorManager, 'view', true],
    [
      'a senior manager does not see personal details',
      seniorManager,
      'view_personal_details',
      false,
    ],
    ['an auditor does not browse staff records', auditor, 'view', false],
    ['an administrator edits', admin, 'edit', true],
    ['an administrator sees personal details', admin, 'view_personal_details', true],
    ['another practitioner cannot see them', actor({ staffId: 'colleague' }), 'view', false],
  ];
  it.each(cases)('%s', (_label, who, action, allowed) => {
    expect(can(who, action, worker)).toBe(allowed);
  });
});

describe('can: a child', () => {
  const allocated: Resource = {
    type: 'child',
    allocatedTeamIds: ['t1'],
    allocatedWorkerIds: ['me'],
  };
  const unallocated: Resource = { type: 'child', allocatedTeamIds: [], allocatedWorkerIds: [] };
  const cases: [string, Actor, Action, Resource, boolean][] = [
    ['the allocated worker sees the child', actor(), 'view', allocated, true],
    ['the allocated worker does not edit the register', actor(), 'edit', allocated, false],
    ["the worker's team manager edits", teamManager, 'edit', allocated, true],
    ['another team manager cannot see the child', otherManager, 'view', allocated, false],
    ['any manager can see an unallocated child', otherManager, 'view', unallocated, true],
    ['any manager can allocate an unallocated child', otherManager, 'edit', unallocated, true],
    ['a practitioner cannot see an unallocated child', actor(), 'view', unallocated, false],
    ['a senior manager sees every child', seniorManager, 'view', allocated, true],
    ['an administrator edits', admin, 'edit', allocated, true],
  ];
  it.each(cases)('%s', (_label, who, action, resource, allowed) => {
    expect(can(who, action, resource)).toBe(allowed);
  });
});

describe('can: the organisation', () => {
  it('only administrators import and export', () => {
    for (const who of [actor(), teamManager, seniorManager, auditor]) {
      expect(can(who, 'import', { type: 'organisation_data' })).toBe(false);
      expect(can(who, 'export', { type: 'organisation_data' })).toBe(false);
    }
    expect(can(admin, 'import', { type: 'organisation_data' })).toBe(true);
    expect(can(admin, 'export', { type: 'organisation_data' })).toBe(true);
  });
  it('everyone may see an org unit; only administrators change one', () => {
    expect(can(actor(), 'view', { type: 'org_unit', id: 't1' })).toBe(true);
    expect(can(teamManager, 'edit', { type: 'org_unit', id: 't1' })).toBe(false);
    expect(can(admin, 'edit', { type: 'org_unit', id: 't1' })).toBe(true);
  });
});

describe('can: the email outbox', () => {
  const outbox: Resource = { type: 'email_outbox' };
  const cases: [string, Actor, boolean][] = [
    ['an administrator reads every message', admin, true],
    ['a practitioner does not', actor(), false],
    ['a team manager does not', teamManager, false],
    ['a senior manager does not', seniorManager, false],
    ['an auditor does not', auditor, false],
  ];
  it.each(cases)('%s', (_label, who, allowed) => {
    expect(can(who, 'view', outbox)).toBe(allowed);
  });
});

describe('can: supervision planning', () => {
  // 'me' is in team t1, line-managed by 'lm', supervised (placement) by 'ps'.
  const holder = { staffId: 'me', teamId: 't1', lineManagerId: 'lm', supervisorIds: ['lm', 'ps'] };
  const plan: Resource = { type: 'supervision_plan', ...holder };
  const placementSupervisor = actor({ roles: ['practitioner'], staffId: 'ps' });
  const colleague = actor({ staffId: 'colleague' });
  const planCases: [string, Actor, Action, boolean][] = [
    ['a supervisee sees their own plan', actor(), 'view', true],
    ['a supervisee does not plan their own year', actor(), 'edit', false],
    ['their line manager plans it', lineManager, 'edit', true],
    ['their placement supervisor plans it', placementSupervisor, 'edit', true],
    ['the manager of their team plans it', teamManager, 'edit', true],
    ['a manager of another team cannot see it', otherManager, 'view', false],
    ['a senior manager sees it but does not plan it', seniorManager, 'view', true],
    ['a senior manager does not plan it', seniorManager, 'edit', false],
    ['a colleague cannot see it', colleague, 'view', false],
    ['an auditor cannot see it', auditor, 'view', false],
  ];
  it.each(planCases)('%s', (_label, who, action, allowed) => {
    expect(can(who, action, plan)).toBe(allowed);
  });

  const oneToOne: Resource = {
    type: 'supervision_session',
    kind: 'one_to_one',
    supervisorId: 'lm',
    teamId: 't1',
    participants: [holder],
  };
  const other = { staffId: 'other', teamId: 't2', lineManagerId: 'om', supervisorIds: ['om'] };
  const group: Resource = {
    type: 'supervision_session',
    kind: 'group',
    supervisorId: 'tm',
    teamId: 't1',
    participants: [holder, { staffId: 'fs', teamId: 't1', supervisorIds: ['tm'] }],
  };
  const mixed: Resource = { ...group, participants: [holder, other] };
  const sessionCases: [string, Actor, Action, Resource, boolean][] = [
    ['the supervisor changes their one-to-one', lineManager, 'edit', oneToOne, true],
    ['the supervisee sees it', actor(), 'view', oneToOne, true],
    ['the supervisee prepares for it', actor(), 'prepare', oneToOne, true],
    ['the supervisee does not change it', actor(), 'edit', oneToOne, false],
    ['the supervisee may reschedule their own one-to-one', actor(), 'reschedule', oneToOne, true],
    ['an attendee may not reschedule a group', actor(), 'reschedule', group, false],
    ['the team manager changes it', teamManager, 'edit', oneToOne, true],
    ['the team manager does not prepare for it', teamManager, 'prepare', oneToOne, false],
    ['a senior manager sees it', seniorManager, 'view', oneToOne, true],
    ['a senior manager does not change it', seniorManager, 'edit', oneToOne, false],
    ['a colleague cannot see it', colleague, 'view', oneToOne, false],
    ['a manager of another team cannot see it', otherManager, 'view', oneToOne, false],
    ['the team manager leads a group of their team', teamManager, 'edit', group, true],
    ['nobody books a group with someone they do not plan for', teamManager, 'edit', mixed, false],
    ['the supervisor of one attendee sees the group', lineManager, 'view', group, true],
    ['an attendee prepares for the group', actor(), 'prepare', group, true],
    ['an administrator changes anything', admin, 'edit', mixed, true],
  ];
  it.each(sessionCases)('%s', (_label, who, action, resource, allowed) => {
    expect(can(who, action, resource)).toBe(allowed);
  });

  it("a team's sessions are for the managers above it and senior managers", () => {
    const team: Resource = { type: 'team_plan', teamId: 't1' };
    expect(can(teamManager, 'view', team)).toBe(true);
    expect(can(otherManager, 'view', team)).toBe(false);
    expect(can(seniorManager, 'view', team)).toBe(true);
    expect(can(actor(), 'view', team)).toBe(false);
    expect(can(teamManager, 'edit', team)).toBe(false);
  });
});

describe('can: a supervision agreement', () => {
  // The worker 'me' (team t1, line manager 'lm') supervised by a practice educator 'pe'.
  const agreement: Resource = {
    type: 'supervision_agreement',
    superviseeId: 'me',
    supervisorId: 'pe',
    teamId: 't1',
    lineManagerId: 'lm',
  };
  const educator = actor({ roles: ['supervisor'], staffId: 'pe' });
  const adminWithStaff = actor({ roles: ['administrator'], staffId: 'bs' });
  const cases: [string, Actor, Action, boolean][] = [
    ['the supervisee reads it', actor(), 'view', true],
    ['the supervisee writes it with their supervisor', actor(), 'edit', true],
    ['the supervisee signs it', actor(), 'sign', true],
    ['the supervisor reads, writes and signs it', educator, 'sign', true],
    ['the supervisor writes it', educator, 'edit', true],
    ["the supervisee's line manager writes it", lineManager, 'edit', true],
    ['but does not sign it: they are not a party', lineManager, 'sign', false],
    ["the manager of the supervisee's team writes it", teamManager, 'edit', true],
    ['nor does the team manager sign it', teamManager, 'sign', false],
    ['a manager of another team cannot see it', otherManager, 'view', false],
    ['a senior manager reads it', seniorManager, 'view', true],
    ['a senior manager does not change it', seniorManager, 'edit', false],
    ['an auditor reads it', auditor, 'view', true],
    ['an auditor does not change it', auditor, 'edit', false],
    ['a colleague cannot see it', actor({ staffId: 'colleague' }), 'view', false],
    ['an administrator changes it', admin, 'edit', true],
    ['no administrator signs for a party', admin, 'sign', false],
    ['not even one with a staff record of their own', adminWithStaff, 'sign', false],
    ['an account with no staff record signs nothing', actor({ staffId: undefined }), 'sign', false],
  ];
  it.each(cases)('%s', (_label, who, action, allowed) => {
    expect(can(who, action, agreement)).toBe(allowed);
  });
});

describe('can: a supervision record', () => {
  // Jordan ('me') is supervised by 'lm' (line manager) and covered by 'cover' while away.
  const jordan = {
    staffId: 'me',
    teamId: 't1',
    lineManagerId: 'lm',
    supervisorIds: ['lm', 'cover'],
  };
  const personal: Resource = {
    type: 'supervision_record',
    category: 'personal',
    authorId: 'lm',
    people: [jordan],
    children: [],
  };
  const caseRecord: Resource = {
    ...personal,
    category: 'case',
    children: [{ allocatedTeamIds: ['t1'], allocatedWorkerIds: ['me'] }],
  };
  const cover = actor({ roles: ['supervisor'], staffId: 'cover' });
  const colleague = actor({ staffId: 'colleague' });
  const cases: [string, Actor, Action, Resource, boolean][] = [
    ['the supervisee reads their personal record', actor(), 'view', personal, true],
    ['the supervisor who wrote it reads it', lineManager, 'view', personal, true],
    ['the cover manager reads it', cover, 'view', personal, true],
    ['a colleague does not', colleague, 'view', personal, false],
    ['the team manager, not their supervisor, does not', teamManager, 'view', personal, false],
    ['a senior manager does not read personal notes', seniorManager, 'view', personal, false],
    ['an administrator does not read personal notes', admin, 'view', personal, false],
    ['nor does an auditor without a sample', auditor, 'view', personal, false],
    [
      'a senior manager reads a case record, as the child’s record',
      seniorManager,
      'view',
      caseRecord,
      true,
    ],
    ['the child’s team manager reads a case record', teamManager, 'view', caseRecord, true],
    ['another team’s manager does not', otherManager, 'view', caseRecord, false],
    ['an administrator does not read case records either', admin, 'view', caseRecord, false],
    [
      'the line manager a disagreement was escalated to reads it',
      actor({ roles: ['senior_manager'], staffId: 'hos' }),
      'view',
      { ...personal, escalatedTo: ['hos'] },
      true,
    ],
    ['the author signs', lineManager, 'sign', personal, true],
    ['the supervisee signs', actor(), 'sign', personal, true],
    ['a colleague cannot sign', colleague, 'sign', personal, false],
    [
      'a senior manager cannot sign a case record they can read',
      seniorManager,
      'sign',
      caseRecord,
      false,
    ],
    ['nobody exports a record here', lineManager, 'export', personal, false],
  ];
  it.each(cases)('%s', (_name, who, action, resource, allowed) => {
    expect(can(who, action, resource)).toBe(allowed);
  });
});

describe('compliance figures', () => {
  const base = { userId: 'u', managedUnitIds: new Set<string>() };
  const teamManager = {
    ...base,
    roles: ['supervisor'] as const,
    managedUnitIds: new Set(['team-a']),
  };
  const senior = { ...base, roles: ['senior_manager'] as const };
  const practitioner = { ...base, roles: ['practitioner'] as const, staffId: 'sw' };

  it('a team manager sees and exports their own team’s figures, not another team’s or the organisation’s', () => {
    expect(can(teamManager, 'view', { type: 'compliance', unitId: 'team-a' })).toBe(true);
    expect(can(teamManager, 'export', { type: 'compliance', unitId: 'team-a' })).toBe(true);
    expect(can(teamManager, 'view', { type: 'compliance', unitId: 'team-b' })).toBe(false);
    expect(can(teamManager, 'view', { type: 'compliance', unitId: null })).toBe(false);
    expect(can(teamManager, 'edit', { type: 'compliance', unitId: 'team-a' })).toBe(false);
  });

  it('a senior manager sees every unit and the organisation; a practitioner sees none', () => {
    expect(can(senior, 'view', { type: 'compliance', unitId: null })).toBe(true);
    expect(can(senior, 'export', { type: 'compliance', unitId: 'team-b' })).toBe(true);
    expect(can(practitioner, 'view', { type: 'compliance', unitId: 'team-a' })).toBe(false);
    expect(can(practitioner, 'view', { type: 'compliance', unitId: null })).toBe(false);
  });
});

describe('can: quality assurance', () => {
  const selfAssessment: Resource = {
    type: 'self_assessment',
    staffId: 'me',
    supervisorIds: ['tm'],
  };
  const audit = (status: 'assigned' | 'completed' | 'feedback_given'): Resource => ({
    type: 'quality_audit',
    auditorId: 'qa',
    feedbackToId: 'tm',
    subjectStaffId: 'me',
    status,
  });
  const cases: [string, Actor, Action, Resource, boolean][] = [
    ['the worker writes their self-assessment', actor(), 'edit', selfAssessment, true],
    ['their supervisor reads it', teamManager, 'view', selfAssessment, true],
    ['their supervisor cannot change it', teamManager, 'edit', selfAssessment, false],
    // Manchester Appendix K: it is for "their allotted supervision", not for QA at large.
    ['a senior manager does not read it', seniorManager, 'view', selfAssessment, false],
    ['an auditor does not read it', auditor, 'view', selfAssessment, false],
    ['an administrator does not read it', admin, 'view', selfAssessment, false],
    ['the auditor works on an open audit', auditor, 'edit', audit('assigned'), true],
    ['the auditor cannot change it once fed back', auditor, 'edit', audit('feedback_given'), false],
    [
      'the supervisor does not see it before completion',
      teamManager,
      'view',
      audit('assigned'),
      false,
    ],
    ['the supervisor reads it once completed', teamManager, 'view', audit('completed'), true],
    ['the supervisee waits for the feedback', actor(), 'view', audit('completed'), false],
    ['the supervisee reads it once fed back', actor(), 'view', audit('feedback_given'), true],
    ['another manager does not see it', otherManager, 'view', audit('feedback_given'), false],
    ['an administrator does not see it', admin, 'view', audit('completed'), false],
  ];
  it.each(cases)('%s', (_name, who, action, resource, allowed) => {
    expect(can(who, action, resource)).toBe(allowed);
  });
});
