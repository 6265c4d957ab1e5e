/**
 * What compliance pages need beside the bundle: who is in a unit (for a scoped evaluation), and
 * the names and internal ids behind the external ids obligations carry, for display and links.
 */
import type pg from 'pg';
import type { BundleScope } from './bundle-reader.ts';

export type UnitEntry = {
  id: string;
  externalId: string;
  name: string;
  kind: string;
  parentId: string | null;
  managerId: string | null;
};
export type StaffEntry = {
  id: string;
  externalId: string;
  name: string;
  teamId: string | null;
  jobTitle: string | null;
};
export type ChildEntry = { id: string; externalId: string; name: string | null; caseId: string };
export type EvidenceEntry = {
  externalId: string;
  type: 'record' | 'session';
  id: string;
  kind: string;
  date: string;
};

export function complianceRepository(pool: pg.Pool) {
  return {
    /** The organisation's data version: it moves with every change compliance derives from. */
    async dataVersion(organisationId: string): Promise<number> {
      const { rows } = await pool.query(
        'SELECT version FROM organisation_data_version WHERE organisation_id = $1',
        [organisationId],
      );
      return rows[0]?.version ?? 0;
    },

    /** Every unit of the organisation (a few hundred at most). */
    async units(organisationId: string): Promise<UnitEntry[]> {
      const { rows } = await pool.query(
        `SELECT id, external_id AS "externalId", name, kind, parent_id AS "parentId",
           manager_id AS "managerId"
         FROM org_unit WHERE organisation_id = $1 ORDER BY name`,
        [organisationId],
      );
      return rows;
    },

    /** Every staff member, leavers included: obligations outlive employment. */
    async staff(organisationId: string): Promise<StaffEntry[]> {
      const { rows } = await pool.query(
        `SELECT id, external_id AS "externalId", name, team_id AS "teamId", job_title AS "jobTitle"
         FROM staff_member WHERE organisation_id = $1 ORDER BY name`,
        [organisationId],
      );
      return rows;
    },

    /** Children by external id (all of them when no ids are given). */
    async children(organisationId: string, externalIds?: readonly string[]): Promise<ChildEntry[]> {
      const { rows } = await pool.query(
        `SELECT id, external_id AS "externalId", name, case_id AS "caseId" FROM child
         WHERE organisation_id = $1 ${externalIds ? 'AND external_id = ANY($2::text[])' : ''}`,
        externalIds ? [organisationId, externalIds] : [organisationId],
      );
      return rows;
    },

    /** Records and sessions named as evidence, by external id. */
    async evidence(
      organisationId: string,
      externalIds: readonly string[],
    ): Promise<EvidenceEntry[]> {
      if (externalIds.length === 0) return [];
      const { rows } = await pool.query(
        `SELECT external_id AS "externalId", 'record' AS type, id, kind, meeting_date AS date
           FROM supervision_record WHERE organisation_id = $1 AND external_id = ANY($2::text[])
         UNION ALL
         SELECT external_id, 'session', id, kind, held_on FROM supervision_session
           WHERE organisation_id = $1 AND external_id = ANY($2::text[])`,
        [organisationId, externalIds],
      );
      return rows;
    },

    /**
     * Sessions that were held or are planned between two dates, per participant (external ids),
     * for "last held", "next planned" and "held this year"; everyone when no staff are given.
     */
    async sessionDates(
      organisationId: string,
      staffIds: readonly string[] | undefined,
      between: { from: string; to: string },
      kinds: readonly string[],
    ): Promise<{ staffId: string; date: string; status: 'held' | 'planned' }[]> {
      const { rows } = await pool.query(
        `SELECT st.external_id AS "staffId", s.held_on AS date, s.status
         FROM supervision_session s
         JOIN session_participant p ON p.organisation_id = s.organisation_id AND p.session_id = s.id
         JOIN staff_member st ON st.organisation_id = p.organisation_id AND st.id = p.staff_id
         WHERE s.organisation_id = $1 AND s.held_on BETWEEN $2 AND $3
           AND s.status IN ('held', 'planned') AND s.kind = ANY($4::text[])
           ${staffIds ? 'AND p.staff_id = ANY($5::uuid[])' : ''}
         ORDER BY s.held_on`,
        [organisationId, between.from, between.to, kinds, ...(staffIds ? [staffIds] : [])],
      );
      return rows;
    },

    /** Children open on a date with their key worker or lead professional (external ids). */
    async allocationsOn(
      organisationId: string,
      date: string,
      workerIds: readonly string[] | undefined,
    ): Promise<{ childId: string; workerId: string; role: string }[]> {
      const { rows } = await pool.query(
        `SELECT c.external_id AS "childId", st.external_id AS "workerId", a.role
         FROM child_allocation a
         JOIN child c ON c.organisation_id = a.organisation_id AND c.id = a.child_id
         JOIN staff_member st ON st.organisation_id = a.organisation_id AND st.id = a.worker_id
         WHERE a.organisation_id = $1 AND a.role IN ('key_worker', 'lead_professional')
           AND a.starts_on <= $2 AND (a.ends_on IS NULL OR a.ends_on >= $2)
           AND c.opened_on <= $2 AND (c.closed_on IS NULL OR c.closed_on >= $2)
           ${workerIds ? 'AND a.worker_id = ANY($3::uuid[])' : ''}`,
        [organisationId, date, ...(workerIds ? [workerIds] : [])],
      );
      return rows;
    },

    /** Every worker ever allocated to a child: whose case supervision the child's is. */
    async workersOf(organisationId: string, childId: string): Promise<string[]> {
      const { rows } = await pool.query(
        `SELECT DISTINCT worker_id FROM child_allocation WHERE organisation_id = $1 AND child_id = $2`,
        [organisationId, childId],
      );
      return rows.map((r) => r.worker_id as string);
    },

    /** The staff of a unit and every unit beneath it, and the teams among those units. */
    async unitScope(organisationId: string, unitId: string): Promise<BundleScope> {
      const { rows } = await pool.query(
        `WITH RECURSIVE below AS (
           SELECT id, kind FROM org_unit WHERE organisation_id = $1 AND id = $2
           UNION ALL
           SELECT u.id, u.kind FROM org_unit u JOIN below b ON u.parent_id = b.id
           WHERE u.organisation_id = $1)
         SELECT
           ARRAY(SELECT s.id FROM staff_member s
                 WHERE s.organisation_id = $1 AND s.team_id IN (SELECT id FROM below)) AS staff,
           ARRAY(SELECT id FROM below WHERE kind = 'team') AS teams`,
        [organisationId, unitId],
      );
      return { staffIds: rows[0].staff, teamIds: rows[0].teams };
    },
  };
}
export type ComplianceRepository = ReturnType<typeof complianceRepository>;
