import type pg from 'pg';

export type ThrottleRule = { maxFailures: number; windowMs: number; lockMs: number };

export function signInThrottleRepository(db: pg.Pool) {
  return {
    /** The time until which the key is locked, if it is locked now. */
    async lockedUntil(key: string, now: Date): Promise<Date | undefined> {
      const { rows } = await db.query(
        'SELECT locked_until FROM sign_in_throttle WHERE key = $1 AND locked_until > $2',
        [key, now],
      );
      return rows[0]?.locked_until;
    },

    /** Counts a failure in a fixed window and locks the key when the window's limit is hit. */
    async recordFailure(key: string, now: Date, rule: ThrottleRule): Promise<void> {
      await db.query(
        `INSERT INTO sign_in_throttle AS t (key, failures, window_started_at)
         VALUES ($1, 1, $2::timestamptz)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at <= $2 - make_interval(secs => $3 / 1000.0)
                           THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE
             WHEN t.window_started_at <= $2 - make_interval(secs => $3 / 1000.0)
             THEN $2 ELSE t.window_started_at END`,
        [key, now, rule.windowMs],
      );
      await db.query(
        `UPDATE sign_in_throttle SET locked_until = $2::timestamptz + make_interval(secs => $4 / 1000.0),
           failures = 0, window_started_at = $2::timestamptz
         WHERE key = $1 AND failures >= $3`,
        [key, now, rule.maxFailures, rule.lockMs],
      );
    },

    async clear(key: string): Promise<void> {
      await db.query('DELETE FROM sign_in_throttle WHERE key = $1', [key]);
    },
  };
}
export type SignInThrottleRepository = ReturnType<typeof signInThrottleRepository>;
