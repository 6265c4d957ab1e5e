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
