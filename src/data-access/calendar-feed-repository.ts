/**
 * Private calendar feeds (table `calendar_feed`): the feed's address carries a random token and
 * only its SHA-256 is stored, like an API token. A person has at most one live feed; making a
 * new one ends the old. Also reads sessions as a calendar shows them, for the feed and for the
 * invitations the notification jobs send.
 */
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { SessionKind, SessionStatus } from '../domain/policy/vocabulary.ts';
import { auditChange, type ChangeAudit, inTransaction } from './transaction.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

export type CalendarSessionRow = {
  id: string;
  kind: SessionKind;
  date: IsoDate;
  startsAt: string | null;
  minutes: number | null;
  location: string | null;
  status: SessionStatus;
  rescheduledTo: IsoDate | null;
  supervisorId: string;
  supervisor: { name: string; email: string | null };
  participantIds: string[];
  participants: { name: string; email: string | null }[];
  /** The newest invitation's SEQUENCE; 0 before any. */
  sequence: number;
  updatedAt: Date;
};

// A person's address for invitations: their sign-in email, else the HR record's.
const emailOf = (staff: string) =>
  `coalesce((SELECT u.email FROM user_account u WHERE u.organisation_id = s.organisation_id
     AND u.staff_member_id = ${staff}.id AND u.disabled_at IS NULL ORDER BY u.created_at LIMIT 1),
     ${staff}.email)`;

const sessionColumns = `s.id, s.kind, s.held_on, to_char(s.starts_at, 'HH24:MI') AS starts_at,
  s.minutes, s.location, s.status, s.rescheduled_to, s.updated_at, s.supervisor_id,
  sup.name AS supervisor_name, ${emailOf('sup')} AS supervisor_email,
  coalesce((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name,
      'email', ${emailOf('p')}) ORDER BY sp.position)
    FROM session_participant sp JOIN staff_member p
      ON p.organisation_id = sp.organisation_id AND p.id = sp.staff_id
    WHERE sp.organisation_id = s.organisation_id AND sp.session_id = s.id), '[]') AS participants,
  coalesce((SELECT max(q.sequence) FROM session_invitation_sequence q
    WHERE q.organisation_id = s.organisation_id AND q.session_id = s.id), 0) AS sequence`;

const sessionFrom = `supervision_session s JOIN staff_member sup
  ON sup.organisation_id = s.organisation_id AND sup.id = s.supervisor_id`;

function toSession(row: Record<string, unknown>): CalendarSessionRow {
  const participants = row.participants as { id: string; name: string; email: string | null }[];
  return {
    id: row.id as string,
    kind: row.kind as SessionKind,
    date: row.held_on as IsoDate,
    startsAt: (row.starts_at as string | null) ?? null,
    minutes: (row.minutes as number | null) ?? null,
    location: (row.location as string | null) ?? null,
    status: row.status as SessionStatus,
    rescheduledTo: (row.rescheduled_to as IsoDate | null) ?? null,
    supervisorId: row.supervisor_id as string,
    supervisor: {
      name: row.supervisor_name as string,
      email: (row.supervisor_email as string | null) ?? null,
    },
    participantIds: participants.map((p) => p.id),
    participants: participants.map((p) => ({ name: p.name, email: p.email ?? null })),
    sequence: row.sequence as number,
    updatedAt: row.updated_at as Date,
  };
}

/** One session as a calendar shows it, or undefined. */
export async function calendarSession(
  db: Queryable,
  organisationId: string,
  sessionId: string,
): Promise<CalendarSessionRow | undefined> {
  const { rows } = await db.query(
    `SELECT ${sessionColumns} FROM ${sessionFrom} WHERE s.organisation_id = $1 AND s.id = $2`,
    [organisationId, sessionId],
  );
  return rows[0] ? toSession(rows[0]) : undefined;
}

export type FeedOwner = {
  organisationId: string;
  feedId: string;
  userId: string;
  staffMemberId: string | null;
  name: string;
};

export function calendarFeedRepository(pool: pg.Pool) {
  return {
    /** The person's live feed, if they have one (never its token: only its hash is kept). */
    async active(organisationId: string, userId: string) {
      const { rows } = await pool.query(
        `SELECT id, created_at FROM calendar_feed
         WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL
         ORDER BY created_at DESC LIMIT 1`,
        [organisationId, userId],
      );
      return rows[0]
        ? { id: rows[0].id as string, createdAt: rows[0].created_at as Date }
        : undefined;
    },

    /** Makes a new feed, ending any live one, and audits it, in one transaction. */
    async replace(
      organisationId: string,
      userId: string,
      tokenHash: string,
      audit: ChangeAudit,
    ): Promise<string> {
      return inTransaction(pool, async (client) => {
        const ended = await client.query(
          `UPDATE calendar_feed SET revoked_at = now()
           WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
          [organisationId, userId],
        );
        const { rows } = await client.query(
          `INSERT INTO calendar_feed (organisation_id, user_id, token_hash)
           VALUES ($1, $2, $3) RETURNING id`,
          [organisationId, userId, tokenHash],
        );
        const id = rows[0].id as string;
        await auditChange(client, organisationId, 'calendar_feed', id, {
          ...audit,
          detail: { ...audit.detail, replaced: ended.rowCount ?? 0 },
        });
        return id;
      });
    },

    /** Ends the person's live feed; false when they had none. */
    async revoke(organisationId: string, userId: string, audit: ChangeAudit): Promise<boolean> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query(
          `UPDATE calendar_feed SET revoked_at = now()
           WHERE organisation_id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
          [organisationId, userId],
        );
        for (const row of rows)
          await auditChange(client, organisationId, 'calendar_feed', row.id, audit);
        return rows.length > 0;
      });
    },

    /** Whose live feed the token's hash opens: none when revoked or the account is disabled. */
    async ownerOf(tokenHash: string): Promise<FeedOwner | undefined> {
      const { rows } = await pool.query(
        `SELECT f.organisation_id, f.id, f.user_id, u.staff_member_id,
           coalesce(st.name, u.display_name) AS name
         FROM calendar_feed f
         JOIN user_account u ON u.organisation_id = f.organisation_id AND u.id = f.user_id
         LEFT JOIN staff_member st
           ON st.organisation_id = u.organisation_id AND st.id = u.staff_member_id
         WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.disabled_at IS NULL`,
        [tokenHash],
      );
      const row = rows[0];
      return row
        ? {
            organisationId: row.organisation_id,
            feedId: row.id,
            userId: row.user_id,
            staffMemberId: row.staff_member_id ?? null,
            name: row.name,
          }
        : undefined;
    },

    /** The staff member's sessions, as supervisor or participant, between two dates. */
    async sessionsFor(
      organisationId: string,
      staffId: string,
      from: IsoDate,
      to: IsoDate,
    ): Promise<CalendarSessionRow[]> {
      const { rows } = await pool.query(
        `SELECT ${sessionColumns} FROM ${sessionFrom}
         WHERE s.organisation_id = $1 AND s.held_on BETWEEN $3 AND $4
           AND (s.supervisor_id = $2 OR EXISTS (
             SELECT 1 FROM session_participant sp
             WHERE sp.organisation_id = s.organisation_id AND sp.session_id = s.id
               AND sp.staff_id = $2))
         ORDER BY s.held_on, s.starts_at NULLS FIRST, s.id`,
        [organisationId, staffId, from, to],
      );
      return rows.map(toSession);
    },
  };
}
export type CalendarFeedRepository = ReturnType<typeof calendarFeedRepository>;
