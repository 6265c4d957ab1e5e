/**
 * Notifications in the app (table `notification`), and the one transaction in which a job
 * writes everything it does: notifications, emails, follow-up jobs, invitation sequence numbers
 * and its audit event. Each write has its own dedupe key, so a job run again after a crash
 * between its effects and being marked done writes nothing twice.
 */
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import { type AuditEntry, appendAuditEvent } from './audit-log-repository.ts';
import { calendarSession } from './calendar-feed-repository.ts';
import { insertEmail, type NewEmail } from './email-repository.ts';
import { enqueueJob, type NewJob } from './job-repository.ts';
import { auditChange, type ChangeAudit, inTransaction } from './transaction.ts';

export type Notification = {
  id: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
};

export type NewNotification = {
  organisationId: string;
  recipientUserId: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
  dedupeKey: string;
  createdAt: Date;
};

/** A person to tell: their account, the address to write to and the name to greet. */
export type Recipient = { userId: string; email: string; name: string };

/** What a job may do inside its one transaction. */
export type Delivery = {
  /** True when the notification was new. */
  notify(notification: NewNotification): Promise<boolean>;
  /** The message's id when it was new. */
  email(email: NewEmail): Promise<string | undefined>;
  enqueue(job: NewJob): Promise<boolean>;
  /**
   * The SEQUENCE of the session's invitation for this revision: the number it was given
   * before, or one more than the session's newest (0 for the first).
   */
  invitationSequence(organisationId: string, sessionId: string, revision: string): Promise<number>;
  audit(entry: AuditEntry): Promise<void>;
};

type Queryable = Pick<pg.PoolClient, 'query'>;

function toNotification(row: Record<string, unknown>): Notification {
  return {
    id: row.id as string,
    kind: row.kind as string,
    subject: row.subject as string,
    body: row.body as string,
    link: (row.link as string | null) ?? null,
    createdAt: row.created_at as Date,
    readAt: (row.read_at as Date | null) ?? null,
  };
}

const recipientColumns = `u.id AS user_id, u.email, coalesce(st.name, u.display_name) AS name,
  st.external_id AS staff_external_id`;
const recipientFrom = `user_account u LEFT JOIN staff_member st
  ON st.organisation_id = u.organisation_id AND st.id = u.staff_member_id`;

function toRecipient(row: Record<string, unknown>): Recipient {
  return { userId: row.user_id as string, email: row.email as string, name: row.name as string };
}

/** The live accounts of these staff members (by uuid), in the order given. */
async function recipientsForStaff(
  db: Queryable,
  organisationId: string,
  staffIds: readonly string[],
): Promise<Recipient[]> {
  if (staffIds.length === 0) return [];
  const { rows } = await db.query(
    `SELECT ${recipientColumns} FROM ${recipientFrom}
     WHERE u.organisation_id = $1 AND u.staff_member_id = ANY($2::uuid[])
       AND u.disabled_at IS NULL
     ORDER BY array_position($2::uuid[], u.staff_member_id), u.created_at`,
    [organisationId, staffIds],
  );
  return rows.map(toRecipient);
}

export function notificationRepository(pool: pg.Pool) {
  return {
    /** Runs a job's effects in one transaction. */
    deliver<T>(work: (delivery: Delivery) => Promise<T>): Promise<T> {
      return inTransaction(pool, (client) =>
        work({
          async notify(n) {
            const { rowCount } = await client.query(
              `INSERT INTO notification (organisation_id, recipient_user_id, kind, subject, body,
                 link, dedupe_key, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (organisation_id, dedupe_key) DO NOTHING`,
              [
                n.organisationId,
                n.recipientUserId,
                n.kind,
                n.subject,
                n.body,
                n.link,
                n.dedupeKey,
                n.createdAt,
              ],
            );
            return rowCount === 1;
          },
          email: (email) => insertEmail(client, email),
          enqueue: (job) => enqueueJob(client, job),
          async invitationSequence(organisationId, sessionId, revision) {
            // Serialises the session's invitations, so two changes never take one number.
            await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, 51))', [
              sessionId,
            ]);
            const { rows } = await client.query(
              `WITH given AS (
                 INSERT INTO session_invitation_sequence (organisation_id, session_id, revision, sequence)
                 SELECT $1, $2, $3, coalesce(max(sequence) + 1, 0)
                 FROM session_invitation_sequence WHERE organisation_id = $1 AND session_id = $2
                 ON CONFLICT (organisation_id, session_id, revision) DO NOTHING
                 RETURNING sequence)
               SELECT sequence FROM given
               UNION ALL
               SELECT sequence FROM session_invitation_sequence
               WHERE organisation_id = $1 AND session_id = $2 AND revision = $3`,
              [organisationId, sessionId, revision],
            );
            return rows[0].sequence as number;
          },
          audit: (entry) => appendAuditEvent(client, entry),
        }),
      );
    },

    // Reads for the jobs -------------------------------------------------------------------

    session: (organisationId: string, sessionId: string) =>
      calendarSession(pool, organisationId, sessionId),

    recipientsForStaff: (organisationId: string, staffIds: readonly string[]) =>
      recipientsForStaff(pool, organisationId, staffIds),

    /** An agreement with its two parties and who has signed. */
    async agreement(organisationId: string, agreementId: string) {
      const { rows } = await pool.query(
        `SELECT a.id, a.version, a.status, a.supervisee_signed_at, a.supervisor_signed_at,
           r.supervisee_id, r.supervisor_id, ee.name AS supervisee_name, er.name AS supervisor_name
         FROM supervision_agreement a
         JOIN supervisory_relationship r
           ON r.organisation_id = a.organisation_id AND r.id = a.relationship_id
         JOIN staff_member ee ON ee.organisation_id = r.organisation_id AND ee.id = r.supervisee_id
         JOIN staff_member er ON er.organisation_id = r.organisation_id AND er.id = r.supervisor_id
         WHERE a.organisation_id = $1 AND a.id = $2`,
        [organisationId, agreementId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: row.id as string,
        version: row.version as number,
        status: row.status as string,
        supervisee: {
          id: row.supervisee_id as string,
          name: row.supervisee_name as string,
          signedAt: (row.supervisee_signed_at as Date | null) ?? null,
        },
        supervisor: {
          id: row.supervisor_id as string,
          name: row.supervisor_name as string,
          signedAt: (row.supervisor_signed_at as Date | null) ?? null,
        },
      };
    },

    /** A record with its author and the staff it is about (its supervisees). */
    async record(organisationId: string, recordId: string) {
      const { rows } = await pool.query(
        `SELECT r.id, r.kind, r.meeting_date, r.signed_on, r.author_id, a.name AS author_name,
           coalesce((SELECT array_agg(rs.staff_id ORDER BY rs.position) FROM record_staff rs
             WHERE rs.organisation_id = r.organisation_id AND rs.record_id = r.id), '{}') AS staff_ids,
           (SELECT coalesce(array_agg(s->>'staffId'), '{}') FROM record_version v,
              jsonb_array_elements(v.signatories) s
            WHERE v.organisation_id = r.organisation_id AND v.record_id = r.id
              AND v.status = 'shared'
              AND NOT EXISTS (SELECT 1 FROM record_signature g
                WHERE g.organisation_id = v.organisation_id AND g.record_id = v.record_id
                  AND g.version = v.version AND g.party = s->>'party')) AS awaiting_ids
         FROM supervision_record r
         LEFT JOIN staff_member a ON a.organisation_id = r.organisation_id AND a.id = r.author_id
         WHERE r.organisation_id = $1 AND r.id = $2`,
        [organisationId, recordId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: row.id as string,
        kind: row.kind as string,
        meetingDate: row.meeting_date as IsoDate,
        signedOn: (row.signed_on as IsoDate | null) ?? null,
        authorId: (row.author_id as string | null) ?? null,
        authorName: (row.author_name as string | null) ?? undefined,
        staffIds: row.staff_ids as string[],
        /** Who still has to sign the shared version, for a record written here. */
        awaitingIds: (row.awaiting_ids as string[] | null) ?? null,
      };
    },

    /** An escalated disagreement: to whom, by whom, and whether it has been answered. */
    async escalation(organisationId: string, recordId: string, escalationId: string) {
      const { rows } = await pool.query(
        `SELECT e.to_staff_id, e.response IS NOT NULL AS answered, u.display_name AS raised_by,
           r.meeting_date
         FROM record_escalation e
         JOIN supervision_record r ON r.organisation_id = e.organisation_id AND r.id = e.record_id
         LEFT JOIN user_account u ON u.organisation_id = e.organisation_id AND u.id = e.raised_by
         WHERE e.organisation_id = $1 AND e.record_id = $2 AND e.id = $3`,
        [organisationId, recordId, escalationId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        toStaffId: row.to_staff_id as string,
        answered: row.answered as boolean,
        raisedByName: (row.raised_by as string | null) ?? undefined,
        meetingDate: row.meeting_date as IsoDate,
      };
    },

    /**
     * What the daily digest needs to name things, keyed by external id (as the compliance
     * engine's obligations are): staff and team names, children's case numbers.
     */
    async directory(organisationId: string) {
      const [staff, children, teams] = await Promise.all([
        pool.query('SELECT external_id, name FROM staff_member WHERE organisation_id = $1', [
          organisationId,
        ]),
        pool.query('SELECT external_id, case_id FROM child WHERE organisation_id = $1', [
          organisationId,
        ]),
        pool.query('SELECT external_id, name FROM org_unit WHERE organisation_id = $1', [
          organisationId,
        ]),
      ]);
      const map = (rows: Record<string, string>[], value: string) =>
        new Map(rows.map((row) => [row.external_id!, row[value]!]));
      return {
        staff: map(staff.rows, 'name'),
        children: map(children.rows, 'case_id'),
        teams: map(teams.rows, 'name'),
      };
    },

    /** The live accounts of staff members named by external id, with that id. */
    async recipientsForStaffExternalIds(organisationId: string, externalIds: readonly string[]) {
      if (externalIds.length === 0) return [];
      const { rows } = await pool.query(
        `SELECT ${recipientColumns} FROM ${recipientFrom}
         WHERE u.organisation_id = $1 AND st.external_id = ANY($2::text[])
           AND u.disabled_at IS NULL
         ORDER BY st.external_id, u.created_at`,
        [organisationId, externalIds],
      );
      return rows.map((row) => ({
        ...toRecipient(row),
        staffExternalId: row.staff_external_id as string,
      }));
    },

    async recipient(organisationId: string, userId: string): Promise<Recipient | undefined> {
      const { rows } = await pool.query(
        `SELECT ${recipientColumns} FROM ${recipientFrom}
         WHERE u.organisation_id = $1 AND u.id = $2 AND u.disabled_at IS NULL`,
        [organisationId, userId],
      );
      return rows[0] ? toRecipient(rows[0]) : undefined;
    },

    // The person's own notifications ------------------------------------------------------

    async page(
      organisationId: string,
      userId: string,
      options: { limit: number; offset: number },
    ): Promise<{ notifications: Notification[]; total: number; unread: number }> {
      const [list, counts] = await Promise.all([
        pool.query(
          `SELECT * FROM notification WHERE organisation_id = $1 AND recipient_user_id = $2
           ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
          [organisationId, userId, options.limit, options.offset],
        ),
        pool.query(
          `SELECT count(*)::int AS total, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread
           FROM notification WHERE organisation_id = $1 AND recipient_user_id = $2`,
          [organisationId, userId],
        ),
      ]);
      return {
        notifications: list.rows.map(toNotification),
        total: counts.rows[0].total,
        unread: counts.rows[0].unread,
      };
    },

    async unreadCount(organisationId: string, userId: string): Promise<number> {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM notification
         WHERE organisation_id = $1 AND recipient_user_id = $2 AND read_at IS NULL`,
        [organisationId, userId],
      );
      return rows[0].n;
    },

    /**
     * Marks the person's notifications read: one (`id`) or all. Only their own: another's id
     * marks nothing. Returns how many changed; each change is audited.
     */
    async markRead(
      organisationId: string,
      userId: string,
      id: string | 'all',
      now: Date,
      audit: ChangeAudit,
    ): Promise<number> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query(
          `UPDATE notification SET read_at = $4
           WHERE organisation_id = $1 AND recipient_user_id = $2 AND read_at IS NULL
             AND ($3::uuid IS NULL OR id = $3)
           RETURNING id`,
          [organisationId, userId, id === 'all' ? null : id, now],
        );
        if (rows.length > 0)
          await auditChange(client, organisationId, 'notification', id === 'all' ? 'all' : id, {
            ...audit,
            detail: { ...audit.detail, marked: rows.length },
          });
        return rows.length;
      });
    },
  };
}
export type NotificationRepository = ReturnType<typeof notificationRepository>;
