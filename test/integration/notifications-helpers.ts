/**
 * Helpers for the notification tests: sessions, agreements and records made the way the
 * planning, agreements and recording features make them (a row, then a notice queued in the
 * same transaction with queueNotice), and reads of what the jobs wrote.
 */
import ICAL from 'ical.js';
import type pg from 'pg';
import { inTransaction } from '../../src/data-access/transaction.ts';
import { type Notice, queueNotice } from '../../src/features/notifications/notices.ts';
import { staffIdOf } from './organisation-helpers.ts';

export async function organisationIdOf(pool: pg.Pool): Promise<string> {
  return (await pool.query("SELECT id FROM organisation WHERE slug = 'northshire'")).rows[0].id;
}

export type SessionFields = {
  kind?: 'one_to_one' | 'unplanned' | 'group' | 'group_learning';
  supervisor: string;
  participants: string[];
  date: string;
  startsAt?: string | null;
  minutes?: number | null;
  location?: string | null;
  status?: 'planned' | 'held' | 'postponed' | 'cancelled' | 'not_held';
};

/** Books a session (staff by their demo key) and queues its notice; returns its id. */
export async function bookSession(
  pool: pg.Pool,
  fields: SessionFields,
  notice: 'session_booked' | null = 'session_booked',
): Promise<string> {
  const organisationId = await organisationIdOf(pool);
  const supervisorId = await staffIdOf(pool, fields.supervisor);
  const participantIds = await Promise.all(fields.participants.map((key) => staffIdOf(pool, key)));
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `INSERT INTO supervision_session (organisation_id, external_id, kind, held_on, starts_at,
         minutes, location, supervisor_id, status)
       VALUES ($1, gen_random_uuid()::text, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, updated_at`,
      [
        organisationId,
        fields.kind ?? 'one_to_one',
        fields.date,
        fields.startsAt === undefined ? '10:00' : fields.startsAt,
        fields.minutes === undefined ? 90 : fields.minutes,
        fields.location === undefined ? 'Room 2, Civic Centre' : fields.location,
        supervisorId,
        fields.status ?? 'planned',
      ],
    );
    const id = rows[0].id as string;
    for (const [position, staffId] of participantIds.entries())
      await client.query(
        `INSERT INTO session_participant (organisation_id, session_id, staff_id, position)
         VALUES ($1, $2, $3, $4)`,
        [organisationId, id, staffId, position],
      );
    if (notice)
      await queueNotice(
        client,
        organisationId,
        { kind: notice, sessionId: id },
        (rows[0].updated_at as Date).toISOString(),
      );
    return id;
  });
}

/** Changes a session and queues the notice about it, as the planner does. */
export async function changeSession(
  pool: pg.Pool,
  sessionId: string,
  changes: { date?: string; startsAt?: string; status?: SessionFields['status'] },
  kind: 'session_changed' | 'session_cancelled' = 'session_changed',
) {
  const organisationId = await organisationIdOf(pool);
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query(
      `UPDATE supervision_session SET held_on = coalesce($3, held_on),
         starts_at = coalesce($4::time, starts_at), status = coalesce($5, status),
         updated_at = clock_timestamp()
       WHERE organisation_id = $1 AND id = $2 RETURNING updated_at`,
      [
        organisationId,
        sessionId,
        changes.date ?? null,
        changes.startsAt ?? null,
        changes.status ?? null,
      ],
    );
    await queueNotice(
      client,
      organisationId,
      { kind, sessionId },
      (rows[0].updated_at as Date).toISOString(),
    );
  });
}

export async function notice(pool: pg.Pool, value: Notice, revision: string) {
  await queueNotice(pool, await organisationIdOf(pool), value, revision);
}

export async function userIdOfEmail(pool: pg.Pool, email: string): Promise<string> {
  return (await pool.query('SELECT id FROM user_account WHERE email = $1', [email])).rows[0].id;
}

export type NotificationRow = {
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
};

/** Notifications, each with its recipient's email, oldest first. */
export async function notificationsOf(pool: pg.Pool, kind?: string): Promise<NotificationRow[]> {
  const { rows } = await pool.query(
    `SELECT u.email AS recipient, n.kind, n.subject, n.body, n.link FROM notification n
     JOIN user_account u ON u.organisation_id = n.organisation_id AND u.id = n.recipient_user_id
     WHERE $1::text IS NULL OR n.kind = $1 ORDER BY n.created_at, u.email`,
    [kind ?? null],
  );
  return rows;
}

export type EmailRow = {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  calendar: string | null;
  state: string;
  attempts: number;
  last_error: string | null;
  dedupe_key: string;
};

export async function emailsOf(pool: pg.Pool, subjectLike = '%'): Promise<EmailRow[]> {
  const { rows } = await pool.query(
    `SELECT id, to_address, subject, text_body, calendar, state, attempts, last_error, dedupe_key
     FROM email_message WHERE subject LIKE $1 ORDER BY created_at, to_address`,
    [subjectLike],
  );
  return rows;
}

/** The VEVENTs of an iCalendar text, parsed with ical.js, zones registered. */
export function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return {
    method: calendar.getFirstPropertyValue('method') as string | null,
    events: calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event)),
  };
}

/** Sets a job back as if its worker had died before marking it done. */
export async function crashBeforeDone(pool: pg.Pool, dedupeKey: string) {
  const { rowCount } = await pool.query(
    `UPDATE job SET state = 'running', locked_until = now() - interval '1 minute',
       finished_at = NULL WHERE dedupe_key = $1`,
    [dedupeKey],
  );
  if (rowCount !== 1) throw new Error(`no job ${dedupeKey}`);
}

export async function jobsOf(pool: pg.Pool, kind: string) {
  const { rows } = await pool.query(
    `SELECT id, kind, payload, dedupe_key, run_at, state, attempts, last_error FROM job
     WHERE kind = $1 ORDER BY id`,
    [kind],
  );
  return rows;
}
