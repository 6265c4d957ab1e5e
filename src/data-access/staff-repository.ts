import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { RoleCategory } from '../domain/organisation/vocabulary.ts';

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

const summaryColumns = `s.id, s.name, s.job_title, s.role_category, s.case_holding,
  s.contracted_hours::float AS contracted_hours, s.start_date, t.name AS team_name`;

function toSummary(row: Record<string, unknown>): StaffSummary {
  return {
    id: row.id as string,
    name: row.name as string,
    jobTitle: row.job_title as string,
    roleCategory: row.role_category as RoleCategory,
    caseHolding: row.case_holding as boolean,
    contractedHours: row.contracted_hours as number,
    startDate: row.start_date as IsoDate,
    teamName: (row.team_name as string | null) ?? null,
  };
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
  };
}
export type StaffRepository = ReturnType<typeof staffRepository>;
