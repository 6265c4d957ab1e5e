import type pg from 'pg';

/** Serialises the first start's demo load across processes starting together (serve.ts). */
export const firstStartLockKey = 7_240_114;

/**
 * Runs `fn` while holding a session-level advisory lock, so one process at a time on the same
 * server runs it; the others wait, then run it in turn (and find the work done).
 */
export async function withAdvisoryLock<T>(
  pool: pg.Pool,
  key: number,
  fn: () => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
    client.release();
  }
}
