import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { RoleCategory } from '../domain/organisation/vocabulary.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

export type StaffSummary = {
  id: string;
  name: string;
  jobTitle: string;
  roleCategory: RoleCategory;
  caseHolding: boolean;
  contractedHours: number;
  startDate: IsoDate;
  teamName: string | null;
};

export type Supervisee = StaffSummary & { relationshipKind: string; since: IsoDate };

const recordSelect = `s.id, s.external_id, s.name, s.email, s.job_title, s.role_category,
  s.case_holding, s.contracted_hours::float AS contracted_hours, s.team_id, t.name AS team_name,
  s.line_manager_id, m.name AS line_manager_name, s.start_date, s.asye_start_date,
  s.placement_start_date, s.placement_end_date, s.probation_end_date, s.leaving_date,
  s.updated_at::text AS version`;
const recordFrom = `FROM staff_member s
  LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
  LEFT JOIN staff_member m ON m.organisation_id = s.organisation_id AND m.id = s.line_manager_id`;

const summaryColumns = `s.id, s.name, s.job_title, s.role_category, s.case_holding,
  s.contracted_hours::float AS contracted_hours, s.start_date, t.name AS team_name`;

function toSummary(row: Record<string, unknown>): StaffSummary {
  return {
    id: row.id as string,
    name: row.name as string,
    jobTitle: (row.job_title as string | null) ?? '',
    roleCategory: row.role_category as RoleCategory,
    caseHolding: row.case_holding as boolean,
    contractedHours: row.contracted_hours as number,
    startDate: row.start_date as IsoDate,
    teamName: (row.team_name as string | null) ?? null,
  };
}

/** A staff member's HR record as the staff pages show and edit it. */
export type StaffRecord = {
  id: string;
  externalId: string;
  name: string;
  email: string | null;
  jobTitle: string | null;
  roleCategory: RoleCategory;
  caseHolding: boolean;
  contractedHours: number;
  teamId: string | null;
  teamName: string | null;
  lineManagerId: string | null;
  lineManagerName: string | null;
  startDate: IsoDate;
  asyeStartDate: IsoDate | null;
  placementStartDate: IsoDate | null;
  placementEndDate: IsoDate | null;
  probationEndDate: IsoDate | null;
  leavingDate: IsoDate | null;
  /** The row's updated_at as text: edits carry it back to detect a change in between. */
  version: string;
};

/** The worker's own details: registration, DBS and emergency contact. */
export type PersonalDetails = {
  registrationBody: string | null;
  registrationNumber: string | null;
  registrationExpiresOn: IsoDate | null;
  dbsCertificateNumber: string | null;
  dbsIssuedOn: IsoDate | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  emergencyContactRelationship: string | null;
};

export type StaffInput = Omit<StaffRecord, 'id' | 'teamName' | 'lineManagerName' | 'version'>;

export type StaffListItem = {
  id: string;
  externalId: string;
  name: string;
  jobTitle: string | null;
  roleCategory: RoleCategory;
  teamId: string | null;
  teamName: string | null;
  lineManagerId: string | null;
  lineManagerName: string | null;
  leavingDate: IsoDate | null;
};

/** Record fields and their columns, in the order the pages show them. */
const recordColumns = {
  externalId: 'external_id',
  name: 'name',
  email: 'email',
  jobTitle: 'job_title',
  roleCategory: 'role_category',
  caseHolding: 'case_holding',
  contractedHours: 'contracted_hours',
  teamId: 'team_id',
  lineManagerId: 'line_manager_id',
  startDate: 'start_date',
  asyeStartDate: 'asye_start_date',
  placementStartDate: 'placement_start_date',
  placementEndDate: 'placement_end_date',
  probationEndDate: 'probation_end_date',
  leavingDate: 'leaving_date',
} as const satisfies Record<keyof StaffInput, string>;

const personalColumns = {
  registrationBody: 'registration_body',
  registrationNumber: 'registration_number',
  registrationExpiresOn: 'registration_expires_on',
  dbsCertificateNumber: 'dbs_certificate_number',
  dbsIssuedOn: 'dbs_issued_on',
  emergencyContactName: 'emergency_contact_name',
  emergencyContactPhone: 'emergency_contact_phone',
  emergencyContactRelationship: 'emergency_contact_relationship',
} as const satisfies Record<keyof PersonalDetails, string>;

function toRecord(row: Record<string, unknown>): StaffRecord {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    name: row.name as string,
    email: (row.email as string | null) ?? null,
    jobTitle: (row.job_title as string | null) ?? null,
    roleCategory: row.role_category as RoleCategory,
    caseHolding: row.case_holding as boolean,
    contractedHours: row.contracted_hours as number,
    teamId: (row.team_id as string | null) ?? null,
    teamName: (row.team_name as string | null) ?? null,
    lineManagerId: (row.line_manager_id as string | null) ?? null,
    lineManagerName: (row.line_manager_name as string | null) ?? null,
    startDate: row.start_date as IsoDate,
    asyeStartDate: (row.asye_start_date as IsoDate | null) ?? null,
    placementStartDate: (row.placement_start_date as IsoDate | null) ?? null,
    placementEndDate: (row.placement_end_date as IsoDate | null) ?? null,
    probationEndDate: (row.probation_end_date as IsoDate | null) ?? null,
    leavingDate: (row.leaving_date as IsoDate | null) ?? null,
    version: row.version as string,
  };
}

/** The SET list and values of an update, numbered from `first`. */
function assignments(
  columns: Record<string, string>,
  values: Record<string, unknown>,
  first: number,
): { sql: string; params: unknown[] } {
  const keys = Object.keys(columns);
  return {
    sql: keys.map((key, i) => `${columns[key]} = $${first + i}`).join(', '),
    params: keys.map((key) => values[key] ?? null),
  };
}

/** Whether following line managers up from this person comes back to them. */
export async function lineManagementLoops(
  db: pg.Pool | pg.PoolClient,
  organisationId: string,
  id: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `WITH RECURSIVE up (line_manager_id) AS (
       SELECT line_manager_id FROM staff_member WHERE organisation_id = $1 AND id = $2
       UNION
       SELECT s.line_manager_id FROM staff_member s JOIN up ON s.id = up.line_manager_id
       WHERE s.organisation_id = $1
     ) SELECT 1 FROM up WHERE line_manager_id = $2`,
    [organisationId, id],
  );
  return rows.length > 0;
}

export function staffRepository(db: pg.Pool) {
  return {
    async findById(organisationId: string, id: string): Promise<StaffSummary | undefined> {
      const { rows } = await db.query(
        `SELECT ${summaryColumns} FROM staff_member s
         LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
         WHERE s.organisation_id = $1 AND s.id = $2`,
        [organisationId, id],
      );
      return rows[0] ? toSummary(rows[0]) : undefined;
    },

    /** The staff member with this id in the HR system (or bundle). */
    async findIdByExternalId(
      organisationId: string,
      externalId: string,
    ): Promise<string | undefined> {
      const { rows } = await db.query(
        'SELECT id FROM staff_member WHERE organisation_id = $1 AND external_id = $2',
        [organisationId, externalId],
      );
      return rows[0]?.id;
    },

    async findIdByEmail(organisationId: string, email: string): Promise<string | undefined> {
      const { rows } = await db.query(
        'SELECT id FROM staff_member WHERE organisation_id = $1 AND lower(email) = lower($2)',
        [organisationId, email],
      );
      return rows[0]?.id;
    },

    /** People this staff member supervises on the given date, by any kind of relationship. */
    async supervisees(organisationId: string, supervisorId: string, on: IsoDate) {
      const { rows } = await db.query(
        `SELECT ${summaryColumns}, r.kind, r.starts_on FROM supervisory_relationship r
         JOIN staff_member s ON s.organisation_id = r.organisation_id AND s.id = r.supervisee_id
         LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
         WHERE r.organisation_id = $1 AND r.supervisor_id = $2 AND r.starts_on <= $3
           AND (r.ends_on IS NULL OR r.ends_on >= $3)
         ORDER BY s.name`,
        [organisationId, supervisorId, on],
      );
      return rows.map(
        (row): Supervisee => ({
          ...toSummary(row),
          relationshipKind: row.kind,
          since: row.starts_on,
        }),
      );
    },

    /** The people supervising this staff member on the given date. */
    async supervisors(organisationId: string, superviseeId: string, on: IsoDate) {
      const { rows } = await db.query(
        `SELECT ${summaryColumns}, r.kind, r.starts_on FROM supervisory_relationship r
         JOIN staff_member s ON s.organisation_id = r.organisation_id AND s.id = r.supervisor_id
         LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
         WHERE r.organisation_id = $1 AND r.supervisee_id = $2 AND r.starts_on <= $3
           AND (r.ends_on IS NULL OR r.ends_on >= $3)
         ORDER BY r.kind, s.name`,
        [organisationId, superviseeId, on],
      );
      return rows.map(
        (row): Supervisee => ({
          ...toSummary(row),
          relationshipKind: row.kind,
          since: row.starts_on,
        }),
      );
    },

    /** The HR record, without the worker's personal details. */
    async record(organisationId: string, id: string): Promise<StaffRecord | undefined> {
      const { rows } = await db.query(
        `SELECT ${recordSelect} ${recordFrom} WHERE s.organisation_id = $1 AND s.id = $2`,
        [organisationId, id],
      );
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    /** Registration, DBS and emergency contact: read only for those allowed to see them. */
    async personalDetails(
      organisationId: string,
      id: string,
    ): Promise<PersonalDetails | undefined> {
      const { rows } = await db.query(
        `SELECT ${Object.entries(personalColumns)
          .map(([key, column]) => `${column} AS "${key}"`)
          .join(', ')}
         FROM staff_member WHERE organisation_id = $1 AND id = $2`,
        [organisationId, id],
      );
      return rows[0] as PersonalDetails | undefined;
    },

    /** Staff by name, optionally of one team and matching part of a name. */
    async list(
      organisationId: string,
      filter: { teamId?: string | undefined; search?: string | undefined } = {},
    ): Promise<StaffListItem[]> {
      const search = filter.search ? `%${filter.search.replace(/[\\%_]/g, '\\$&')}%` : null;
      const { rows } = await db.query(
        `SELECT s.id, s.external_id, s.name, s.job_title, s.role_category, s.team_id, t.name AS team_name,
           s.line_manager_id, m.name AS line_manager_name, s.leaving_date
         ${recordFrom}
         WHERE s.organisation_id = $1 AND ($2::uuid IS NULL OR s.team_id = $2)
           AND ($3::text IS NULL OR s.name ILIKE $3)
         ORDER BY s.name, s.id`,
        [organisationId, filter.teamId ?? null, search],
      );
      return rows.map((row) => ({
        id: row.id,
        externalId: row.external_id,
        name: row.name,
        jobTitle: row.job_title ?? null,
        roleCategory: row.role_category,
        teamId: row.team_id ?? null,
        teamName: row.team_name ?? null,
        lineManagerId: row.line_manager_id ?? null,
        lineManagerName: row.line_manager_name ?? null,
        leavingDate: row.leaving_date ?? null,
      }));
    },

    async externalIdTaken(organisationId: string, externalId: string, exceptId?: string) {
      const { rows } = await db.query(
        `SELECT 1 FROM staff_member WHERE organisation_id = $1 AND external_id = $2
           AND ($3::uuid IS NULL OR id <> $3)`,
        [organisationId, externalId, exceptId ?? null],
      );
      return rows.length > 0;
    },

    /** The person and their line managers upwards, nearest first, stopping at any loop. */
    async lineManagerChain(
      organisationId: string,
      id: string,
    ): Promise<{ id: string; name: string }[]> {
      const { rows } = await db.query(
        `WITH RECURSIVE chain (id, name, line_manager_id, depth, path) AS (
           SELECT id, name, line_manager_id, 0, ARRAY[id] FROM staff_member
           WHERE organisation_id = $1 AND id = $2
           UNION ALL
           SELECT s.id, s.name, s.line_manager_id, c.depth + 1, c.path || s.id
           FROM chain c JOIN staff_member s ON s.organisation_id = $1 AND s.id = c.line_manager_id
           WHERE NOT s.id = ANY (c.path)
         ) SELECT id, name FROM chain ORDER BY depth`,
        [organisationId, id],
      );
      return rows as { id: string; name: string }[];
    },

    /** Adds a staff member; without an external id the new row's own id is used. */
    async create(
      organisationId: string,
      input: StaffInput,
      personal: PersonalDetails | undefined,
      audit: ChangeAudit,
    ): Promise<string> {
      const id = randomUUID();
      const values = { ...input, externalId: input.externalId || id, ...personal };
      const columns = { ...recordColumns, ...(personal ? personalColumns : {}) };
      const keys = Object.keys(columns) as (keyof typeof values)[];
      await inTransaction(db, async (client) => {
        await client.query(
          `INSERT INTO staff_member (organisation_id, id, ${keys
            .map((key) => columns[key as keyof typeof columns])
            .join(', ')})
           VALUES ($1, $2, ${keys.map((_, i) => `$${i + 3}`).join(', ')})`,
          [organisationId, id, ...keys.map((key) => values[key] ?? null)],
        );
        await auditChange(client, organisationId, 'staff_member', id, audit);
      });
      return id;
    },

    /**
     * Saves the record if it is still the version the editor saw: 'conflict' when someone else
     * saved it in between, 'cycle' when the line management chain would (by now) loop back to
     * the person; nothing is written then. Personal details only when given.
     */
    async update(
      organisationId: string,
      id: string,
      version: string,
      input: StaffInput,
      personal: PersonalDetails | undefined,
      audit: ChangeAudit,
    ): Promise<'saved' | 'conflict' | 'cycle'> {
      const set = assignments(
        { ...recordColumns, ...(personal ? personalColumns : {}) },
        { ...input, ...personal },
        4,
      );
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE staff_member SET ${set.sql}, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 AND updated_at = $3::timestamptz`,
          [organisationId, id, version, ...set.params],
        );
        if (rowCount !== 1) throw new Rollback('conflict' as const);
        if (await lineManagementLoops(client, organisationId, id))
          throw new Rollback('cycle' as const);
        await auditChange(client, organisationId, 'staff_member', id, audit);
        return 'saved' as const;
      });
    },
  };
}
export type StaffRepository = ReturnType<typeof staffRepository>;
