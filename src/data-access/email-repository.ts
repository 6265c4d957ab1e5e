/**
 * Email on its way out (table `email_message`). A message is written once, by its dedupe key,
 * as 'queued' when SMTP is set up (a job sends it) or 'held' when it is not (the outbox page
 * shows it). Sending moves it to 'sent', or to 'failed' after the last attempt.
 */
import type pg from 'pg';

export type EmailState = 'queued' | 'sent' | 'failed' | 'held';

export type EmailMessage = {
  organisationId: string;
  id: string;
  to: string;
  subject: string;
  text: string;
  /** An iCalendar invitation (METHOD:REQUEST or CANCEL), if the message carries one. */
  calendar: string | null;
  dedupeKey: string;
  state: EmailState;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export type NewEmail = {
  organisationId: string;
  to: string;
  subject: string;
  text: string;
  calendar: string | null;
  dedupeKey: string;
  state: 'queued' | 'held';
  createdAt: Date;
};

type Queryable = Pick<pg.PoolClient, 'query'>;

function toEmail(row: Record<string, unknown>): EmailMessage {
  return {
    organisationId: row.organisation_id as string,
    id: row.id as string,
    to: row.to_address as string,
    subject: row.subject as string,
    text: row.text_body as string,
    calendar: (row.calendar as string | null) ?? null,
    dedupeKey: row.dedupe_key as string,
    state: row.state as EmailState,
    attempts: row.attempts as number,
    lastError: (row.last_error as string | null) ?? null,
    createdAt: row.created_at as Date,
    sentAt: (row.sent_at as Date | null) ?? null,
  };
}

/** Writes a message unless one with its dedupe key exists; its id when this call wrote it. */
export async function insertEmail(db: Queryable, email: NewEmail): Promise<string | undefined> {
  const { rows } = await db.query(
    `INSERT INTO email_message (organisation_id, to_address, subject, text_body, calendar,
       dedupe_key, state, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (organisation_id, dedupe_key) DO NOTHING
     RETURNING id`,
    [
      email.organisationId,
      email.to,
      email.subject,
      email.text,
      email.calendar,
      email.dedupeKey,
      email.state,
      email.createdAt,
    ],
  );
  return rows[0]?.id;
}

export function emailRepository(pool: pg.Pool) {
  return {
    async find(organisationId: string, id: string): Promise<EmailMessage | undefined> {
      const { rows } = await pool.query(
        'SELECT * FROM email_message WHERE organisation_id = $1 AND id = $2',
        [organisationId, id],
      );
      return rows[0] ? toEmail(rows[0]) : undefined;
    },

    /** The organisation's messages, newest first, a page at a time. */
    async page(
      organisationId: string,
      options: { limit: number; offset: number },
    ): Promise<{ messages: EmailMessage[]; total: number }> {
      const [list, count] = await Promise.all([
        pool.query(
          `SELECT * FROM email_message WHERE organisation_id = $1
           ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
          [organisationId, options.limit, options.offset],
        ),
        pool.query('SELECT count(*)::int AS n FROM email_message WHERE organisation_id = $1', [
          organisationId,
        ]),
      ]);
      return { messages: list.rows.map(toEmail), total: count.rows[0].n };
    },

    /** Records a successful send; false when it was not waiting to be sent. */
    async markSent(organisationId: string, id: string, now: Date): Promise<boolean> {
      const { rowCount } = await pool.query(
        `UPDATE email_message SET state = 'sent', sent_at = $3, attempts = attempts + 1,
           last_error = NULL
         WHERE organisation_id = $1 AND id = $2 AND state = 'queued'`,
        [organisationId, id, now],
      );
      return rowCount === 1;
    },

    /** Records a failed attempt; the last one leaves the message 'failed'. */
    async recordFailure(organisationId: string, id: string, error: string, final: boolean) {
      await pool.query(
        `UPDATE email_message SET attempts = attempts + 1, last_error = $3,
           state = CASE WHEN $4 THEN 'failed' ELSE state END
         WHERE organisation_id = $1 AND id = $2 AND state = 'queued'`,
        [organisationId, id, error.slice(0, 1000), final],
      );
    },
  };
}
export type EmailRepository = ReturnType<typeof emailRepository>;
