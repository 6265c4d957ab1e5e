import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { SupervisoryRelationshipKind } from '../domain/organisation/vocabulary.ts';
import { lineManagementLoops } from './staff-repository.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

export type Relationship = {
  id: string;
  externalId: string;
  superviseeId: string;
  supervisorId: string;
  supervisorName: string;
  kind: SupervisoryRelationshipKind;
  startsOn: IsoDate;
  /** The last day; null while it goes on. */
  endsOn: IsoDate | null;
  version: string;
};

/**
 * One change to a supervisee's supervisors, made whole or not at all: end a relationship, start
 * one, and optionally set the line manager on the staff record.
 */
export type RelationshipChange = {
  end?: { id: string; endsOn: IsoDate; version: string };
  start?: {
    supervisorId: string;
    kind: SupervisoryRelationshipKind;
    startsOn: IsoDate;
    endsOn: IsoDate | null;
  };
  lineManagerId?: string;
  /** Audit of the line manager change on the staff record. */
  lineManagerAudit?: ChangeAudit;
};

export type RelationshipOutcome =
  | { outcome: 'saved'; startedId?: string }
  /** The relationship to end was changed by someone else since it was read. */
  | { outcome: 'conflict' }
  /** The new relationship would overlap another of the same kind for the supervisee. */
  | { outcome: 'overlap' }
  /** The new line manager is (by now) managed by the supervisee. */
  | { outcome: 'cycle' };

const select = `SELECT r.id, r.external_id, r.supervisee_id, r.supervisor_id,
    s.name AS supervisor_name, r.kind, r.starts_on, r.ends_on, r.updated_at::text AS version
  FROM supervisory_relationship r
  JOIN staff_member s ON s.organisation_id = r.organisation_id AND s.id = r.supervisor_id`;

function toRelationship(row: Record<string, unknown>): Relationship {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    superviseeId: row.supervisee_id as string,
    supervisorId: row.supervisor_id as string,
    supervisorName: row.supervisor_name as string,
    kind: row.kind as SupervisoryRelationshipKind,
    startsOn: row.starts_on as IsoDate,
    endsOn: (row.ends_on as IsoDate | null) ?? null,
    version: row.version as string,
  };
}

/** Who supervises whom, of which kind, from when to when. */
export function relationshipRepository(db: pg.Pool) {
  return {
    /** Every relationship in which this person is supervised, most recent first. */
    async listForSupervisee(organisationId: string, superviseeId: string) {
      const { rows } = await db.query(
        `${select} WHERE r.organisation_id = $1 AND r.supervisee_id = $2
         ORDER BY r.starts_on DESC, r.kind, s.name`,
        [organisationId, superviseeId],
      );
      return rows.map(toRelationship);
    },

    async findById(organisationId: string, id: string): Promise<Relationship | undefined> {
      const { rows } = await db.query(`${select} WHERE r.organisation_id = $1 AND r.id = $2`, [
        organisationId,
        id,
      ]);
      return rows[0] ? toRelationship(rows[0]) : undefined;
    },

    /**
     * Applies a change in one transaction, holding the supervisee's row so two changes to the
     * same person's supervisors cannot interleave. The audit entry names the started
     * relationship, or else the ended one.
     */
    async apply(
      organisationId: string,
      superviseeId: string,
      change: RelationshipChange,
      audit: ChangeAudit,
    ): Promise<RelationshipOutcome> {
      return inTransaction(db, async (client): Promise<RelationshipOutcome> => {
        await client.query(
          'SELECT 1 FROM staff_member WHERE organisation_id = $1 AND id = $2 FOR UPDATE',
          [organisationId, superviseeId],
        );
        if (change.end) {
          const { rowCount } = await client.query(
            `UPDATE supervisory_relationship SET ends_on = $5, updated_at = now()
             WHERE organisation_id = $1 AND id = $2 AND supervisee_id = $3
               AND updated_at = $4::timestamptz`,
            [organisationId, change.end.id, superviseeId, change.end.version, change.end.endsOn],
          );
          if (rowCount !== 1) throw new Rollback({ outcome: 'conflict' });
        }
        let startedId: string | undefined;
        if (change.start) {
          startedId = randomUUID();
          const { supervisorId, kind, startsOn, endsOn } = change.start;
          await client.query(
            `INSERT INTO supervisory_relationship (organisation_id, id, external_id,
               supervisee_id, supervisor_id, kind, starts_on, ends_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              organisationId,
              startedId,
              startedId,
              superviseeId,
              supervisorId,
              kind,
              startsOn,
              endsOn,
            ],
          );
          const { rows } = await client.query(
            `SELECT 1 FROM supervisory_relationship a
             JOIN supervisory_relationship b ON b.organisation_id = a.organisation_id
               AND b.supervisee_id = a.supervisee_id AND b.kind = a.kind AND b.id <> a.id
             WHERE a.organisation_id = $1 AND a.id = $2
               AND a.starts_on <= coalesce(b.ends_on, 'infinity'::date)
               AND b.starts_on <= coalesce(a.ends_on, 'infinity'::date)
             LIMIT 1`,
            [organisationId, startedId],
          );
          if (rows.length > 0) throw new Rollback({ outcome: 'overlap' });
        }
        if (change.lineManagerId !== undefined) {
          await client.query(
            `UPDATE staff_member SET line_manager_id = $3, updated_at = now()
             WHERE organisation_id = $1 AND id = $2`,
            [organisationId, superviseeId, change.lineManagerId],
          );
          if (await lineManagementLoops(client, organisationId, superviseeId))
            throw new Rollback({ outcome: 'cycle' });
          if (change.lineManagerAudit)
            await auditChange(
              client,
              organisationId,
              'staff_member',
              superviseeId,
              change.lineManagerAudit,
            );
        }
        const resourceId = startedId ?? change.end?.id;
        if (resourceId)
          await auditChange(client, organisationId, 'supervisory_relationship', resourceId, audit);
        return startedId ? { outcome: 'saved', startedId } : { outcome: 'saved' };
      });
    },
  };
}
export type RelationshipRepository = ReturnType<typeof relationshipRepository>;
