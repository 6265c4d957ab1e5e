/**
 * The in-process worker `oversight serve` starts: every few seconds it runs what is due, on the
 * service's clock. Several processes may run one each; the queue's locking keeps them apart.
 * `stop()` lets the run in progress finish, so a shutdown never cuts a job in half (and one
 * that is cut, by a crash, is claimed again when its lease runs out).
 */
type Log = {
  error: (details: object, message: string) => void;
  info: (details: object, message: string) => void;
};

export type Worker = { stop(): Promise<void> };

export function startJobWorker(options: {
  tick: (now: Date) => Promise<unknown>;
  clock: () => Date;
  intervalMs?: number;
  log?: Log;
}): Worker {
  const interval = options.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const run = async () => {
    try {
      await options.tick(options.clock());
    } catch (error) {
      options.log?.error({ err: error }, 'job worker run failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(schedule);
    }, interval);
    timer.unref();
  };
  running = run().finally(schedule);
  options.log?.info({ intervalMs: interval }, 'job worker started');

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
