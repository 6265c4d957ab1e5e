/**
 * The CSV files Oversight imports, one per kind of entity, with the columns HR and
 * case-management exports carry (docs/import.md). Each column has its canonical name and the
 * other headings the same data goes by in Liquidlogic, Mosaic, Eclipse and HR system exports.
 */
import type { z } from 'zod';
import { type Bundle, type BundleChild, bundleSchema } from '../bundle/schema.ts';
import type { IsoDate } from '../calendar/period.ts';
import {
  orgUnitKinds,
  roleCategories,
  roleCategoryLabels,
  supervisoryRelationshipKinds,
} from '../organisation/vocabulary.ts';
import {
  absenceKinds,
  allocationRoles,
  childFlags,
  childStatuses,
  teamTypes,
} from '../policy/vocabulary.ts';
import { type Cell, readChoice } from './values.ts';

export const importKinds = [
  'org-units',
  'staff',
  'relationships',
  'absences',
  'children',
  'child-statuses',
  'child-flags',
  'allocations',
] as const;
export type ImportKind = (typeof importKinds)[number];

export type ColumnSpec = {
  name: string;
  /** Other headings for the same column in common exports. */
  aliases?: readonly string[];
  required?: boolean;
  description: string;
  example: string;
};

/** One row being read: typed cells by column name, problems collected as they are found. */
export type RowReader = {
  line: number;
  text(column: string): string | undefined;
  date(column: string): IsoDate | undefined;
  yesNo(column: string): boolean | undefined;
  number(column: string): number | undefined;
  choice<T extends string>(column: string, read: (text: string) => Cell<T>): T | undefined;
  problem(column: string, message: string): void;
};

type Staff = Bundle['staff'][number];
type OrgUnit = Bundle['orgUnits'][number];
type Relationship = Bundle['relationships'][number];
type Absence = Bundle['absences'][number];
type Status = BundleChild['statuses'][number];
type Flag = BundleChild['flags'][number];
type Allocation = BundleChild['allocations'][number];

/** A reference a row makes, checked once the whole file is read. */
export type Reference = { column: string; to: 'staff' | 'orgUnits' | 'children'; id: string };

export type TableSpec<E> = {
  kind: ImportKind;
  title: string;
  columns: readonly ColumnSpec[];
  /** Columns of which at least one set must be present, e.g. name, or first and last name. */
  oneOf?: readonly (readonly string[])[];
  read(row: RowReader): E | undefined;
  /** What makes a row the same thing as another row (an id, or a child's episode). */
  key(entity: E): string;
  keyColumn: string;
  references(entity: E): Reference[];
  /** The bundle's own schema for what a row makes, so a row meets the same rules as a bundle. */
  schema: z.ZodType;
  /** The part of the entity the schema checks (a child's episode, not its child id). */
  checked?(entity: E): unknown;
};

const yes = { required: true } as const;

const dateColumn = (name: string, description: string, aliases: string[] = [], required = false) =>
  ({ name, aliases, required, description, example: '2026-04-01' }) satisfies ColumnSpec;

const spanColumns = (what: string) => [
  dateColumn('from', `The first day of the ${what}.`, ['start_date', 'starts_on', 'start'], true),
  dateColumn('to', `The last day of the ${what}; empty while it lasts.`, [
    'end_date',
    'ends_on',
    'end',
  ]),
];

const personName = (row: RowReader): string | undefined => {
  const name = row.text('name');
  if (name) return name;
  const first = row.text('first_name');
  const last = row.text('last_name');
  return first && last ? `${first} ${last}` : undefined;
};

const nameColumns = (whose: string): ColumnSpec[] => [
  {
    name: 'name',
    aliases: ['full_name', 'display_name'],
    description: `The ${whose}'s full name (or give first_name and last_name).`,
    example: 'Jo Smith',
  },
  {
    name: 'first_name',
    aliases: ['forename', 'given_name'],
    description: 'First name.',
    example: 'Jo',
  },
  {
    name: 'last_name',
    aliases: ['surname', 'family_name'],
    description: 'Last name.',
    example: 'Smith',
  },
];

const readRoleCategory = readChoice(
  roleCategories,
  Object.fromEntries(roleCategories.map((r) => [r, [roleCategoryLabels[r]]])),
);

const orgUnits: TableSpec<OrgUnit> = {
  schema: bundleSchema.shape.orgUnits.element,
  kind: 'org-units',
  title: 'Services, areas and teams',
  keyColumn: 'unit_id',
  columns: [
    {
      name: 'unit_id',
      aliases: ['team_id', 'team_code', 'unit_code'],
      ...yes,
      description: 'The unit’s code in your HR system.',
      example: 'T-AIT-N',
    },
    {
      name: 'name',
      aliases: ['unit_name', 'team_name'],
      ...yes,
      description: 'Its name.',
      example: 'Assessment Team North',
    },
    {
      name: 'kind',
      aliases: ['unit_type', 'level'],
      ...yes,
      description: `One of ${orgUnitKinds.join(', ')}.`,
      example: 'team',
    },
    {
      name: 'parent_id',
      aliases: ['parent_unit_id', 'parent'],
      description: 'The unit_id of the unit it sits in.',
      example: 'A-NORTH',
    },
    {
      name: 'team_type',
      description: `For a team: ${teamTypes.join(', ')}.`,
      example: 'social_work',
    },
    {
      name: 'manager_id',
      aliases: ['manager_staff_id', 'manager_employee_number'],
      description: 'The staff_id of the person who manages it.',
      example: 'E1002',
    },
  ],
  read(row) {
    const id = row.text('unit_id');
    const name = row.text('name');
    const kind = row.choice('kind', readChoice(orgUnitKinds));
    const teamType = row.choice(
      'team_type',
      readChoice(teamTypes, {
        social_work: ['social work'],
        family_help: ['early help', 'family help'],
      }),
    );
    if (!id || !name || !kind) return undefined;
    return {
      id,
      kind,
      name,
      parentId: row.text('parent_id'),
      teamType,
      managerId: row.text('manager_id'),
    };
  },
  key: (u) => u.id,
  references: (u) => [
    ...(u.parentId ? [{ column: 'parent_id', to: 'orgUnits' as const, id: u.parentId }] : []),
    ...(u.managerId ? [{ column: 'manager_id', to: 'staff' as const, id: u.managerId }] : []),
  ],
};

const staff: TableSpec<Staff> = {
  schema: bundleSchema.shape.staff.element,
  kind: 'staff',
  title: 'Staff',
  keyColumn: 'staff_id',
  oneOf: [['name'], ['first_name', 'last_name']],
  columns: [
    {
      name: 'staff_id',
      aliases: [
        'employee_number',
        'employee_id',
        'employee_no',
        'person_number',
        'payroll_number',
        'hr_number',
      ],
      ...yes,
      description: 'The person’s number in your HR system.',
      example: 'E1001',
    },
    ...nameColumns('staff member'),
    {
      name: 'email',
      aliases: ['work_email', 'email_address'],
      description: 'Work email; it links their sign-in account.',
      example: 'jo.smith@council.example',
    },
    {
      name: 'job_title',
      aliases: ['position', 'post_title', 'job'],
      description: 'Job title as HR has it.',
      example: 'Senior Social Worker',
    },
    {
      name: 'role_category',
      aliases: ['role'],
      ...yes,
      description: `One of ${roleCategories.join(', ')} (or its label).`,
      example: 'social_worker',
    },
    {
      name: 'team_id',
      aliases: ['team', 'team_code', 'unit_id'],
      description: 'The unit_id of their team.',
      example: 'T-AIT-N',
    },
    {
      name: 'line_manager_id',
      aliases: ['line_manager', 'manager_id', 'manager_employee_number', 'reports_to'],
      description: 'The staff_id of their line manager.',
      example: 'E1000',
    },
    {
      name: 'case_holding',
      aliases: ['holds_cases'],
      ...yes,
      description: 'yes or no.',
      example: 'yes',
    },
    {
      name: 'contracted_hours',
      aliases: ['weekly_hours', 'hours'],
      ...yes,
      description: 'Contracted hours a week.',
      example: '37',
    },
    dateColumn(
      'start_date',
      'First day in post.',
      ['employment_start_date', 'start', 'date_started'],
      true,
    ),
    dateColumn('leaving_date', 'Last day in post, if leaving.', [
      'end_date',
      'termination_date',
      'leaver_date',
    ]),
    dateColumn('asye_start_date', 'Start of the Assessed and Supported Year in Employment.', [
      'asye_start',
    ]),
    dateColumn('placement_start_date', 'For a student: first day of placement.'),
    dateColumn('placement_end_date', 'For a student: last day of placement.'),
    dateColumn('probation_end_date', 'Last day of probation.', ['probation_end']),
    {
      name: 'registration_body',
      description: 'Professional regulator, e.g. Social Work England.',
      example: 'Social Work England',
    },
    {
      name: 'registration_number',
      aliases: ['swe_number', 'professional_registration_number'],
      description: 'Registration number.',
      example: 'SW123456',
    },
    dateColumn('registration_expires_on', 'When the registration is due for renewal.', [
      'registration_expiry',
    ]),
    {
      name: 'dbs_certificate_number',
      aliases: ['dbs_number'],
      description: 'Enhanced DBS certificate number.',
      example: '001234567890',
    },
    dateColumn('dbs_issued_on', 'Date the DBS certificate was issued.', [
      'dbs_issue_date',
      'dbs_date',
    ]),
    {
      name: 'emergency_contact_name',
      description: 'Who to contact in an emergency.',
      example: 'Sam Smith',
    },
    {
      name: 'emergency_contact_phone',
      description: 'Their phone number.',
      example: '07700 900123',
    },
    {
      name: 'emergency_contact_relationship',
      description: 'How they are related.',
      example: 'Partner',
    },
  ],
  read(row) {
    const id = row.text('staff_id');
    const name = personName(row);
    const roleCategory = row.choice('role_category', readRoleCategory);
    const caseHolding = row.yesNo('case_holding');
    const contractedHours = row.number('contracted_hours');
    const startDate = row.date('start_date');
    const person = {
      id,
      name,
      email: row.text('email'),
      jobTitle: row.text('job_title'),
      roleCategory,
      teamId: row.text('team_id'),
      lineManagerId: row.text('line_manager_id'),
      caseHolding,
      contractedHours,
      startDate,
      leavingDate: row.date('leaving_date'),
      asyeStartDate: row.date('asye_start_date'),
      placementStartDate: row.date('placement_start_date'),
      placementEndDate: row.date('placement_end_date'),
      probationEndDate: row.date('probation_end_date'),
      registration: group(
        row,
        'registration',
        {
          body: row.text('registration_body'),
          number: row.text('registration_number'),
          expiresOn: row.date('registration_expires_on'),
        },
        ['body', 'number'],
      ),
      dbs: group(
        row,
        'dbs',
        {
          certificateNumber: row.text('dbs_certificate_number'),
          issuedOn: row.date('dbs_issued_on'),
        },
        ['certificateNumber', 'issuedOn'],
      ),
      emergencyContact: group(
        row,
        'emergency_contact',
        {
          name: row.text('emergency_contact_name'),
          phone: row.text('emergency_contact_phone'),
          relationship: row.text('emergency_contact_relationship'),
        },
        ['name', 'phone'],
      ),
    };
    if (
      !id ||
      !name ||
      !roleCategory ||
      caseHolding === undefined ||
      !contractedHours ||
      !startDate
    ) {
      return undefined;
    }
    if (person.lineManagerId === id)
      row.problem('line_manager_id', 'a person cannot be their own line manager');
    return person as Staff;
  },
  key: (s) => s.id,
  references: (s) => [
    ...(s.teamId ? [{ column: 'team_id', to: 'orgUnits' as const, id: s.teamId }] : []),
    ...(s.lineManagerId
      ? [{ column: 'line_manager_id', to: 'staff' as const, id: s.lineManagerId }]
      : []),
  ],
};

/** Groups optional columns into one field; a partly filled group names what is missing. */
function group<T extends Record<string, unknown>>(
  row: RowReader,
  prefix: string,
  fields: T,
  needed: (keyof T & string)[],
): T | undefined {
  const given = Object.values(fields).some((v) => v !== undefined);
  if (!given) return undefined;
  for (const field of needed) {
    if (fields[field] === undefined) {
      const column = `${prefix}_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
      row.problem(column, `needed with the other ${prefix.replace('_', ' ')} columns`);
    }
  }
  return fields;
}

const relationships: TableSpec<Relationship> = {
  schema: bundleSchema.shape.relationships.element,
  kind: 'relationships',
  title: 'Supervisory relationships',
  keyColumn: 'relationship_id',
  columns: [
    {
      name: 'relationship_id',
      aliases: ['id'],
      ...yes,
      description: 'A stable id for the relationship.',
      example: 'R-1001',
    },
    {
      name: 'supervisee_id',
      aliases: ['staff_id', 'worker_id'],
      ...yes,
      description: 'The staff_id of the person supervised.',
      example: 'E1001',
    },
    {
      name: 'supervisor_id',
      aliases: ['manager_id'],
      ...yes,
      description: 'The staff_id of the supervisor.',
      example: 'E1000',
    },
    {
      name: 'kind',
      aliases: ['relationship', 'type'],
      ...yes,
      description: `One of ${supervisoryRelationshipKinds.join(', ')}.`,
      example: 'line_management',
    },
    ...spanColumns('relationship'),
  ],
  read(row) {
    const id = row.text('relationship_id');
    const superviseeId = row.text('supervisee_id');
    const supervisorId = row.text('supervisor_id');
    const kind = row.choice(
      'kind',
      readChoice(supervisoryRelationshipKinds, {
        line_management: ['line manager'],
        cover: ['temporary cover'],
      }),
    );
    const from = row.date('from');
    const to = row.date('to');
    if (superviseeId && superviseeId === supervisorId)
      row.problem('supervisor_id', 'a person cannot supervise themselves');
    if (!id || !superviseeId || !supervisorId || !kind || !from) return undefined;
    return { id, superviseeId, supervisorId, kind, from, to };
  },
  key: (r) => r.id,
  references: (r) => [
    { column: 'supervisee_id', to: 'staff', id: r.superviseeId },
    { column: 'supervisor_id', to: 'staff', id: r.supervisorId },
  ],
};

const absences: TableSpec<Absence> = {
  schema: bundleSchema.shape.absences.element,
  kind: 'absences',
  title: 'Absences',
  keyColumn: 'absence_id',
  columns: [
    {
      name: 'absence_id',
      aliases: ['id', 'absence_reference'],
      ...yes,
      description: 'The absence’s id in your HR system.',
      example: 'A-55012',
    },
    {
      name: 'staff_id',
      aliases: ['employee_number', 'employee_id'],
      ...yes,
      description: 'The staff_id of the person away.',
      example: 'E1001',
    },
    {
      name: 'kind',
      aliases: ['absence_type', 'type', 'reason'],
      ...yes,
      description: `One of ${absenceKinds.join(', ')}.`,
      example: 'sickness',
    },
    dateColumn('from', 'First day away.', ['start_date', 'first_day'], true),
    dateColumn('to', 'Last day away; empty while they are still away.', ['end_date', 'last_day']),
  ],
  read(row) {
    const id = row.text('absence_id');
    const staffId = row.text('staff_id');
    const kind = row.choice(
      'kind',
      readChoice(absenceKinds, {
        annual_leave: ['holiday', 'annual leave', 'AL'],
        sickness: ['sick', 'sickness absence'],
        maternity: ['maternity leave', 'adoption leave', 'shared parental leave'],
      }),
    );
    const from = row.date('from');
    if (!id || !staffId || !kind || !from) return undefined;
    return { id, staffId, kind, from, to: row.date('to') };
  },
  key: (a) => a.id,
  references: (a) => [{ column: 'staff_id', to: 'staff', id: a.staffId }],
};

/** A child row before it meets the child's stored episodes. */
export type ChildRow = Omit<BundleChild, 'statuses' | 'flags' | 'allocations' | 'events'>;

const childIdColumn: ColumnSpec = {
  name: 'child_id',
  aliases: ['person_id', 'lcs_id', 'mosaic_id', 'eclipse_id', 'client_id', 'child_reference'],
  required: true,
  description: 'The child’s id in your case-management system.',
  example: '1002345',
};

const children: TableSpec<ChildRow> = {
  schema: bundleSchema.shape.children.element.omit({
    statuses: true,
    flags: true,
    allocations: true,
    events: true,
  }),
  kind: 'children',
  title: 'Children',
  keyColumn: 'child_id',
  columns: [
    childIdColumn,
    {
      name: 'case_id',
      aliases: ['case_number', 'case_reference'],
      description: 'The case number, if it differs from child_id.',
      example: 'LCS-1002345',
    },
    ...nameColumns('child'),
    dateColumn('date_of_birth', 'Date of birth.', ['dob', 'birth_date']),
    dateColumn('expected_date_of_birth', 'For an unborn child: the expected date of birth.', [
      'edd',
      'expected_dob',
      'due_date',
    ]),
    dateColumn(
      'opened_on',
      'Start of involvement (referral or case opening).',
      ['referral_date', 'opened_at', 'involvement_start', 'case_start_date'],
      true,
    ),
    dateColumn('closed_on', 'End of involvement, if closed.', [
      'closure_date',
      'closed_at',
      'case_end_date',
    ]),
  ],
  read(row) {
    const id = row.text('child_id');
    const openedAt = row.date('opened_on');
    const dateOfBirth = row.date('date_of_birth');
    const expectedDateOfBirth = row.date('expected_date_of_birth');
    if (dateOfBirth && expectedDateOfBirth) {
      row.problem(
        'expected_date_of_birth',
        'give a date of birth or an expected date of birth, not both',
      );
    }
    if (!id || !openedAt) return undefined;
    return {
      id,
      caseId: row.text('case_id') ?? id,
      name: personName(row),
      dateOfBirth,
      expectedDateOfBirth,
      openedAt,
      closedAt: row.date('closed_on'),
    };
  },
  key: (c) => c.id,
  references: () => [],
};

type Episode<T> = { childId: string; item: T };

const childStatuses_: TableSpec<Episode<Status>> = {
  schema: bundleSchema.shape.children.element.shape.statuses.element,
  checked: (e) => e.item,
  kind: 'child-statuses',
  title: 'Children’s status episodes',
  keyColumn: 'from',
  columns: [
    childIdColumn,
    {
      name: 'status',
      aliases: ['episode_type', 'plan_type', 'legal_status'],
      ...yes,
      description: `One of ${childStatuses.join(', ')} (or CIN, CP, CLA).`,
      example: 'child_protection',
    },
    ...spanColumns('episode'),
  ],
  read(row) {
    const childId = row.text('child_id');
    const status = row.choice(
      'status',
      readChoice(childStatuses, {
        child_in_need: ['CIN', 'child in need'],
        child_protection: ['CP', 'CPP', 'child protection plan'],
        child_in_care: ['CLA', 'LAC', 'CIC', 'looked after', 'looked after child'],
        early_help: ['EH'],
        care_leaver: ['leaving care'],
      }),
    );
    const from = row.date('from');
    if (!childId || !status || !from) return undefined;
    return { childId, item: { status, from, to: row.date('to') } };
  },
  key: (e) => `${e.childId} ${e.item.status} ${e.item.from}`,
  references: (e) => [{ column: 'child_id', to: 'children', id: e.childId }],
};

const childFlags_: TableSpec<Episode<Flag>> = {
  schema: bundleSchema.shape.children.element.shape.flags.element,
  checked: (e) => e.item,
  kind: 'child-flags',
  title: 'Flags on children',
  keyColumn: 'from',
  columns: [
    childIdColumn,
    {
      name: 'flag',
      aliases: ['alert', 'flag_type'],
      ...yes,
      description: `One of ${childFlags.join(', ')}.`,
      example: 'most_concern',
    },
    ...spanColumns('flag'),
  ],
  read(row) {
    const childId = row.text('child_id');
    const flag = row.choice('flag', readChoice(childFlags));
    const from = row.date('from');
    if (!childId || !flag || !from) return undefined;
    return { childId, item: { flag, from, to: row.date('to') } };
  },
  key: (e) => `${e.childId} ${e.item.flag} ${e.item.from}`,
  references: (e) => [{ column: 'child_id', to: 'children', id: e.childId }],
};

const allocations_: TableSpec<Episode<Allocation>> = {
  schema: bundleSchema.shape.children.element.shape.allocations.element,
  checked: (e) => e.item,
  kind: 'allocations',
  title: 'Allocations of workers to children',
  keyColumn: 'from',
  columns: [
    childIdColumn,
    {
      name: 'worker_id',
      aliases: ['staff_id', 'allocated_worker_id', 'worker_employee_number'],
      ...yes,
      description: 'The staff_id of the allocated worker.',
      example: 'E1001',
    },
    {
      name: 'role',
      aliases: ['allocation_role', 'worker_role'],
      ...yes,
      description: `One of ${allocationRoles.join(', ')}.`,
      example: 'key_worker',
    },
    ...spanColumns('allocation'),
  ],
  read(row) {
    const childId = row.text('child_id');
    const workerId = row.text('worker_id');
    const role = row.choice(
      'role',
      readChoice(allocationRoles, {
        key_worker: ['allocated worker', 'allocated social worker', 'social worker'],
        lead_professional: ['lead practitioner'],
      }),
    );
    const from = row.date('from');
    if (!childId || !workerId || !role || !from) return undefined;
    return { childId, item: { workerId, role, from, to: row.date('to') } };
  },
  key: (e) => `${e.childId} ${e.item.workerId} ${e.item.role} ${e.item.from}`,
  references: (e) => [
    { column: 'child_id', to: 'children', id: e.childId },
    { column: 'worker_id', to: 'staff', id: e.item.workerId },
  ],
};

export const tables = {
  'org-units': orgUnits,
  staff,
  relationships,
  absences,
  children,
  'child-statuses': childStatuses_,
  'child-flags': childFlags_,
  allocations: allocations_,
} satisfies Record<ImportKind, TableSpec<unknown>>;

export type { Episode };
