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

/**
 * Runs `fn` while holding a session-level advisory lock named by text (one per organisation and
 * purpose, `child-sync:<organisation id>`), or answers `{ ran: false }` when another session
 * holds it past `waitMs`. A waiter holds no connection between tries, so waiters can never take
 * the connections the holder's own work needs.
 */
export async function tryWithAdvisoryLock<T>(
  pool: pg.Pool,
  name: string,
  fn: () => Promise<T>,
  options: { waitMs?: number; pollMs?: number } = {},
): Promise<{ ran: true; value: T } | { ran: false }> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const client = await pool.connect();
    let held = false;
    try {
      const { rows } = await client.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held',
        [name],
      );
      held = rows[0].held === true;
      if (held) return { ran: true, value: await fn() };
    } finally {
      // A lock that could not be given back goes with its connection, never back to the pool.
      const kept =
        held &&
        (await client
          .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name])
          .then(() => false)
          .catch(() => true));
      client.release(kept || undefined);
    }
    if (Date.now() >= deadline) return { ran: false };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}
