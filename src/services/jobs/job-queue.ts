/**
 * Runs due jobs: claims one at a time (data-access/job-repository.ts), hands it to the handler
 * for its kind, and marks it done, or puts it back with a growing delay, or gives up after
 * `maxAttempts`. Handlers are idempotent by design: every effect a job has carries its own
 * dedupe key, so a job run again (its worker died before marking it done, or its lease ran out)
 * repeats nothing.
 */
import type { Job, JobRepository } from '../../data-access/job-repository.ts';

export type JobContext = {
  /** The time the run was started for: handlers use it, never the wall clock. */
  now: Date;
  /** True on the last attempt the queue will make. */
  finalAttempt: boolean;
};

export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

/** Claims a job may take before it is given up as failed. */
export const maxAttempts = 6;

/** How long a claim lasts: a job still running after this is taken to have lost its worker. */
export const leaseMs = 5 * 60_000;

/** The wait before attempt `attempts + 1`: 1, 2, 4, 8, 16 minutes … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export type RunSummary = { done: number; retried: number; failed: number };

export type Log = { error: (details: object, message: string) => void };

export function jobQueue(
  repo: JobRepository,
  handlers: Readonly<Record<string, JobHandler>>,
  /** Milliseconds on a clock that only goes forward: how long a run has taken so far. */
  elapsed: () => number = () => performance.now(),
) {
  async function runOne(job: Job, now: Date, log: Log | undefined): Promise<keyof RunSummary> {
    const handler = handlers[job.kind];
    const finalAttempt = job.attempts >= maxAttempts;
    try {
      if (!handler) throw new Error(`no handler for jobs of kind '${job.kind}'`);
      await handler(job, { now, finalAttempt });
      await repo.complete(job, now);
      return 'done';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log?.error({ job: job.id, kind: job.kind, attempts: job.attempts, err: error }, 'job failed');
      if (!handler || finalAttempt) {
        await repo.fail(job, message, now);
        return 'failed';
      }
      await repo.retry(job, message, new Date(now.getTime() + retryDelayMs(job.attempts)));
      return 'retried';
    }
  }

  return {
    /**
     * Runs every job due at `now`, jobs they queue for `now` included, up to `limit` claims;
     * resolves when none is left. Tests call it with the test clock; the worker on a timer.
     */
    async runDue(now: Date, options: { limit?: number; log?: Log } = {}): Promise<RunSummary> {
      const limit = options.limit ?? 1000;
      const summary: RunSummary = { done: 0, retried: 0, failed: 0 };
      const began = elapsed();
      for (let claimed = 0; claimed < limit; claimed += 1) {
        // The lease counts from when the job is claimed, not from when the run began: a job
        // claimed late in a long run gets its whole lease. What is due, and the retry times,
        // stay on the run's own time, which tests drive.
        const job = await repo.claim(now, leaseMs + (elapsed() - began));
        if (!job) break;
        summary[await runOne(job, now, options.log)] += 1;
      }
      return summary;
    },
  };
}
export type JobQueue = ReturnType<typeof jobQueue>;
