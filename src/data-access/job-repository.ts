/**
 * Background work with PostgreSQL as the queue (table `job`). A worker claims one due job at a
 * time with FOR UPDATE SKIP LOCKED, so any number of workers in any number of processes share
 * the queue without taking the same job, and holds it under a lease (`locked_until`): a job
 * whose worker died is claimed again once its lease runs out. Enqueueing is idempotent by the
 * job's dedupe key. Every time is handed in (the caller's clock), so tests drive it exactly.
 */
import type pg from 'pg';

export type JobState = 'pending' | 'running' | 'done' | 'failed';

export type Job = {
  id: number;
  organisationId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
  runAt: Date;
  state: JobState;
  /** Claims so far, this one included. */
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

export type NewJob = {
  organisationId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
  /** When it may run; now when not given. */
  runAt?: Date | undefined;
};

type Queryable = Pick<pg.PoolClient, 'query'>;

function toJob(row: Record<string, unknown>): Job {
  return {
    id: row.id as number,
    organisationId: (row.organisation_id as string | null) ?? null,
    kind: row.kind as string,
    payload: row.payload as Record<string, unknown>,
    dedupeKey: row.dedupe_key as string,
    runAt: row.run_at as Date,
    state: row.state as JobState,
    attempts: row.attempts as number,
    lastError: (row.last_error as string | null) ?? null,
    createdAt: row.created_at as Date,
    finishedAt: (row.finished_at as Date | null) ?? null,
  };
}

/** Queues a job unless one with its dedupe key exists; true when this call queued it. */
export async function enqueueJob(db: Queryable, job: NewJob): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO job (organisation_id, kind, payload, dedupe_key, run_at)
     VALUES ($1, $2, $3, $4, coalesce($5, now()))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [job.organisationId, job.kind, JSON.stringify(job.payload), job.dedupeKey, job.runAt ?? null],
  );
  return rowCount === 1;
}

export function jobRepository(pool: pg.Pool) {
  return {
    enqueue: (job: NewJob) => enqueueJob(pool, job),

    /**
     * Takes the next due job: pending with `run_at` reached, or running under a lease that ran
     * out (its worker stopped). The claim counts as an attempt.
     */
    async claim(now: Date, leaseMs: number): Promise<Job | undefined> {
      const { rows } = await pool.query(
        `UPDATE job SET state = 'running', attempts = attempts + 1, locked_until = $2
         WHERE id = (
           SELECT id FROM job
           WHERE (state = 'pending' AND run_at <= $1) OR (state = 'running' AND locked_until <= $1)
           ORDER BY run_at, id
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, new Date(now.getTime() + leaseMs)],
      );
      return rows[0] ? toJob(rows[0]) : undefined;
    },

    /** Marks the claim done; false if the job was claimed again meanwhile (lease ran out). */
    async complete(job: Job, now: Date): Promise<boolean> {
      const { rowCount } = await pool.query(
        `UPDATE job SET state = 'done', finished_at = $3, locked_until = NULL, last_error = NULL
         WHERE id = $1 AND state = 'running' AND attempts = $2`,
        [job.id, job.attempts, now],
      );
      return rowCount === 1;
    },

    /** Puts the job back to run again at `runAt`, keeping the error. */
    async retry(job: Job, error: string, runAt: Date): Promise<void> {
      await pool.query(
        `UPDATE job SET state = 'pending', run_at = $4, locked_until = NULL, last_error = $3
         WHERE id = $1 AND state = 'running' AND attempts = $2`,
        [job.id, job.attempts, error, runAt],
      );
    },

    /** Gives up on the job. */
    async fail(job: Job, error: string, now: Date): Promise<void> {
      await pool.query(
        `UPDATE job SET state = 'failed', finished_at = $4, locked_until = NULL, last_error = $3
         WHERE id = $1 AND state = 'running' AND attempts = $2`,
        [job.id, job.attempts, error, now],
      );
    },

    /**
     * Queues one job of `kind` for each organisation, keyed `<kind>:<organisation>:<date>`, so
     * calling it again the same day queues nothing. Returns how many were queued.
     */
    async enqueueForEachOrganisation(kind: string, date: string, runAt: Date): Promise<number> {
      const { rowCount } = await pool.query(
        `INSERT INTO job (organisation_id, kind, payload, dedupe_key, run_at)
         SELECT id, $1, jsonb_build_object('date', $2::text), $1 || ':' || id || ':' || $2, $3
         FROM organisation
         ON CONFLICT (dedupe_key) DO NOTHING`,
        [kind, date, runAt],
      );
      return rowCount ?? 0;
    },

    /**
     * Removes jobs done before `before`; failed ones stay for someone to look at. Their
     * effects keep their own dedupe keys, so a notice queued again later still repeats nothing.
     */
    /**
     * Marks an organisation's pending jobs of a kind as done without running them: for the
     * demo, whose story's notices went out on the days it happened.
     */
    async markPendingDone(organisationId: string, kind: string, now: Date): Promise<number> {
      const { rowCount } = await pool.query(
        `UPDATE job SET state = 'done', finished_at = $3
         WHERE organisation_id = $1 AND kind = $2 AND state = 'pending'`,
        [organisationId, kind, now],
      );
      return rowCount ?? 0;
    },

    async purgeDone(before: Date): Promise<number> {
      const { rowCount } = await pool.query(
        "DELETE FROM job WHERE state = 'done' AND finished_at < $1",
        [before],
      );
      return rowCount ?? 0;
    },

    async findByDedupeKey(dedupeKey: string): Promise<Job | undefined> {
      const { rows } = await pool.query('SELECT * FROM job WHERE dedupe_key = $1', [dedupeKey]);
      return rows[0] ? toJob(rows[0]) : undefined;
    },

    async list(filter: { kind?: string; organisationId?: string } = {}): Promise<Job[]> {
      const { rows } = await pool.query(
        `SELECT * FROM job WHERE ($1::text IS NULL OR kind = $1)
           AND ($2::uuid IS NULL OR organisation_id = $2) ORDER BY id`,
        [filter.kind ?? null, filter.organisationId ?? null],
      );
      return rows.map(toJob);
    },
  };
}
export type JobRepository = ReturnType<typeof jobRepository>;
