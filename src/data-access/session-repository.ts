import type pg from 'pg';

export type StoredSession = {
  organisationId: string;
  id: string;
  userId: string;
  csrfToken: string;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

export function sessionRepository(db: pg.Pool) {
  return {
    async create(session: StoredSession): Promise<void> {
      await db.query(
        `INSERT INTO web_session (organisation_id, id, user_id, csrf_token, idle_expires_at,
           absolute_expires_at, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
        [
          session.organisationId,
          session.id,
          session.userId,
          session.csrfToken,
          session.idleExpiresAt,
          session.absoluteExpiresAt,
          session.lastSeenAt,
        ],
      );
    },

    /** Only a session that has not expired, for an account that is still enabled. */
    async findLive(id: string, now: Date): Promise<StoredSession | undefined> {
      const { rows } = await db.query(
        `SELECT s.organisation_id, s.id, s.user_id, s.csrf_token, s.last_seen_at,
                s.idle_expires_at, s.absolute_expires_at
         FROM web_session s JOIN user_account u
           ON u.organisation_id = s.organisation_id AND u.id = s.user_id
         WHERE s.id = $1 AND s.idle_expires_at > $2 AND s.absolute_expires_at > $2
           AND u.disabled_at IS NULL`,
        [id, now],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        organisationId: row.organisation_id,
        id: row.id,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        lastSeenAt: row.last_seen_at,
        idleExpiresAt: row.idle_expires_at,
        absoluteExpiresAt: row.absolute_expires_at,
      };
    },

    async touch(id: string, now: Date, idleExpiresAt: Date): Promise<void> {
      await db.query(
        'UPDATE web_session SET last_seen_at = $2, idle_expires_at = $3 WHERE id = $1',
        [id, now, idleExpiresAt],
      );
    },

    async delete(id: string): Promise<void> {
      await db.query('DELETE FROM web_session WHERE id = $1', [id]);
    },

    async deleteForUser(organisationId: string, userId: string): Promise<void> {
      await db.query('DELETE FROM web_session WHERE organisation_id = $1 AND user_id = $2', [
        organisationId,
        userId,
      ]);
    },

    async deleteExpired(now: Date): Promise<number> {
      const result = await db.query(
        'DELETE FROM web_session WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1',
        [now],
      );
      return result.rowCount ?? 0;
    },
  };
}
export type SessionRepository = ReturnType<typeof sessionRepository>;
