import { describe, expect, it } from 'vitest';
import type { BundleStaff } from '../bundle/schema.ts';
import { workingCalendarForRegion } from '../calendar/index.ts';
import { getPack } from '../policy/registry.ts';
import type { PolicyPack } from '../policy/schema.ts';
import {
  auditToolFor,
  fileCandidates,
  fileSupervisor,
  type OrganisationShape,
  planAuditors,
  poolUnitIds,
  recordCandidates,
  samplingPlans,
} from './plans.ts';
import { eligiblePool } from './sampling.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const on = '2026-05-12';
const manchester = getPack('manchester') as PolicyPack;
const northumberland = getPack('northumberland-2024') as PolicyPack;

const person = (id: string, extra: Partial<BundleStaff> = {}): BundleStaff => ({
  id,
  name: id,
  roleCategory: 'social_worker',
  caseHolding: true,
  contractedHours: 37,
  startDate: '2020-01-01',
  ...extra,
});

/**
 * A service of two localities, each with a team: a head of locality (senior manager) over
 * both, a service manager (operations manager) for each locality, team managers and workers.
 */
const shape: OrganisationShape = {
  units: [
    { id: 'service', parentId: null, managerId: 'hol' },
    { id: 'north', parentId: 'service', managerId: 'sm-n' },
    { id: 'south', parentId: 'service', managerId: 'sm-s' },
    { id: 'team-n', parentId: 'north', managerId: 'tm-n', teamType: 'social_work' },
    { id: 'team-s', parentId: 'south', managerId: 'tm-s', teamType: 'social_work' },
  ],
  staff: [
    person('hol', { roleCategory: 'senior_manager', caseHolding: false, teamId: 'service' }),
    person('sm-n', { roleCategory: 'operations_manager', caseHolding: false, teamId: 'north' }),
    person('sm-s', { roleCategory: 'operations_manager', caseHolding: false, teamId: 'south' }),
    person('tm-n', { roleCategory: 'team_manager', caseHolding: false, teamId: 'team-n' }),
    person('tm-s', { roleCategory: 'team_manager', caseHolding: false, teamId: 'team-s' }),
    person('sw-n', { teamId: 'team-n', lineManagerId: 'tm-n' }),
    person('sw-s', { teamId: 'team-s', lineManagerId: 'tm-s' }),
    person('left', { teamId: 'team-n', leavingDate: '2026-01-31' }),
    person('bs', { roleCategory: 'business_support', caseHolding: false, teamId: 'team-n' }),
  ],
  relationships: [
    {
      id: 'r1',
      superviseeId: 'sw-n',
      supervisorId: 'tm-n',
      kind: 'line_management',
      from: '2020-01-01',
    },
    {
      id: 'r2',
      superviseeId: 'sw-s',
      supervisorId: 'tm-s',
      kind: 'line_management',
      from: '2020-01-01',
    },
    {
      id: 'r3',
      superviseeId: 'tm-n',
      supervisorId: 'sm-n',
      kind: 'line_management',
      from: '2020-01-01',
    },
    {
      id: 'r4',
      superviseeId: 'tm-s',
      supervisorId: 'sm-s',
      kind: 'line_management',
      from: '2020-01-01',
    },
    {
      id: 'r5',
      superviseeId: 'sw-s',
      supervisorId: 'tm-n',
      kind: 'cover',
      from: '2026-05-01',
      to: '2026-05-31',
    },
  ],
};
const staffById = new Map(shape.staff.map((s) => [s.id, s]));

describe('sampling plans from the packs', () => {
  it('are the audit rules that draw a sample, each answered on its tool', () => {
    expect(samplingPlans(manchester).map((p) => p.id)).toEqual([
      'service-manager-dip-sample',
      'strategic-lead-tm-files',
      'peer-audit-twice-yearly',
    ]);
    // Durham audits each report by role: no sample to draw.
    expect(samplingPlans(getPack('durham-one-point-2022') as PolicyPack)).toEqual([]);
    const [dipSample] = samplingPlans(manchester);
    expect(auditToolFor(manchester, dipSample!)?.name).toBe('Supervision file peer audit tool');
    // A plan naming no tool takes the pack's first tool for what it audits.
    const [bi] = samplingPlans(northumberland);
    expect(auditToolFor(northumberland, { ...bi!, tool: undefined })?.id).toBe('ten-dimensions');
    expect(
      auditToolFor(northumberland, {
        ...bi!,
        tool: undefined,
        subjects: { ...bi!.subjects, of: 'supervision_files' },
      }),
    ).toBeUndefined();
  });

  it('apply to the auditors the compliance engine matches, in post on the day', () => {
    // Manchester 5.3: service managers dip-sample 4 social workers' supervisions a month.
    const [dipSample] = samplingPlans(manchester);
    expect(planAuditors(dipSample!, shape, manchester, on, calendar).map((s) => s.id)).toEqual([
      'sm-n',
      'sm-s',
    ]);
    // Northumberland: "each manager/supervisor" audits, so anyone supervising someone that day.
    const [bi] = samplingPlans(northumberland);
    expect(planAuditors(bi!, shape, northumberland, on, calendar).map((s) => s.id)).toEqual([
      'sm-n',
      'sm-s',
      'tm-n',
      'tm-s',
    ]);
    const gone = {
      ...shape,
      staff: shape.staff.map((s) => (s.id === 'sm-s' ? { ...s, leavingDate: '2026-04-30' } : s)),
    };
    expect(planAuditors(dipSample!, gone, manchester, on, calendar).map((s) => s.id)).toEqual([
      'sm-n',
    ]);
  });
});

describe('where a sample is drawn from', () => {
  it('is the units the auditor manages, their own service, or the organisation', () => {
    expect([
      ...poolUnitIds('managed_units', shape.units, { id: 'sm-n', teamId: 'north' })!,
    ]).toEqual(['north', 'team-n']);
    // Peer audit (Manchester F82): a team manager audits the rest of the locality, never their team.
    expect([
      ...poolUnitIds('other_teams_in_service', shape.units, { id: 'tm-n', teamId: 'team-n' })!,
    ]).toEqual(['north']);
    expect([
      ...poolUnitIds('other_teams_in_service', shape.units, { id: 'sm-n', teamId: 'north' })!,
    ]).toEqual(['service', 'south', 'team-s']);
    expect(poolUnitIds('other_teams_in_service', shape.units, { id: 'x' })).toEqual(new Set());
    expect(poolUnitIds('managed_units', shape.units, { id: 'sw-n', teamId: 'team-n' })).toEqual(
      new Set(),
    );
    expect(poolUnitIds('organisation', shape.units, { id: 'hol' })).toBeNull();
  });

  it('holds the records of supervisees in those units with the plan’s roles', () => {
    const rows = [
      { id: 'rec-1', authorId: 'tm-n', observerId: null, superviseeId: 'sw-n' },
      { id: 'rec-2', authorId: 'tm-s', observerId: null, superviseeId: 'sw-s' },
      { id: 'rec-3', authorId: 'sm-n', observerId: null, superviseeId: 'tm-n' },
      { id: 'rec-4', authorId: 'tm-n', observerId: 'sm-n', superviseeId: 'sw-n' },
      { id: 'rec-5', authorId: 'tm-n', observerId: null, superviseeId: null },
    ];
    const units = poolUnitIds('managed_units', shape.units, { id: 'sm-n', teamId: 'north' });
    const candidates = recordCandidates(rows, staffById, { units, roles: ['social_worker'] });
    expect(candidates).toEqual([
      { id: 'rec-1', subjectStaffId: 'sw-n', writerIds: ['tm-n'], recordIds: ['rec-1'] },
      { id: 'rec-4', subjectStaffId: 'sw-n', writerIds: ['tm-n', 'sm-n'], recordIds: ['rec-4'] },
    ]);
    // The service manager observed rec-4: it is never theirs to audit.
    expect(eligiblePool(candidates, 'sm-n').map((e) => e.id)).toEqual(['rec-1']);
    expect(recordCandidates(rows, staffById, { units: null }).map((c) => c.id)).toEqual([
      'rec-1',
      'rec-2',
      'rec-3',
      'rec-4',
    ]);
  });

  it('holds the files of people in post, written by their supervisors and the records’ authors', () => {
    // Manchester F80: "two supervision files belonging to Team Managers across the service".
    const rows = [
      { id: 'rec-3', authorId: 'sm-n', observerId: null, superviseeId: 'tm-n' },
      { id: 'rec-6', authorId: 'sm-s', observerId: null, superviseeId: 'tm-s' },
      { id: 'rec-7', authorId: 'hol', observerId: null, superviseeId: 'tm-s' },
    ];
    const files = fileCandidates(
      shape,
      rows,
      { units: null, roles: ['team_manager'] },
      on,
      new Set(['tm-n']),
    );
    expect(files).toEqual([
      {
        id: 'tm-n',
        subjectStaffId: 'tm-n',
        writerIds: ['sm-n'],
        recordIds: ['rec-3'],
        seenThisYear: true,
      },
      {
        id: 'tm-s',
        subjectStaffId: 'tm-s',
        writerIds: ['sm-s', 'hol'],
        recordIds: ['rec-6', 'rec-7'],
      },
    ]);
    // The head of locality wrote in tm-s's file, so only tm-n's is theirs to audit.
    expect(eligiblePool(files, 'hol').map((f) => f.id)).toEqual(['tm-n']);
    // A worker covered by another team's manager: the cover supervisor writes in the file too.
    const covered = fileCandidates(shape, [], { units: null, roles: ['social_worker'] }, on);
    expect(covered.find((f) => f.id === 'sw-s')?.writerIds).toEqual(['tm-s', 'tm-n']);
    // Nobody who has left is sampled.
    expect(covered.map((f) => f.id)).not.toContain('left');
    // A line manager with no relationship row still supervises: never their report's file.
    const managedOnly: OrganisationShape = {
      ...shape,
      staff: [...shape.staff, person('sw-x', { teamId: 'team-n', lineManagerId: 'tm-n' })],
    };
    const unrelated = fileCandidates(
      managedOnly,
      [],
      { units: null, roles: ['social_worker'] },
      on,
    );
    expect(unrelated.find((f) => f.id === 'sw-x')?.writerIds).toEqual(['tm-n']);
  });

  it('sends a file’s feedback to the line manager, or else a current supervisor', () => {
    expect(fileSupervisor(shape, 'sw-n', on)).toBe('tm-n');
    expect(fileSupervisor(shape, 'tm-s', on)).toBe('sm-s');
    expect(fileSupervisor(shape, 'hol', on)).toBeNull();
  });
});
