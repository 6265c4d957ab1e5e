/**
 * An organisation's policy versions (migration 0017): append-only rows, each a built-in pack with
 * overrides or a whole imported pack. A new version and the organisation row that follows it are
 * written in one transaction under the organisation's row lock, with the audit entry.
 */
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import { appendAuditEvent } from './audit-log-repository.ts';
import { inTransaction } from './transaction.ts';

/** A version as stored; `pack` is the whole base pack when it was imported from a file. */
export type StoredPolicyVersion = {
  organisationId: string;
  version: number;
  basePackId: string;
  overrides: unknown | null;
  pack: unknown | null;
  reason: string;
  createdBy: { userId: string | null; name: string };
  createdAt: Date;
  restoredFrom?: number;
};

export type NewPolicyVersion = Omit<
  StoredPolicyVersion,
  'organisationId' | 'version' | 'restoredFrom'
> & {
  restoredFrom?: number | undefined;
};

const columns = `organisation_id, version, base_pack_id, overrides, pack, reason, created_by,
  created_by_name, created_at, restored_from`;

function toVersion(row: Record<string, unknown>): StoredPolicyVersion {
  return {
    organisationId: row.organisation_id as string,
    version: row.version as number,
    basePackId: row.base_pack_id as string,
    overrides: row.overrides ?? null,
    pack: row.pack ?? null,
    reason: row.reason as string,
    createdBy: {
      userId: (row.created_by as string | null) ?? null,
      name: row.created_by_name as string,
    },
    createdAt: row.created_at as Date,
    ...(row.restored_from != null ? { restoredFrom: row.restored_from as number } : {}),
  };
}

export function policyVersionRepository(pool: pg.Pool) {
  return {
    /** Whose organisation an account is in, and the name versions are recorded under. */
    async accountOf(userId: string): Promise<{ organisationId: string; name: string } | undefined> {
      const { rows } = await pool.query(
        'SELECT organisation_id, display_name FROM user_account WHERE id = $1',
        [userId],
      );
      return rows[0] && { organisationId: rows[0].organisation_id, name: rows[0].display_name };
    },

    /** Newest first. */
    async list(organisationId: string): Promise<StoredPolicyVersion[]> {
      const { rows } = await pool.query(
        `SELECT ${columns} FROM policy_version WHERE organisation_id = $1 ORDER BY version DESC`,
        [organisationId],
      );
      return rows.map(toVersion);
    },

    async get(organisationId: string, version: number): Promise<StoredPolicyVersion | undefined> {
      const { rows } = await pool.query(
        `SELECT ${columns} FROM policy_version WHERE organisation_id = $1 AND version = $2`,
        [organisationId, version],
      );
      return rows[0] ? toVersion(rows[0]) : undefined;
    },

    async latest(organisationId: string): Promise<StoredPolicyVersion | undefined> {
      const { rows } = await pool.query(
        `SELECT ${columns} FROM policy_version WHERE organisation_id = $1
         ORDER BY version DESC LIMIT 1`,
        [organisationId],
      );
      return rows[0] ? toVersion(rows[0]) : undefined;
    },

    /**
     * The version saved last on or before the date (in the organisation's time zone), the first
     * when the date is earlier than every version, the latest without a date; with the
     * organisation's bank-holiday region, in one query (compliance reads it on every view).
     */
    async inForce(
      organisationId: string,
      asOf?: IsoDate,
    ): Promise<{ stored: StoredPolicyVersion; bankHolidayRegion: string } | undefined> {
      const { rows } = await pool.query(
        `SELECT v.*, o.bank_holiday_region FROM organisation o
         CROSS JOIN LATERAL (
           SELECT * FROM (
             SELECT ${columns},
               (created_at AT TIME ZONE o.time_zone)::date <= coalesce($2::date, 'infinity') AS by_then
             FROM policy_version WHERE organisation_id = o.id) c
           ORDER BY by_then DESC, CASE WHEN by_then THEN -version ELSE version END
           LIMIT 1) v
         WHERE o.id = $1`,
        [organisationId, asOf ?? null],
      );
      const row = rows[0];
      return row && { stored: toVersion(row), bankHolidayRegion: row.bank_holiday_region };
    },

    /**
     * Appends the next version and moves the organisation row to it, under the row's lock, with
     * the audit entry; the row's update bumps the data version, so cached compliance is redone.
     * With `baseVersion`, writes nothing when the latest version is another one (a lost update).
     */
    async append(
      organisationId: string,
      input: NewPolicyVersion,
      audit: {
        actorUserId: string | null;
        action: string;
        requestId?: string | undefined;
        detail?: Record<string, unknown>;
        /** The thing changed, when not the policy as a whole (an audit tool on its page). */
        resourceType?: string;
        resourceId?: string;
      },
      baseVersion?: number,
    ): Promise<StoredPolicyVersion | { savedSince: number }> {
      return inTransaction(pool, async (client) => {
        const locked = await client.query('SELECT id FROM organisation WHERE id = $1 FOR UPDATE', [
          organisationId,
        ]);
        if (locked.rowCount === 0) throw new Error(`no organisation ${organisationId}`);
        if (baseVersion !== undefined) {
          const latest = await client.query(
            'SELECT max(version) AS version FROM policy_version WHERE organisation_id = $1',
            [organisationId],
          );
          const savedSince = latest.rows[0]?.version ?? 0;
          if (savedSince !== baseVersion) return { savedSince };
        }
        const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
        const { rows } = await client.query(
          `INSERT INTO policy_version (organisation_id, version, base_pack_id, overrides, pack,
             reason, created_by, created_by_name, created_at, restored_from)
           SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9
           FROM policy_version WHERE organisation_id = $1
           RETURNING ${columns}`,
          [
            organisationId,
            input.basePackId,
            json(input.overrides),
            json(input.pack),
            input.reason,
            input.createdBy.userId,
            input.createdBy.name,
            input.createdAt,
            input.restoredFrom ?? null,
          ],
        );
        await client.query(
          'UPDATE organisation SET policy_pack_id = $2, overrides = $3 WHERE id = $1',
          [organisationId, input.basePackId, json(input.overrides)],
        );
        const version = toVersion(rows[0]);
        await appendAuditEvent(client, {
          organisationId,
          actorUserId: audit.actorUserId,
          action: audit.action,
          resourceType: audit.resourceType ?? 'policy_version',
          resourceId: audit.resourceId ?? String(version.version),
          detail: { ...audit.detail, version: version.version, reason: input.reason },
          requestId: audit.requestId ?? null,
        });
        return version;
      });
    },
  };
}
export type PolicyVersionRepository = ReturnType<typeof policyVersionRepository>;
