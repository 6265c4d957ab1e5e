/**
 * The background jobs as a service: `runDue(now)` runs what is due (tests drive it with the
 * test clock), `schedule(now)` queues the day's recurring work (the daily digests), and
 * `tick(now)` does both, as the worker does every few seconds.
 */
import type { JobRepository } from '../../data-access/job-repository.ts';
import { type JobHandler, jobQueue, type Log } from './job-queue.ts';

export function jobsService(
  repo: JobRepository,
  work: {
    handlers: Readonly<Record<string, JobHandler>>;
    schedule: (now: Date) => Promise<unknown>;
  },
  options: { clock: () => Date },
) {
  const queue = jobQueue(repo, work.handlers);
  return {
    runDue: (now: Date = options.clock(), log?: Log) => queue.runDue(now, log ? { log } : {}),
    schedule: (now: Date = options.clock()) => work.schedule(now),
    async tick(now: Date = options.clock(), log?: Log) {
      await work.schedule(now);
      return queue.runDue(now, log ? { log } : {});
    },
  };
}
export type JobsService = ReturnType<typeof jobsService>;
