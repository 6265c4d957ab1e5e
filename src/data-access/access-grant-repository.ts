import type pg from 'pg';
import type { AccessGrant } from '../domain/access/can.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

export type GrantScopeKind = 'person' | 'child' | 'team';
export type GrantStatus = 'live' | 'scheduled' | 'expired' | 'revoked';

/** A grant as the administrators' list and the holder's page show it. */
export type StoredGrant = {
  id: string;
  holderUserId: string;
  holderName: string;
  scopeKind: GrantScopeKind;
  /** The staff member's, child's or unit's id. */
  scopeId: string;
  /** Who or what it opens, in words: a name, a child's case ID, a team's name. */
  scopeName: string;
  reason: string;
  startsAt: Date;
  expiresAt: Date;
  grantedByName: string;
  grantedAt: Date;
  revokedAt: Date | null;
  revokedByName: string | null;
  revokeReason: string | null;
  status: GrantStatus;
};

export type GrantInput = {
  holderUserId: string;
  scope: { kind: GrantScopeKind; id: string };
  reason: string;
  expiresAt: Date;
  grantedBy: string;
};

/** What a grant opens, for its holder's page. */
export type GrantContents = {
  staff: { id: string; name: string; jobTitle: string | null; teamName: string | null }[];
  children: { id: string; caseId: string; name: string | null }[];
  records: {
    id: string;
    kind: string;
    date: string | null;
    headline: string | null;
    people: string[];
  }[];
  relationships: { id: string; superviseeName: string; supervisorName: string; kind: string }[];
};

const select = `SELECT g.id, g.holder_user_id, h.display_name AS holder_name, g.scope_kind,
    coalesce(g.staff_id, g.child_id, g.unit_id) AS scope_id,
    coalesce(s.name, c.name || ' (' || c.case_id || ')', c.case_id, u.name) AS scope_name,
    g.reason, g.starts_at, g.expires_at, b.display_name AS granted_by_name, g.granted_at,
    g.revoked_at, r.display_name AS revoked_by_name, g.revoke_reason,
    CASE WHEN g.revoked_at IS NOT NULL THEN 'revoked'
         WHEN g.expires_at <= now() THEN 'expired'
         WHEN g.starts_at > now() THEN 'scheduled'
         ELSE 'live' END AS status
  FROM access_grant g
  JOIN user_account h ON h.organisation_id = g.organisation_id AND h.id = g.holder_user_id
  JOIN user_account b ON b.organisation_id = g.organisation_id AND b.id = g.granted_by
  LEFT JOIN user_account r ON r.organisation_id = g.organisation_id AND r.id = g.revoked_by
  LEFT JOIN staff_member s ON s.organisation_id = g.organisation_id AND s.id = g.staff_id
  LEFT JOIN child c ON c.organisation_id = g.organisation_id AND c.id = g.child_id
  LEFT JOIN org_unit u ON u.organisation_id = g.organisation_id AND u.id = g.unit_id`;

const toGrant = (row: Record<string, unknown>): StoredGrant => ({
  id: row.id as string,
  holderUserId: row.holder_user_id as string,
  holderName: row.holder_name as string,
  scopeKind: row.scope_kind as GrantScopeKind,
  scopeId: row.scope_id as string,
  scopeName: (row.scope_name as string | null) ?? '',
  reason: row.reason as string,
  startsAt: row.starts_at as Date,
  expiresAt: row.expires_at as Date,
  grantedByName: row.granted_by_name as string,
  grantedAt: row.granted_at as Date,
  revokedAt: (row.revoked_at as Date | null) ?? null,
  revokedByName: (row.revoked_by_name as string | null) ?? null,
  revokeReason: (row.revoke_reason as string | null) ?? null,
  status: row.status as GrantStatus,
});

/** Live now, by the database's clock: the one definition every reader uses. */
const live = `g.revoked_at IS NULL AND g.starts_at <= now() AND now() < g.expires_at`;

/**
 * The staff, children and (through them) records a grant's scope takes in, as SQL over
 * `$1` (organisation) and `$2` (grant id): the same reach as `grantsOpening` in can().
 */
const reach = `WITH RECURSIVE g AS (
    SELECT * FROM access_grant WHERE organisation_id = $1 AND id = $2),
  units(id) AS (
    SELECT unit_id FROM g WHERE scope_kind = 'team'
    UNION
    SELECT u.id FROM org_unit u JOIN units ON u.parent_id = units.id WHERE u.organisation_id = $1),
  people AS (
    SELECT staff_id AS id FROM g WHERE scope_kind = 'person'
    UNION
    SELECT s.id FROM staff_member s WHERE s.organisation_id = $1 AND s.team_id IN (SELECT id FROM units)),
  -- Allocations current on the organisation's calendar day, as can() is told them.
  today AS (SELECT (now() AT TIME ZONE 'Europe/London')::date AS day),
  kids AS (
    SELECT child_id AS id FROM g WHERE scope_kind = 'child'
    UNION
    SELECT a.child_id FROM child_allocation a CROSS JOIN today
    JOIN staff_member w ON w.organisation_id = a.organisation_id AND w.id = a.worker_id
    WHERE a.organisation_id = $1 AND w.team_id IN (SELECT id FROM units)
      AND a.starts_on <= today.day AND (a.ends_on IS NULL OR a.ends_on >= today.day)),
  records AS (
    SELECT x.record_id AS id FROM record_staff x
    WHERE x.organisation_id = $1 AND x.staff_id IN (SELECT id FROM people)
    UNION
    SELECT x.record_id FROM record_child x
    WHERE x.organisation_id = $1 AND x.child_id IN (SELECT id FROM kids)
    UNION
    SELECT r.id FROM supervision_record r, g
    WHERE r.organisation_id = $1 AND g.scope_kind = 'person'
      AND (r.author_id = g.staff_id OR r.observer_id = g.staff_id))`;

/** The most recent records a grant's page lists (a team's can run to thousands). */
export const grantRecordLimit = 500;

export function accessGrantRepository(db: pg.Pool) {
  return {
    /**
     * The holder's grants live now, a team's expanded to the unit and every unit beneath it.
     * Read on every request and never cached, so a grant stops working the moment it ends.
     */
    async live(organisationId: string, holderUserId: string): Promise<AccessGrant[]> {
      const { rows } = await db.query(
        `WITH RECURSIVE live AS (
           SELECT g.id, g.scope_kind, g.staff_id, g.child_id, g.unit_id FROM access_grant g
           WHERE g.organisation_id = $1 AND g.holder_user_id = $2 AND ${live}),
         beneath(grant_id, unit_id) AS (
           SELECT id, unit_id FROM live WHERE scope_kind = 'team'
           UNION
           SELECT b.grant_id, u.id FROM org_unit u JOIN beneath b ON u.parent_id = b.unit_id
           WHERE u.organisation_id = $1)
         SELECT l.*, (SELECT array_agg(b.unit_id::text) FROM beneath b WHERE b.grant_id = l.id)
           AS unit_ids
         FROM live l ORDER BY l.id`,
        [organisationId, holderUserId],
      );
      return rows.map((row): AccessGrant => {
        const scope: AccessGrant['scope'] =
          row.scope_kind === 'person'
            ? { kind: 'person', staffId: row.staff_id }
            : row.scope_kind === 'child'
              ? { kind: 'child', childId: row.child_id }
              : { kind: 'team', unitIds: row.unit_ids ?? [] };
        return { id: row.id, scope };
      });
    },

    /** Every grant of the organisation, newest first. */
    async list(organisationId: string): Promise<StoredGrant[]> {
      const { rows } = await db.query(
        `${select} WHERE g.organisation_id = $1 ORDER BY g.granted_at DESC, g.id`,
        [organisationId],
      );
      return rows.map(toGrant);
    },

    /** The holder's grants live now, soonest to expire first. */
    async liveFor(organisationId: string, holderUserId: string): Promise<StoredGrant[]> {
      const { rows } = await db.query(
        `${select} WHERE g.organisation_id = $1 AND g.holder_user_id = $2 AND ${live}
         ORDER BY g.expires_at, g.id`,
        [organisationId, holderUserId],
      );
      return rows.map(toGrant);
    },

    async find(organisationId: string, id: string): Promise<StoredGrant | undefined> {
      const { rows } = await db.query(`${select} WHERE g.organisation_id = $1 AND g.id = $2`, [
        organisationId,
        id,
      ]);
      return rows[0] ? toGrant(rows[0]) : undefined;
    },

    /** Accounts that may hold a grant: investigating officers and inspectors, not disabled. */
    async eligibleHolders(organisationId: string) {
      const { rows } = await db.query(
        `SELECT id, display_name, email, roles FROM user_account
         WHERE organisation_id = $1 AND disabled_at IS NULL
           AND roles && ARRAY['investigating_officer', 'inspector']::text[]
         ORDER BY display_name, id`,
        [organisationId],
      );
      return rows.map((row) => ({
        id: row.id as string,
        name: row.display_name as string,
        email: row.email as string,
        roles: row.roles as string[],
      }));
    },

    /** A child's id by the case ID people know them by. */
    async childIdByCaseId(organisationId: string, caseId: string) {
      const { rows } = await db.query(
        'SELECT id FROM child WHERE organisation_id = $1 AND lower(case_id) = lower($2) LIMIT 2',
        [organisationId, caseId],
      );
      return rows.length === 1 ? (rows[0].id as string) : undefined;
    },

    /** Gives a grant; the audit event is written in the same transaction. */
    async create(organisationId: string, input: GrantInput, audit: ChangeAudit): Promise<string> {
      return inTransaction(db, async (client) => {
        const column = { person: 'staff_id', child: 'child_id', team: 'unit_id' }[input.scope.kind];
        const { rows } = await client.query(
          `INSERT INTO access_grant (organisation_id, holder_user_id, scope_kind, ${column},
             reason, expires_at, granted_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            organisationId,
            input.holderUserId,
            input.scope.kind,
            input.scope.id,
            input.reason,
            input.expiresAt,
            input.grantedBy,
          ],
        );
        const id = rows[0].id as string;
        await auditChange(client, organisationId, 'access_grant', id, audit);
        return id;
      });
    },

    /** Ends a grant that has not ended yet; false when it had (expired or revoked already). */
    async revoke(
      organisationId: string,
      id: string,
      input: { revokedBy: string; reason: string },
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE access_grant g SET revoked_at = now(), revoked_by = $3, revoke_reason = $4
           WHERE g.organisation_id = $1 AND g.id = $2 AND g.revoked_at IS NULL
             AND now() < g.expires_at`,
          [organisationId, id, input.revokedBy, input.reason],
        );
        if (!rowCount) throw new Rollback(false);
        await auditChange(client, organisationId, 'access_grant', id, audit);
        return true;
      });
    },

    /** The staff, children, records and supervisory relationships the grant takes in. */
    async contents(organisationId: string, grantId: string): Promise<GrantContents> {
      const params = [organisationId, grantId];
      const [staff, children, records, relationships] = await Promise.all([
        db.query(
          `${reach} SELECT s.id, s.name, s.job_title, t.name AS team_name FROM staff_member s
           LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
           WHERE s.organisation_id = $1 AND s.id IN (SELECT id FROM people) ORDER BY s.name, s.id`,
          params,
        ),
        db.query(
          `${reach} SELECT c.id, c.case_id, c.name FROM child c
           WHERE c.organisation_id = $1 AND c.id IN (SELECT id FROM kids)
           ORDER BY c.name NULLS LAST, c.case_id, c.id`,
          params,
        ),
        db.query(
          `${reach} SELECT r.id, r.kind, r.meeting_date, v.headline,
             coalesce((SELECT array_agg(s.name ORDER BY x.position) FROM record_staff x
               JOIN staff_member s ON s.organisation_id = x.organisation_id AND s.id = x.staff_id
               WHERE x.organisation_id = r.organisation_id AND x.record_id = r.id), '{}') AS people
           FROM supervision_record r
           -- The latest version that is not a draft: a draft is its writer's alone until shared,
           -- so a record with nothing but a draft is not listed (an imported one has no version).
           LEFT JOIN LATERAL (SELECT headline FROM record_version lv
             WHERE lv.organisation_id = r.organisation_id AND lv.record_id = r.id
               AND lv.status <> 'draft'
             ORDER BY lv.version DESC LIMIT 1) v ON true
           WHERE r.organisation_id = $1 AND r.id IN (SELECT id FROM records)
             AND (v.headline IS NOT NULL OR NOT EXISTS (SELECT 1 FROM record_version d
               WHERE d.organisation_id = r.organisation_id AND d.record_id = r.id))
           ORDER BY r.meeting_date DESC NULLS LAST, r.id LIMIT ${grantRecordLimit}`,
          params,
        ),
        db.query(
          `${reach} SELECT rel.id, rel.kind, e.name AS supervisee_name, o.name AS supervisor_name
           FROM supervisory_relationship rel
           JOIN staff_member e ON e.organisation_id = rel.organisation_id AND e.id = rel.supervisee_id
           JOIN staff_member o ON o.organisation_id = rel.organisation_id AND o.id = rel.supervisor_id
           WHERE rel.organisation_id = $1 AND rel.supervisee_id IN (SELECT id FROM people)
           ORDER BY e.name, rel.starts_on DESC, rel.id`,
          params,
        ),
      ]);
      return {
        staff: staff.rows.map((row) => ({
          id: row.id,
          name: row.name,
          jobTitle: row.job_title ?? null,
          teamName: row.team_name ?? null,
        })),
        children: children.rows.map((row) => ({
          id: row.id,
          caseId: row.case_id,
          name: row.name ?? null,
        })),
        records: records.rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          date: row.meeting_date ?? null,
          headline: row.headline ?? null,
          people: row.people,
        })),
        relationships: relationships.rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          superviseeName: row.supervisee_name,
          supervisorName: row.supervisor_name,
        })),
      };
    },
  };
}
export type AccessGrantRepository = ReturnType<typeof accessGrantRepository>;
