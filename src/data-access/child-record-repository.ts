/**
 * Supervision notes on their way to the child's record (migration 0021, docs/child-record.md).
 * A delivery is written in the transaction that locks a version (`queueChildNotes`, a
 * transactional outbox) and is then sent through the organisation's link: a `child_note` job
 * per attempt for a webhook, the daily export, or acknowledged at once where Oversight is the
 * child's record. Every acknowledgement dates the record's `on_child_record_on` (the first one
 * counts) in the same transaction, with its audit entry.
 */
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import { childRecordKinds, groupKinds } from '../domain/child-record/kinds.ts';
import type { LinkMode } from '../domain/child-record/link.ts';
import type { ChildNote, NoteSource, ReviewedAction } from '../domain/child-record/note.ts';
import type { RecordKind } from '../domain/policy/vocabulary.ts';
import type { RecordContent } from '../domain/records/types.ts';
import { queueNotice } from '../features/notifications/notices.ts';
import { appendAuditEvent } from './audit-log-repository.ts';
import { enqueueJob } from './job-repository.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** The job that makes one attempt; its key names the delivery, the round and the attempt. */
export const deliveryJobKind = 'child_note';
export const deliveryJobKey = (deliveryId: string, round: number, attempt: number) =>
  `${deliveryJobKind}:${deliveryId}:${round}:${attempt}`;
export type DeliveryJob = { deliveryId: string; round: number; attempt: number };

export type Link = {
  mode: LinkMode;
  webhookUrl: string | null;
  secretCreatedAt: Date | null;
};

/** Who acknowledged (null: Oversight itself, in a job or on lock) and the request, if any. */
type Acknowledger = { actorUserId: string | null; requestId?: string | undefined };

/** How long a replaced signing secret still signs beside the new one. */
export const previousSecretHours = 24;

/** The replaced secret while it still signs, as `previous_secret`. */
const previousSecret = (table: string) =>
  `CASE WHEN ${table}.previous_secret_until > now() THEN ${table}.previous_secret END AS previous_secret`;

/** Undelivered, and in no export waiting to be confirmed (a confirmed one delivers its notes). */
const free = (alias: string) => `${alias}.state <> 'delivered' AND ${alias}.export_id IS NULL`;

/**
 * Acknowledges deliveries: delivered on `date` through `channel`, and their records on the
 * child's record from that date unless they were already. One audit entry per record.
 */
async function acknowledge(
  client: pg.PoolClient,
  organisationId: string,
  ids: readonly string[],
  date: IsoDate,
  channel: LinkMode,
  by: Acknowledger,
): Promise<number> {
  if (ids.length === 0) return 0;
  const { rows } = await client.query(
    `UPDATE child_note_delivery SET state = 'delivered', channel = $4, acknowledged_on = $3,
       next_attempt_at = NULL, updated_at = now()
     WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND state <> 'delivered'
     RETURNING record_id, idempotency_key`,
    [organisationId, ids, date, channel],
  );
  const byRecord = new Map<string, string[]>();
  for (const row of rows)
    byRecord.set(row.record_id, [...(byRecord.get(row.record_id) ?? []), row.idempotency_key]);
  if (byRecord.size === 0) return 0;
  await markOnChildRecord(client, organisationId, [...byRecord.keys()]);
  for (const [recordId, notes] of byRecord)
    await appendAuditEvent(client, {
      organisationId,
      actorUserId: by.actorUserId,
      action: 'child_note.acknowledged',
      resourceType: 'supervision_record',
      resourceId: recordId,
      detail: { channel, acknowledgedOn: date, notes },
      requestId: by.requestId ?? null,
    });
  return rows.length;
}

/**
 * Dates records on the child's record once every delivery of one of their versions is delivered
 * (each child it names), on the latest of those acknowledgements; a date already set stays.
 * The records' rows are locked first, in order, so two deliveries of one version acknowledged
 * at the same moment serialise here and the second sees the first: the date is never missed.
 */
async function markOnChildRecord(client: Queryable, organisationId: string, recordIds: string[]) {
  await client.query(
    `SELECT id FROM supervision_record WHERE organisation_id = $1 AND id = ANY($2::uuid[])
     ORDER BY id FOR UPDATE`,
    [organisationId, recordIds],
  );
  await client.query(
    `UPDATE supervision_record r SET on_child_record_on = coalesce(r.on_child_record_on, done.on),
       updated_at = now()
     FROM (SELECT record_id, min(last_on) AS on FROM (
             SELECT record_id, max(acknowledged_on) AS last_on FROM child_note_delivery
             WHERE organisation_id = $1 AND record_id = ANY($2::uuid[])
             GROUP BY record_id, version HAVING bool_and(state = 'delivered')) versions
           GROUP BY record_id) done
     WHERE r.organisation_id = $1 AND r.id = done.record_id AND r.on_child_record_on IS NULL`,
    [organisationId, recordIds],
  );
}

/** Queues a `child_note` job for each delivery still pending: a new round, from attempt 1. */
async function queueForWebhook(client: Queryable, organisationId: string, ids: readonly string[]) {
  if (ids.length === 0) return 0;
  const { rows } = await client.query(
    `UPDATE child_note_delivery SET round = round + 1, attempts = 0, next_attempt_at = now(),
       updated_at = now()
     WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND state = 'pending'
     RETURNING id, round`,
    [organisationId, ids],
  );
  const jobs = rows.map(
    (row): DeliveryJob => ({ deliveryId: row.id, round: row.round, attempt: 1 }),
  );
  // One insert for the lot (a change of mode can queue a backlog); keys made as every job's are.
  const { rowCount } = await client.query(
    `INSERT INTO job (organisation_id, kind, payload, dedupe_key, run_at)
     SELECT $1, $2, payload, key, now() FROM unnest($3::jsonb[], $4::text[]) AS j(payload, key)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      organisationId,
      deliveryJobKind,
      jobs.map((job) => JSON.stringify(job)),
      jobs.map((job) => deliveryJobKey(job.deliveryId, job.round, job.attempt)),
    ],
  );
  return rowCount ?? 0;
}

/** Sends deliveries as the link says: queued for the webhook, acknowledged, or left for export. */
async function dispatch(
  client: pg.PoolClient,
  organisationId: string,
  mode: LinkMode,
  ids: readonly string[],
  today: IsoDate,
  by: Acknowledger,
): Promise<number> {
  if (mode === 'webhook') return queueForWebhook(client, organisationId, ids);
  if (mode === 'oversight') return acknowledge(client, organisationId, ids, today, 'oversight', by);
  return 0;
}

/**
 * The link's row (made if missing), locked: SHARE by a lock or a retry, which read the mode,
 * UPDATE by a change of the link. So a change of mode and a lock serialise, and whichever
 * commits second sees the other's rows: no note is left waiting under a mode that has gone.
 */
async function lockedLink(client: pg.PoolClient, organisationId: string, lock: 'SHARE' | 'UPDATE') {
  await client.query(
    'INSERT INTO child_record_link (organisation_id) VALUES ($1) ON CONFLICT DO NOTHING',
    [organisationId],
  );
  const { rows } = await client.query(
    `SELECT mode, webhook_url FROM child_record_link WHERE organisation_id = $1 FOR ${lock}`,
    [organisationId],
  );
  return rows[0] as { mode: LinkMode; webhook_url: string | null };
}

/**
 * In the transaction that locks a version: one delivery for each child the record names, when
 * it is of a kind kept on the child's record, sent the way the organisation's link says. An
 * amendment's version is a new delivery of its own. Returns how many were written.
 */
export async function queueChildNotes(
  client: pg.PoolClient,
  organisationId: string,
  recordId: string,
  version: number,
  today: IsoDate,
): Promise<number> {
  const { rows } = await client.query(
    `INSERT INTO child_note_delivery (organisation_id, idempotency_key, record_id, version, child_id)
     SELECT r.organisation_id, r.id::text || '.' || $3::int || '.' || rc.child_id::text, r.id, $3,
       rc.child_id
     FROM supervision_record r
     JOIN record_child rc ON rc.organisation_id = r.organisation_id AND rc.record_id = r.id
     WHERE r.organisation_id = $1 AND r.id = $2 AND r.kind = ANY($4::text[])
     ORDER BY rc.position
     ON CONFLICT (organisation_id, idempotency_key) DO NOTHING
     RETURNING id`,
    [organisationId, recordId, version, childRecordKinds],
  );
  if (rows.length === 0) return 0;
  const { mode } = await lockedLink(client, organisationId, 'SHARE');
  const ids = rows.map((row) => row.id as string);
  await dispatch(client, organisationId, mode, ids, today, { actorUserId: null });
  return ids.length;
}

export type DeliveryRow = {
  id: string;
  idempotencyKey: string;
  recordId: string;
  recordKind: RecordKind;
  recordDate: IsoDate;
  version: number;
  childId: string;
  childCaseId: string;
  state: DeliveryState;
  channel: LinkMode | null;
  acknowledgedOn: IsoDate | null;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  exportId: string | null;
  exportCreatedOn: IsoDate | null;
  createdAt: Date;
};

export type ExportBatch = {
  id: string;
  createdOn: IsoDate;
  createdAt: Date;
  confirmedOn: IsoDate | null;
  discarded: boolean;
  notes: number;
};

/** A delivery as its job finds it, with where to send it. */
export type Sending = {
  id: string;
  state: DeliveryState;
  round: number;
  attempts: number;
  recordId: string;
  inExport: boolean;
  mode: LinkMode;
  webhookUrl: string | null;
  secret: string | null;
  /** The secret a rotation replaced, while it still signs beside the new one. */
  previousSecret: string | null;
  timeZone: string;
};

/** What a note is made of, as stored (the service adds the link). */
export type StoredNoteSource = Omit<NoteSource, 'link'> & { deliveryId: string };

/** What an attempt came to, as the job records it. */
export type AttemptResult = {
  status: number | null;
  error: string | null;
  at: Date;
} & (
  | { step: 'delivered'; acknowledgedOn: IsoDate }
  | { step: 'retry'; nextAt: Date }
  | { step: 'failed' }
);

export function childRecordRepository(db: pg.Pool) {
  return {
    async link(organisationId: string): Promise<Link> {
      const { rows } = await db.query(
        `SELECT mode, webhook_url, secret_created_at FROM child_record_link
         WHERE organisation_id = $1`,
        [organisationId],
      );
      const row = rows[0];
      return {
        mode: (row?.mode as LinkMode | undefined) ?? 'export',
        webhookUrl: row?.webhook_url ?? null,
        secretCreatedAt: row?.secret_created_at ?? null,
      };
    },

    /**
     * Saves the link. `secret` is kept only when the link has none yet (`secretMade`). When
     * the mode or the webhook's address changes, the notes waiting are sent the new way: queued
     * afresh for the webhook (pending ones), or acknowledged where Oversight is the child's
     * record (failed ones too); an export waiting for confirmation keeps its notes.
     */
    async saveLink(
      organisationId: string,
      input: { mode: LinkMode; webhookUrl: string | null; secret: string | null; today: IsoDate },
      audit: ChangeAudit,
    ): Promise<{ resent: number; secretMade: boolean }> {
      return inTransaction(db, async (client) => {
        const before = await lockedLink(client, organisationId, 'UPDATE');
        const { rows: saved } = await client.query(
          `UPDATE child_record_link SET mode = $2, webhook_url = coalesce($3, webhook_url),
             signing_secret = coalesce(signing_secret, $4),
             secret_created_at = CASE WHEN signing_secret IS NULL AND $4::text IS NOT NULL
               THEN now() ELSE secret_created_at END,
             updated_by = $5, updated_at = now()
           WHERE organisation_id = $1
           RETURNING coalesce(signing_secret = $4::text, false) AS secret_made`,
          [organisationId, input.mode, input.webhookUrl, input.secret, audit.actorUserId],
        );
        const secretMade = saved[0].secret_made as boolean;
        const moved =
          before.mode !== input.mode ||
          (input.mode === 'webhook' && before.webhook_url !== input.webhookUrl);
        let resent = 0;
        if (moved && input.mode !== 'export') {
          const states = input.mode === 'webhook' ? ['pending'] : ['pending', 'failed'];
          const { rows } = await client.query(
            `SELECT id FROM child_note_delivery d WHERE d.organisation_id = $1 AND ${free('d')}
               AND d.state = ANY($2::text[])`,
            [organisationId, states],
          );
          resent = await dispatch(
            client,
            organisationId,
            input.mode,
            rows.map((row) => row.id),
            input.today,
            audit,
          );
        }
        await auditChange(client, organisationId, 'child_record_link', organisationId, {
          ...audit,
          detail: {
            mode: input.mode,
            ...(input.webhookUrl ? { webhookOrigin: new URL(input.webhookUrl).origin } : {}),
            secretMade,
            resent,
          },
        });
        return { resent, secretMade };
      });
    },

    /** The webhook's address and signing secret, when the link is a webhook. */
    async webhook(organisationId: string) {
      const { rows } = await db.query(
        `SELECT webhook_url, signing_secret, ${previousSecret('child_record_link')}
         FROM child_record_link WHERE organisation_id = $1 AND mode = 'webhook'`,
        [organisationId],
      );
      const row = rows[0];
      if (!row?.webhook_url || !row.signing_secret) return undefined;
      return {
        url: row.webhook_url as string,
        secret: row.signing_secret as string,
        previousSecret: (row.previous_secret as string | null) ?? null,
      };
    },

    /** A new signing secret; the old one signs beside it for `previousSecretHours`. */
    async rotateSecret(organisationId: string, secret: string, audit: ChangeAudit) {
      await inTransaction(db, async (client) => {
        await lockedLink(client, organisationId, 'UPDATE');
        await client.query(
          `UPDATE child_record_link SET previous_secret = signing_secret,
             previous_secret_until = now() + make_interval(hours => $4),
             signing_secret = $2, secret_created_at = now(), updated_by = $3, updated_at = now()
           WHERE organisation_id = $1`,
          [organisationId, secret, audit.actorUserId, previousSecretHours],
        );
        await auditChange(client, organisationId, 'child_record_link', organisationId, audit);
      });
    },

    /** How many deliveries are in each state, and how many wait in an unconfirmed export. */
    async counts(organisationId: string) {
      const { rows } = await db.query(
        `SELECT state, count(*)::int AS n, count(*) FILTER (WHERE export_id IS NOT NULL
           AND state <> 'delivered')::int AS in_export
         FROM child_note_delivery WHERE organisation_id = $1 GROUP BY state`,
        [organisationId],
      );
      const counts = { pending: 0, delivered: 0, failed: 0, inExport: 0 };
      for (const row of rows) {
        counts[row.state as DeliveryState] = row.n;
        counts.inExport += row.in_export;
      }
      return counts;
    },

    /** Deliveries newest first, all or in one state, a page at a time. */
    async list(
      organisationId: string,
      filter: { state?: DeliveryState | undefined; limit: number; offset: number },
    ): Promise<DeliveryRow[]> {
      const { rows } = await db.query(
        `SELECT d.*, r.kind, r.meeting_date, c.case_id, e.created_on AS export_created_on
         FROM child_note_delivery d
         JOIN supervision_record r ON r.organisation_id = d.organisation_id AND r.id = d.record_id
         JOIN child c ON c.organisation_id = d.organisation_id AND c.id = d.child_id
         LEFT JOIN child_note_export e ON e.organisation_id = d.organisation_id
           AND e.id = d.export_id
         WHERE d.organisation_id = $1 AND ($2::text IS NULL OR d.state = $2)
         ORDER BY d.created_at DESC, d.id DESC LIMIT $3 OFFSET $4`,
        [organisationId, filter.state ?? null, filter.limit, filter.offset],
      );
      return rows.map(
        (row): DeliveryRow => ({
          id: row.id,
          idempotencyKey: row.idempotency_key,
          recordId: row.record_id,
          recordKind: row.kind,
          recordDate: row.meeting_date,
          version: row.version,
          childId: row.child_id,
          childCaseId: row.case_id,
          state: row.state,
          channel: row.channel ?? null,
          acknowledgedOn: row.acknowledged_on ?? null,
          attempts: row.attempts,
          lastStatus: row.last_status ?? null,
          lastError: row.last_error ?? null,
          lastAttemptAt: row.last_attempt_at ?? null,
          nextAttemptAt: row.next_attempt_at ?? null,
          exportId: row.export_id ?? null,
          exportCreatedOn: row.export_created_on ?? null,
          createdAt: row.created_at,
        }),
      );
    },

    /** A delivery as its job finds it: its state, round, attempts, and the link to send by. */
    async sending(organisationId: string, id: string): Promise<Sending | undefined> {
      const { rows } = await db.query(
        `SELECT d.id, d.state, d.round, d.attempts, d.record_id, d.export_id, l.mode,
           l.webhook_url, l.signing_secret, ${previousSecret('l')}, o.time_zone
         FROM child_note_delivery d
         JOIN organisation o ON o.id = d.organisation_id
         LEFT JOIN child_record_link l ON l.organisation_id = d.organisation_id
         WHERE d.organisation_id = $1 AND d.id = $2`,
        [organisationId, id],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: row.id,
        state: row.state,
        round: row.round,
        attempts: row.attempts,
        recordId: row.record_id,
        inExport: row.export_id !== null && row.state !== 'delivered',
        mode: row.mode ?? 'export',
        webhookUrl: row.webhook_url ?? null,
        secret: row.signing_secret ?? null,
        previousSecret: row.previous_secret ?? null,
        timeZone: row.time_zone,
      };
    },

    /** The notes already made for these deliveries, by delivery id. */
    async storedNotes(organisationId: string, ids: readonly string[]) {
      const { rows } = await db.query(
        `SELECT id, note FROM child_note_delivery
         WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND note IS NOT NULL`,
        [organisationId, ids],
      );
      return new Map(rows.map((row) => [row.id as string, row.note as ChildNote]));
    },

    /** What the notes of these deliveries are made of: their versions, children and names. */
    async noteSources(organisationId: string, ids: readonly string[]): Promise<StoredNoteSource[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query(
        `SELECT d.id AS delivery_id, d.record_id, d.version, d.child_id, c.external_id, c.case_id,
           r.meeting_date, v.template, v.headline, v.answers, v.actions, v.reviews, v.locked_at,
           a.name AS author_name
         FROM child_note_delivery d
         JOIN supervision_record r ON r.organisation_id = d.organisation_id AND r.id = d.record_id
         JOIN record_version v ON v.organisation_id = d.organisation_id
           AND v.record_id = d.record_id AND v.version = d.version
         JOIN child c ON c.organisation_id = d.organisation_id AND c.id = d.child_id
         LEFT JOIN staff_member a ON a.organisation_id = r.organisation_id AND a.id = r.author_id
         WHERE d.organisation_id = $1 AND d.id = ANY($2::uuid[])
         ORDER BY d.created_at, d.id`,
        [organisationId, ids],
      );
      const content = (row: Record<string, unknown>): RecordContent => ({
        answers: row.answers as RecordContent['answers'],
        actions: row.actions as RecordContent['actions'],
        reviews: row.reviews as RecordContent['reviews'],
      });
      const ownerIds = new Set<string>();
      const actionIds = new Set<string>();
      for (const row of rows) {
        for (const action of content(row).actions) if (action.ownerId) ownerIds.add(action.ownerId);
        for (const review of content(row).reviews) actionIds.add(review.actionId);
      }
      const [owners, actions] = await Promise.all([
        db.query(
          'SELECT id, name FROM staff_member WHERE organisation_id = $1 AND id = ANY($2::uuid[])',
          [organisationId, [...ownerIds]],
        ),
        db.query(
          `SELECT id, description, child_id FROM supervision_action
           WHERE organisation_id = $1 AND id = ANY($2::uuid[])`,
          [organisationId, [...actionIds]],
        ),
      ]);
      const ownerNames = new Map(owners.rows.map((row) => [row.id as string, row.name as string]));
      const reviewed = new Map(
        actions.rows.map((row): [string, ReviewedAction] => [
          row.id,
          { description: row.description, childId: row.child_id ?? null },
        ]),
      );
      return rows.map((row) => ({
        deliveryId: row.delivery_id,
        recordId: row.record_id,
        version: row.version,
        date: row.meeting_date,
        template: row.template,
        headline: row.headline,
        content: content(row),
        authorName: row.author_name ?? null,
        agreedAt: (row.locked_at as Date).toISOString(),
        child: { id: row.child_id, externalId: row.external_id, caseId: row.case_id },
        ownerNames,
        reviewed,
      }));
    },

    /** Keeps each note as first made: a note already kept stays as it was. */
    async storeNotes(organisationId: string, notes: { id: string; note: ChildNote }[]) {
      if (notes.length === 0) return;
      await db.query(
        `UPDATE child_note_delivery d SET note = x.note, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, note jsonb)
         WHERE d.organisation_id = $1 AND d.id = x.id AND d.note IS NULL`,
        [organisationId, JSON.stringify(notes)],
      );
    },

    /**
     * Records attempt `job.attempt` of a round and what follows, in one transaction: delivered
     * (the record on the child's record, audited), the next attempt queued, or failed (the
     * author and the supervisor told). False when the delivery had moved on meanwhile (another
     * round, or this attempt recorded already): nothing is written.
     */
    async recordAttempt(
      organisationId: string,
      job: DeliveryJob,
      result: AttemptResult,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query(
          `UPDATE child_note_delivery SET attempts = $4, last_attempt_at = $5, last_status = $6,
             last_error = coalesce($7, last_error),
             state = CASE WHEN $8 = 'failed' THEN 'failed' ELSE state END,
             next_attempt_at = $9, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 AND state = 'pending' AND round = $3
             AND attempts = $4 - 1 AND export_id IS NULL
           RETURNING record_id`,
          [
            organisationId,
            job.deliveryId,
            job.round,
            job.attempt,
            result.at,
            result.status,
            result.error,
            result.step,
            result.step === 'retry' ? result.nextAt : null,
          ],
        );
        if (!rows[0]) throw new Rollback(false);
        const recordId = rows[0].record_id as string;
        if (result.step === 'delivered')
          await acknowledge(
            client,
            organisationId,
            [job.deliveryId],
            result.acknowledgedOn,
            'webhook',
            {
              actorUserId: null,
            },
          );
        if (result.step === 'retry') {
          const next: DeliveryJob = { ...job, attempt: job.attempt + 1 };
          await enqueueJob(client, {
            organisationId,
            kind: deliveryJobKind,
            payload: next,
            dedupeKey: deliveryJobKey(next.deliveryId, next.round, next.attempt),
            runAt: result.nextAt,
          });
        }
        if (result.step === 'failed') {
          await queueNotice(
            client,
            organisationId,
            { kind: 'child_note_failed', recordId, deliveryId: job.deliveryId },
            `${job.deliveryId}.${job.round}`,
          );
          await appendAuditEvent(client, {
            organisationId,
            actorUserId: null,
            action: 'child_note.failed',
            resourceType: 'supervision_record',
            resourceId: recordId,
            detail: { deliveryId: job.deliveryId, attempts: job.attempt, status: result.status },
          });
        }
        return true;
      });
    },

    /**
     * Puts a failed delivery back to pending and sends it the way the link now says. Not for
     * one in an export waiting to be confirmed.
     */
    async tryAgain(
      organisationId: string,
      id: string,
      today: IsoDate,
      audit: ChangeAudit,
    ): Promise<'queued' | 'not_failed'> {
      return inTransaction(db, async (client) => {
        const { mode } = await lockedLink(client, organisationId, 'SHARE');
        const { rows } = await client.query(
          `UPDATE child_note_delivery SET state = 'pending', updated_at = now()
           WHERE organisation_id = $1 AND id = $2 AND state = 'failed' AND export_id IS NULL
           RETURNING record_id`,
          [organisationId, id],
        );
        if (!rows[0]) throw new Rollback('not_failed' as const);
        await dispatch(client, organisationId, mode, [id], today, audit);
        await auditChange(client, organisationId, 'supervision_record', rows[0].record_id, {
          ...audit,
          detail: { ...audit.detail, deliveryId: id, mode },
        });
        return 'queued' as const;
      });
    },

    /**
     * Puts every failed delivery (not in an export waiting to be confirmed) back to pending and
     * sends them the way the link now says, in one transaction with one audit entry.
     */
    async tryAgainAll(organisationId: string, today: IsoDate, audit: ChangeAudit): Promise<number> {
      return inTransaction(db, async (client) => {
        const { mode } = await lockedLink(client, organisationId, 'SHARE');
        const { rows } = await client.query(
          `UPDATE child_note_delivery SET state = 'pending', updated_at = now()
           WHERE organisation_id = $1 AND state = 'failed' AND export_id IS NULL
           RETURNING id`,
          [organisationId],
        );
        const ids = rows.map((row) => row.id as string);
        await dispatch(client, organisationId, mode, ids, today, audit);
        await auditChange(client, organisationId, 'child_record_link', organisationId, {
          ...audit,
          detail: { ...audit.detail, mode, notes: ids.length, deliveryIds: ids },
        });
        return ids.length;
      });
    },

    /**
     * A new export of every note not delivered and in no export waiting for confirmation
     * (failed ones too, which go back to pending); undefined when there are none.
     */
    async createExport(
      organisationId: string,
      today: IsoDate,
      audit: Omit<ChangeAudit, 'actorUserId'> & { actorUserId: string | null },
    ): Promise<{ id: string; notes: number } | undefined> {
      return inTransaction(db, async (client) => {
        // Under the link's lock, so a change to the webhook cannot slip in between the check
        // and the export; an attempt in flight that answers later finds its note taken.
        const { mode } = await lockedLink(client, organisationId, 'SHARE');
        if (mode !== 'export') throw new Rollback(undefined);
        const { rows } = await client.query(
          `INSERT INTO child_note_export (organisation_id, created_on, created_by)
           VALUES ($1, $2, $3) RETURNING id`,
          [organisationId, today, audit.actorUserId],
        );
        const id = rows[0].id as string;
        const { rowCount } = await client.query(
          `UPDATE child_note_delivery d SET export_id = $2, state = 'pending',
             next_attempt_at = NULL, updated_at = now()
           WHERE d.organisation_id = $1 AND ${free('d')}`,
          [organisationId, id],
        );
        if (!rowCount) throw new Rollback(undefined);
        await appendAuditEvent(client, {
          organisationId,
          actorUserId: audit.actorUserId,
          action: audit.action,
          resourceType: 'child_note_export',
          resourceId: id,
          detail: { ...audit.detail, notes: rowCount },
          requestId: audit.requestId ?? null,
        });
        return { id, notes: rowCount };
      });
    },

    async exports(organisationId: string, limit = 20): Promise<ExportBatch[]> {
      const { rows } = await db.query(
        `SELECT e.id, e.created_on, e.created_at, e.confirmed_on, e.discarded_at,
           (SELECT count(*)::int FROM child_note_delivery d
            WHERE d.organisation_id = e.organisation_id AND d.export_id = e.id) AS notes
         FROM child_note_export e WHERE e.organisation_id = $1
         ORDER BY e.created_at DESC, e.id LIMIT $2`,
        [organisationId, limit],
      );
      return rows.map((row) => ({
        id: row.id,
        createdOn: row.created_on,
        createdAt: row.created_at,
        confirmedOn: row.confirmed_on ?? null,
        discarded: row.discarded_at !== null,
        notes: row.notes,
      }));
    },

    /** An export and its deliveries, oldest first (the order of its rows). */
    async export(organisationId: string, id: string) {
      const { rows } = await db.query(
        `SELECT e.id, e.created_on, e.created_at, e.confirmed_on, e.discarded_at,
           coalesce((SELECT array_agg(d.id ORDER BY d.created_at, d.id) FROM child_note_delivery d
             WHERE d.organisation_id = e.organisation_id AND d.export_id = e.id
               AND (d.state <> 'delivered' OR d.channel = 'export')), '{}') AS ids
         FROM child_note_export e WHERE e.organisation_id = $1 AND e.id = $2`,
        [organisationId, id],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: row.id as string,
        createdOn: row.created_on as IsoDate,
        confirmedOn: (row.confirmed_on as IsoDate | null) ?? null,
        discarded: row.discarded_at !== null,
        deliveryIds: row.ids as string[],
      };
    },

    /**
     * Discards an export not yet confirmed: its notes are freed for the next export (the file
     * is not to be imported). Undefined when it was confirmed or discarded already.
     */
    async discardExport(
      organisationId: string,
      id: string,
      audit: ChangeAudit,
    ): Promise<number | undefined> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE child_note_export SET discarded_by = $3, discarded_at = now()
           WHERE organisation_id = $1 AND id = $2 AND confirmed_on IS NULL AND discarded_at IS NULL`,
          [organisationId, id, audit.actorUserId],
        );
        if (!rowCount) throw new Rollback(undefined);
        const freed = await client.query(
          `UPDATE child_note_delivery SET export_id = NULL, updated_at = now()
           WHERE organisation_id = $1 AND export_id = $2 AND state <> 'delivered'`,
          [organisationId, id],
        );
        await auditChange(client, organisationId, 'child_note_export', id, {
          ...audit,
          detail: { ...audit.detail, freed: freed.rowCount ?? 0 },
        });
        return freed.rowCount ?? 0;
      });
    },

    /** Confirms an export imported on `importedOn`: its notes delivered that day. */
    async confirmExport(
      organisationId: string,
      id: string,
      importedOn: IsoDate,
      audit: ChangeAudit,
    ): Promise<number | undefined> {
      const today = importedOn;
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE child_note_export SET confirmed_on = $3, confirmed_by = $4, confirmed_at = now()
           WHERE organisation_id = $1 AND id = $2 AND confirmed_on IS NULL
             AND discarded_at IS NULL`,
          [organisationId, id, today, audit.actorUserId],
        );
        if (!rowCount) throw new Rollback(undefined);
        const { rows } = await client.query(
          `SELECT id FROM child_note_delivery WHERE organisation_id = $1 AND export_id = $2
             AND state <> 'delivered'`,
          [organisationId, id],
        );
        const delivered = await acknowledge(
          client,
          organisationId,
          rows.map((row) => row.id),
          today,
          'export',
          audit,
        );
        await auditChange(client, organisationId, 'child_note_export', id, {
          ...audit,
          detail: { ...audit.detail, delivered },
        });
        return delivered;
      });
    },

    /** What the failure notice says, and to whom: the author and the supervisee's supervisors. */
    async failure(organisationId: string, id: string) {
      const { rows } = await db.query(
        `SELECT d.state, d.round, d.attempts, d.last_status, r.id AS record_id, r.kind,
           r.meeting_date, r.author_id, a.name AS author_name,
           coalesce((SELECT array_agg(DISTINCT sr.supervisor_id::text)
             FROM record_staff rs JOIN supervisory_relationship sr
               ON sr.organisation_id = rs.organisation_id AND sr.supervisee_id = rs.staff_id
             WHERE rs.organisation_id = r.organisation_id AND rs.record_id = r.id
               AND rs.position = 0 AND NOT (r.kind = ANY($3::text[]))
               AND sr.starts_on <= current_date
               AND (sr.ends_on IS NULL OR sr.ends_on >= current_date)), '{}') AS supervisor_ids
         FROM child_note_delivery d
         JOIN supervision_record r ON r.organisation_id = d.organisation_id AND r.id = d.record_id
         LEFT JOIN staff_member a ON a.organisation_id = r.organisation_id AND a.id = r.author_id
         WHERE d.organisation_id = $1 AND d.id = $2`,
        [organisationId, id, groupKinds],
      );
      const row = rows[0];
      if (!row) return undefined;
      const recipientIds = [row.author_id, ...(row.supervisor_ids as string[])].filter(
        (staffId): staffId is string => typeof staffId === 'string',
      );
      return {
        state: row.state as DeliveryState,
        round: row.round as number,
        attempts: row.attempts as number,
        lastStatus: (row.last_status as number | null) ?? null,
        recordId: row.record_id as string,
        recordKind: row.kind as RecordKind,
        meetingDate: row.meeting_date as IsoDate,
        authorName: (row.author_name as string | null) ?? null,
        recipientIds: [...new Set(recipientIds)],
      };
    },
  };
}

export type ChildRecordRepository = ReturnType<typeof childRecordRepository>;
