import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { OrgUnitKind } from '../domain/organisation/vocabulary.ts';
import type { TeamType } from '../domain/policy/vocabulary.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

export type OrgUnit = {
  id: string;
  externalId: string;
  kind: OrgUnitKind;
  name: string;
  parentId: string | null;
  teamType: TeamType | null;
  managerId: string | null;
  managerName: string | null;
  /** Staff whose team is this unit itself (not the units beneath it). */
  staffCount: number;
  /** The row's updated_at as text, carried by edit forms. */
  version: string;
};

export type OrgUnitInput = {
  name: string;
  kind: OrgUnitKind;
  parentId: string | null;
  teamType: TeamType | null;
  managerId: string | null;
};

const select = `SELECT u.id, u.external_id, u.kind, u.name, u.parent_id, u.team_type, u.manager_id,
    m.name AS manager_name, u.updated_at::text AS version,
    (SELECT count(*) FROM staff_member s
     WHERE s.organisation_id = u.organisation_id AND s.team_id = u.id)::int AS staff_count
  FROM org_unit u
  LEFT JOIN staff_member m ON m.organisation_id = u.organisation_id AND m.id = u.manager_id`;

function toUnit(row: Record<string, unknown>): OrgUnit {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    kind: row.kind as OrgUnitKind,
    name: row.name as string,
    parentId: (row.parent_id as string | null) ?? null,
    teamType: (row.team_type as TeamType | null) ?? null,
    managerId: (row.manager_id as string | null) ?? null,
    managerName: (row.manager_name as string | null) ?? null,
    staffCount: row.staff_count as number,
    version: row.version as string,
  };
}

/** The organisation's services, areas and teams. */
export function orgUnitRepository(db: pg.Pool) {
  return {
    async list(organisationId: string): Promise<OrgUnit[]> {
      const { rows } = await db.query(
        `${select} WHERE u.organisation_id = $1 ORDER BY u.name, u.id`,
        [organisationId],
      );
      return rows.map(toUnit);
    },

    async findById(organisationId: string, id: string): Promise<OrgUnit | undefined> {
      const { rows } = await db.query(`${select} WHERE u.organisation_id = $1 AND u.id = $2`, [
        organisationId,
        id,
      ]);
      return rows[0] ? toUnit(rows[0]) : undefined;
    },

    /** What the organisation overview counts. */
    async counts(organisationId: string) {
      const { rows } = await db.query(
        `SELECT
           (SELECT count(*) FROM org_unit WHERE organisation_id = $1 AND kind = 'service')::int
             AS services,
           (SELECT count(*) FROM org_unit WHERE organisation_id = $1 AND kind = 'area')::int
             AS areas,
           (SELECT count(*) FROM org_unit WHERE organisation_id = $1 AND kind = 'team')::int
             AS teams,
           (SELECT count(*) FROM staff_member WHERE organisation_id = $1)::int AS staff,
           (SELECT count(*) FROM child WHERE organisation_id = $1)::int AS children`,
        [organisationId],
      );
      return rows[0] as {
        services: number;
        areas: number;
        teams: number;
        staff: number;
        children: number;
      };
    },

    /** Adds a unit; rows made in Oversight use their own id as their external id. */
    async create(organisationId: string, input: OrgUnitInput, audit: ChangeAudit) {
      const id = randomUUID();
      await inTransaction(db, async (client) => {
        await client.query(
          `INSERT INTO org_unit (organisation_id, id, external_id, name, kind, parent_id,
             team_type, manager_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            organisationId,
            id,
            id,
            input.name,
            input.kind,
            input.parentId,
            input.teamType,
            input.managerId,
          ],
        );
        await auditChange(client, organisationId, 'org_unit', id, audit);
      });
      return id;
    },

    /**
     * Saves the unit if it is still the version the editor saw: 'conflict' if it changed since,
     * 'cycle' if the new parent is (by now) beneath it; nothing is written then.
     */
    async update(
      organisationId: string,
      id: string,
      version: string,
      input: OrgUnitInput,
      audit: ChangeAudit,
    ): Promise<'saved' | 'conflict' | 'cycle'> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE org_unit SET name = $4, kind = $5, parent_id = $6, team_type = $7,
             manager_id = $8, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 AND updated_at = $3::timestamptz`,
          [
            organisationId,
            id,
            version,
            input.name,
            input.kind,
            input.parentId,
            input.teamType,
            input.managerId,
          ],
        );
        if (rowCount !== 1) throw new Rollback('conflict' as const);
        const { rows } = await client.query(
          `WITH RECURSIVE up (parent_id) AS (
             SELECT parent_id FROM org_unit WHERE organisation_id = $1 AND id = $2
             UNION
             SELECT u.parent_id FROM org_unit u JOIN up ON u.id = up.parent_id
             WHERE u.organisation_id = $1
           ) SELECT 1 FROM up WHERE parent_id = $2`,
          [organisationId, id],
        );
        if (rows.length > 0) throw new Rollback('cycle' as const);
        await auditChange(client, organisationId, 'org_unit', id, audit);
        return 'saved' as const;
      });
    },
  };
}
export type OrgUnitRepository = ReturnType<typeof orgUnitRepository>;
