import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { RecordKind } from '../domain/policy/vocabulary.ts';
import {
  type DueRecord,
  dueSetDifference,
  type HoldSubject,
  type LiveHold,
  type NoPeriod,
  type RetentionCandidate,
  type RetentionPlan,
  type SparedRecord,
} from '../domain/retention/plan.ts';
import { appendAuditEvent } from './audit-log-repository.ts';
import { type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

/**
 * Retention: the facts a plan is made from (records' kinds, dates, people and children, live
 * legal holds), the runs, and the deletion a confirmed run makes. The deletion and its audit
 * entries share one transaction; the audit log itself is never deleted.
 */

export type LegalHold = {
  id: string;
  subject: HoldSubject;
  /** The held person's or child's name, or the record's kind and date. */
  subjectLabel: string;
  reason: string;
  placedBy: string | null;
  placedAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
  releaseReason: string | null;
};

export type RetentionRun = {
  id: string;
  asOf: IsoDate;
  policy: string;
  due: DueRecord[];
  spared: SparedRecord[];
  noPeriod: NoPeriod[];
  createdBy: string | null;
  createdAt: Date;
  deletedCount: number | null;
  completedBy: string | null;
  completedAt: Date | null;
};

export type Tombstone = {
  id: string;
  kind: RecordKind;
  recordDate: IsoDate;
  deletedAt: Date;
  runId: string;
  ruleId: string;
};

export type ConfirmOutcome =
  | { outcome: 'deleted'; count: number }
  | { outcome: 'not_found' }
  | { outcome: 'already_run'; completedAt: Date }
  | { outcome: 'changed'; added: DueRecord[]; removed: DueRecord[] };

type Db = pg.Pool | pg.PoolClient;

const runColumns = `id, as_of::text AS "asOf", policy, due, spared, no_period AS "noPeriod",
  created_by AS "createdBy", created_at AS "createdAt", deleted_count AS "deletedCount",
  completed_by AS "completedBy", completed_at AS "completedAt"`;

async function candidates(db: Db, organisationId: string): Promise<RetentionCandidate[]> {
  const { rows } = await db.query(
    `SELECT r.id, r.kind, r.meeting_date AS date,
       array_remove(ARRAY(SELECT rs.staff_id FROM record_staff rs
         WHERE rs.organisation_id = r.organisation_id AND rs.record_id = r.id)
         || ARRAY[r.author_id, r.observer_id], NULL) AS "staffIds",
       coalesce((SELECT json_agg(json_build_object('id', c.id, 'closedOn', c.closed_on)
                                 ORDER BY c.id)
                 FROM record_child rc JOIN child c
                   ON c.organisation_id = rc.organisation_id AND c.id = rc.child_id
                 WHERE rc.organisation_id = r.organisation_id AND rc.record_id = r.id),
                '[]') AS children
     FROM supervision_record r WHERE r.organisation_id = $1 ORDER BY r.id`,
    [organisationId],
  );
  return rows;
}

async function liveHolds(db: Db, organisationId: string): Promise<LiveHold[]> {
  const { rows } = await db.query(
    `SELECT id, subject_kind, subject_id FROM legal_hold
     WHERE organisation_id = $1 AND released_at IS NULL ORDER BY placed_at, id`,
    [organisationId],
  );
  return rows.map((r) => ({ id: r.id, subject: { kind: r.subject_kind, id: r.subject_id } }));
}

/** Serialises a run's deletion with other runs and with placing holds, in one organisation. */
function lockRetention(client: pg.PoolClient, organisationId: string) {
  return client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 14))', [
    `retention:${organisationId}`,
  ]);
}

/** Deletes records and everything that is part of them; what cascades is left to the FKs. */
async function deleteRecords(client: pg.PoolClient, organisationId: string, ids: string[]) {
  await client.query(`SELECT set_config('oversight.retention_run', 'on', true)`);
  const p = [organisationId, ids];
  // Progress given in the records; progress given in kept records stays.
  await client.query(
    'DELETE FROM action_update WHERE organisation_id = $1 AND record_id = ANY($2::uuid[])',
    p,
  );
  // Actions agreed in the records go with them, unless a kept record reviewed them: those stay,
  // with that progress, no longer linked to the record that agreed them.
  await client.query(
    `DELETE FROM supervision_action a WHERE organisation_id = $1 AND record_id = ANY($2::uuid[])
       AND NOT EXISTS (SELECT 1 FROM action_update u
                       WHERE u.organisation_id = a.organisation_id AND u.action_id = a.id)`,
    p,
  );
  await client.query(
    `UPDATE supervision_action SET record_id = NULL, record_version = NULL, draft_key = NULL,
       updated_at = now()
     WHERE organisation_id = $1 AND record_id = ANY($2::uuid[])`,
    p,
  );
  // An effectiveness review is the content of its record.
  await client.query(
    'DELETE FROM effectiveness_review WHERE organisation_id = $1 AND record_id = ANY($2::uuid[])',
    p,
  );
  // Versions, signatures, escalations, staff and child links and any redaction overlay go with
  // the record (ON DELETE CASCADE).
  const { rowCount } = await client.query(
    'DELETE FROM supervision_record WHERE organisation_id = $1 AND id = ANY($2::uuid[])',
    [organisationId, ids],
  );
  await client.query(`SELECT set_config('oversight.retention_run', 'off', true)`);
  return rowCount ?? 0;
}

export function retentionRepository(db: pg.Pool) {
  return {
    /** The facts of a plan, read together so the plan is of one moment. */
    async planInput(organisationId: string) {
      return inTransaction(
        db,
        async (client) => ({
          records: await candidates(client, organisationId),
          holds: await liveHolds(client, organisationId),
        }),
        { isolation: 'repeatable read', readOnly: true },
      );
    },

    /** Stores a dry run and audits it (counts only). */
    async saveDryRun(
      organisationId: string,
      plan: RetentionPlan,
      policy: string,
      audit: ChangeAudit,
    ): Promise<string> {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO retention_run (organisation_id, as_of, policy, due, spared, no_period,
             created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            organisationId,
            plan.asOf,
            policy,
            JSON.stringify(plan.due),
            JSON.stringify(plan.spared),
            JSON.stringify(plan.noPeriod),
            audit.actorUserId,
          ],
        );
        const id = rows[0].id as string;
        await appendAuditEvent(client, {
          organisationId,
          actorUserId: audit.actorUserId,
          action: 'retention.dry_run',
          resourceType: 'retention_run',
          resourceId: id,
          detail: {
            asOf: plan.asOf,
            due: plan.due.length,
            spared: plan.spared.length,
            noPeriod: plan.noPeriod.reduce((n, k) => n + k.count, 0),
          },
          requestId: audit.requestId ?? null,
        });
        return id;
      });
    },

    async findRun(organisationId: string, id: string): Promise<RetentionRun | undefined> {
      const { rows } = await db.query(
        `SELECT ${runColumns} FROM retention_run WHERE organisation_id = $1 AND id = $2`,
        [organisationId, id],
      );
      return rows[0];
    },

    async listRuns(organisationId: string, limit = 20): Promise<RetentionRun[]> {
      const { rows } = await db.query(
        `SELECT ${runColumns} FROM retention_run WHERE organisation_id = $1
         ORDER BY created_at DESC, id LIMIT $2`,
        [organisationId, limit],
      );
      return rows;
    },

    /**
     * Deletes exactly the dry run's due list, if the due set, recomputed now by `replan` from
     * facts read under the run's lock, is still the same; otherwise deletes nothing.
     */
    async confirm(
      organisationId: string,
      runId: string,
      replan: (input: { records: RetentionCandidate[]; holds: LiveHold[] }) => RetentionPlan,
      audit: ChangeAudit,
    ): Promise<ConfirmOutcome> {
      return inTransaction(
        db,
        async (client) => {
          const { rows } = await client.query(
            `SELECT ${runColumns} FROM retention_run
             WHERE organisation_id = $1 AND id = $2 FOR UPDATE`,
            [organisationId, runId],
          );
          const run = rows[0] as RetentionRun | undefined;
          if (!run) return { outcome: 'not_found' };
          if (run.completedAt) return { outcome: 'already_run', completedAt: run.completedAt };
          // Only one run deletes at a time in an organisation, and no hold is placed meanwhile;
          // the due records cannot change under the replan. Read committed, so the replan and
          // the audit chain read what is committed now, not a snapshot from before these locks.
          await lockRetention(client, organisationId);
          await client.query(
            `SELECT id FROM supervision_record WHERE organisation_id = $1 AND id = ANY($2::uuid[])
             ORDER BY id FOR UPDATE`,
            [organisationId, run.due.map((r) => r.recordId)],
          );
          const now = replan({
            records: await candidates(client, organisationId),
            holds: await liveHolds(client, organisationId),
          });
          const difference = dueSetDifference(run.due, now.due);
          if (difference.added.length > 0 || difference.removed.length > 0)
            throw new Rollback<ConfirmOutcome>({ outcome: 'changed', ...difference });
          const ids = run.due.map((r) => r.recordId);
          for (const record of run.due) {
            await client.query(
              `INSERT INTO record_tombstone (organisation_id, id, kind, record_date, run_id, rule_id)
               VALUES ($1, $2, $3, $4, $5, $6)`,
              [organisationId, record.recordId, record.kind, record.date, runId, record.ruleId],
            );
            await appendAuditEvent(client, {
              organisationId,
              actorUserId: audit.actorUserId,
              action: 'retention.delete',
              resourceType: 'supervision_record',
              resourceId: record.recordId,
              detail: { runId, kind: record.kind, ruleId: record.ruleId, date: record.date },
              requestId: audit.requestId ?? null,
            });
          }
          const count = ids.length > 0 ? await deleteRecords(client, organisationId, ids) : 0;
          if (count !== ids.length) throw new Error('retention: the records to delete moved');
          await client.query(
            `UPDATE retention_run SET deleted_count = $3, completed_by = $4, completed_at = now()
             WHERE organisation_id = $1 AND id = $2`,
            [organisationId, runId, count, audit.actorUserId],
          );
          await appendAuditEvent(client, {
            organisationId,
            actorUserId: audit.actorUserId,
            action: 'retention.run',
            resourceType: 'retention_run',
            resourceId: runId,
            detail: { deleted: count, spared: run.spared.length, asOf: run.asOf },
            requestId: audit.requestId ?? null,
          });
          return { outcome: 'deleted', count };
        },
        { isolation: 'read committed' },
      );
    },

    async tombstone(organisationId: string, id: string): Promise<Tombstone | undefined> {
      const { rows } = await db.query(
        `SELECT id, kind, record_date AS "recordDate", deleted_at AS "deletedAt",
           run_id AS "runId", rule_id AS "ruleId"
         FROM record_tombstone WHERE organisation_id = $1 AND id = $2`,
        [organisationId, id],
      );
      return rows[0];
    },

    /** Holds, live first, with who or what each is on. */
    async listHolds(organisationId: string): Promise<LegalHold[]> {
      const { rows } = await db.query(
        `SELECT h.id, h.subject_kind, h.subject_id, h.reason, h.placed_by AS "placedBy",
           h.placed_at AS "placedAt", h.released_by AS "releasedBy",
           h.released_at AS "releasedAt", h.release_reason AS "releaseReason",
           coalesce(s.name, c.name, c.case_id,
             CASE WHEN r.id IS NOT NULL THEN r.kind || ' of ' || r.meeting_date END,
             h.subject_id::text) AS "subjectLabel"
         FROM legal_hold h
         LEFT JOIN staff_member s ON h.subject_kind = 'staff'
           AND s.organisation_id = h.organisation_id AND s.id = h.subject_id
         LEFT JOIN child c ON h.subject_kind = 'child'
           AND c.organisation_id = h.organisation_id AND c.id = h.subject_id
         LEFT JOIN supervision_record r ON h.subject_kind = 'record'
           AND r.organisation_id = h.organisation_id AND r.id = h.subject_id
         WHERE h.organisation_id = $1
         ORDER BY h.released_at IS NOT NULL, h.placed_at DESC, h.id`,
        [organisationId],
      );
      return rows.map(({ subject_kind, subject_id, ...rest }) => ({
        ...rest,
        subject: { kind: subject_kind, id: subject_id },
      }));
    },

    /** Whether the subject of a hold is one of the organisation's staff, children or records. */
    async subjectExists(organisationId: string, subject: HoldSubject): Promise<boolean> {
      const table = { staff: 'staff_member', child: 'child', record: 'supervision_record' }[
        subject.kind
      ];
      const { rows } = await db.query(
        `SELECT 1 FROM ${table} WHERE organisation_id = $1 AND id = $2`,
        [organisationId, subject.id],
      );
      return rows.length > 0;
    },

    async placeHold(
      organisationId: string,
      subject: HoldSubject,
      reason: string,
      audit: ChangeAudit,
    ): Promise<string> {
      return inTransaction(db, async (client) => {
        await lockRetention(client, organisationId);
        const { rows } = await client.query(
          `INSERT INTO legal_hold (organisation_id, subject_kind, subject_id, reason, placed_by)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [organisationId, subject.kind, subject.id, reason, audit.actorUserId],
        );
        const id = rows[0].id as string;
        await appendAuditEvent(client, {
          organisationId,
          actorUserId: audit.actorUserId,
          action: 'legal_hold.place',
          resourceType: 'legal_hold',
          resourceId: id,
          detail: { subjectKind: subject.kind, subjectId: subject.id },
          requestId: audit.requestId ?? null,
        });
        return id;
      });
    },

    /** Releases a live hold; false when there is no live hold of that id. */
    async releaseHold(
      organisationId: string,
      id: string,
      reason: string,
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE legal_hold SET released_by = $3, released_at = now(), release_reason = $4
           WHERE organisation_id = $1 AND id = $2 AND released_at IS NULL`,
          [organisationId, id, audit.actorUserId, reason],
        );
        if (!rowCount) return false;
        await appendAuditEvent(client, {
          organisationId,
          actorUserId: audit.actorUserId,
          action: 'legal_hold.release',
          resourceType: 'legal_hold',
          resourceId: id,
          detail: {},
          requestId: audit.requestId ?? null,
        });
        return true;
      });
    },
  };
}

export type RetentionRepository = ReturnType<typeof retentionRepository>;
