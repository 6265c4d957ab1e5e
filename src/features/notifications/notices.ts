/**
 * What other features say happened, for the notifications worker to tell people about: each
 * notice is a job queued in the same transaction as the change it reports, so a change that
 * rolls back notifies no one and a committed one is never lost. The job's dedupe key makes
 * queueing the same notice twice a no-op.
 */
import type pg from 'pg';

export type Notice =
  | { kind: 'session_booked' | 'session_changed' | 'session_cancelled'; sessionId: string }
  | { kind: 'agreement_awaiting_signature'; agreementId: string }
  | { kind: 'record_awaiting_signature'; recordId: string }
  /** A supervisee's disagreement taken to the supervisor's line manager. */
  | { kind: 'record_escalated'; recordId: string; escalationId: string }
  /** A note that could not be delivered to the child's record (docs/child-record.md). */
  | { kind: 'child_note_failed'; recordId: string; deliveryId: string };

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Queues a notice. `revision` distinguishes successive notices about the same thing (a
 * session changed twice); pass something that changes with each change, such as updated_at.
 */
export async function queueNotice(
  db: Queryable,
  organisationId: string,
  notice: Notice,
  revision: string,
): Promise<void> {
  const subject =
    'sessionId' in notice
      ? notice.sessionId
      : 'agreementId' in notice
        ? notice.agreementId
        : notice.recordId;
  await db.query(
    `INSERT INTO job (organisation_id, kind, payload, dedupe_key)
     VALUES ($1, 'notice', $2, $3) ON CONFLICT (dedupe_key) DO NOTHING`,
    [organisationId, JSON.stringify(notice), `notice:${notice.kind}:${subject}:${revision}`],
  );
}
