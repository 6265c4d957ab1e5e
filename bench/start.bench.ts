/**
 * Benchmark (not a test): cold start and resident memory of `oversight serve`, each beside its
 * floor measured in the same run.
 *
 * - Cold start, with the embedded PostgreSQL (what `npm start` does): from spawning the process
 *   to its first answer on /health, against the embedded PostgreSQL starting alone on the same
 *   data directory.
 * - Cold start, with a PostgreSQL already running (DATABASE_URL): against a bare Fastify process
 *   started the same way (node with tsx) answering the same route.
 * - Resident memory (VmRSS of the app's process, from /proc): idle after start, then after the
 *   large organisation's report (the whole organisation evaluated and kept as a snapshot) and
 *   its team dashboards; against the bare Fastify process's.
 *
 * Needs the large organisation that bench/dashboard.bench.ts imports into bench/.data (or
 * DATABASE_URL's server). Run: node --import tsx bench/start.bench.ts [--runs 3]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/data-access/connection.ts';
import { startEmbeddedPostgres } from '../src/data-access/embedded-postgres.ts';
import { repositories } from '../src/data-access/index.ts';
import { demoPassword } from '../src/services/demo/demo-organisation.ts';
import { services as buildServices } from '../src/services/index.ts';
import { cookieNames } from '../src/web/cookies.ts';
import { type Figure, figure, machine, median, printFigures, writeSection } from './figures.ts';
import { largeAsOf, largeSlug } from './large-council.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, 'bench', '.data');
const nodeFlags = ['--max-semi-space-size=64'];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Started = { child: ChildProcess; port: number; ms: number };

/** Spawns a server and times it until GET /health answers 200. */
async function start(args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, ...args], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return { child, port, ms: performance.now() - began };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Resident memory of a process, in MB (VmRSS: what it holds in RAM now). */
function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

const appEnv = (extra: Record<string, string>) => ({
  NODE_ENV: 'production',
  OVERSIGHT_BASE_URL: 'http://127.0.0.1',
  LOG_LEVEL: 'warn',
  JOB_WORKER: 'off',
  ...extra,
});

async function startTimes(
  args: string[],
  env: Record<string, string>,
): Promise<{ ms: number[]; last: Started }> {
  const ms: number[] = [];
  let last: Started | undefined;
  for (let i = 0; i < runs; i++) {
    if (last) await stop(last.child);
    last = await start(args, env);
    ms.push(last.ms);
  }
  return { ms, last: last! };
}

/** Embedded: `oversight serve` on bench/.data against the embedded server starting alone. */
async function embeddedStart(): Promise<Figure> {
  const alone: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    const server = await startEmbeddedPostgres(dataDir);
    alone.push(performance.now() - began);
    await server.stop();
  }
  const app = await startTimes(
    ['bin/oversight.js', 'serve'],
    appEnv({ OVERSIGHT_DATA_DIR: dataDir }),
  );
  await stop(app.last.child);
  return figure(
    'start.embedded',
    'cold start, embedded PostgreSQL (npm start)',
    median(app.ms),
    'ms',
    {
      n: runs,
      floor: { label: 'the embedded PostgreSQL starting alone', value: median(alone) },
    },
  );
}

async function sessionCookie(databaseUrl: string, email: string): Promise<string> {
  const database = await openDatabase({ databaseUrl, dataDir }, { migrate: false });
  try {
    const config = loadConfig({ NODE_ENV: 'production', OVERSIGHT_BASE_URL: 'http://127.0.0.1' });
    const services = buildServices(repositories(database.pool), config);
    const result = await services.auth.signIn(email, demoPassword, '127.0.0.1');
    if (result.outcome !== 'signed-in') throw new Error(`could not sign in as ${email}`);
    return `${cookieNames(false).session}=${result.sessionToken}`;
  } finally {
    await database.close();
  }
}

async function get(port: number, url: string, cookie: string) {
  const response = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { cookie } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
}

/** With a server already running: the app against a bare Fastify; then their memory. */
async function serverStartAndMemory(databaseUrl: string): Promise<Figure[]> {
  const bare = await startTimes(['--import', 'tsx', 'bench/bare-server.ts'], {});
  const bareMb = residentMb(bare.last.child.pid!);
  await stop(bare.last.child);
  const app = await startTimes(
    ['bin/oversight.js', 'serve'],
    appEnv({ DATABASE_URL: databaseUrl }),
  );
  const { child, port } = app.last;
  try {
    const idleMb = residentMb(child.pid!);
    const cookie = await sessionCookie(databaseUrl, `senior.manager@${largeSlug}.example`);
    await get(port, `/reports/management-oversight?asOf=${largeAsOf}`, cookie);
    for (let i = 0; i < 10; i++)
      await get(port, `/dashboards/organisation?asOf=${largeAsOf}`, cookie);
    const busyMb = residentMb(child.pid!);
    const floor = { label: 'a bare Fastify process', value: bareMb };
    return [
      figure('start.server', 'cold start, PostgreSQL already running', median(app.ms), 'ms', {
        n: runs,
        floor: { label: 'a bare Fastify process started the same way', value: median(bare.ms) },
      }),
      figure('memory.idle', 'resident memory, idle after start', idleMb, 'MB', { floor }),
      figure(
        'memory.large',
        'resident memory, after the large organisation’s report and dashboards',
        busyMb,
        'MB',
        { floor },
      ),
    ];
  } finally {
    await stop(child);
  }
}

async function main() {
  const loadBefore = os.loadavg()[0]!;
  const figures: Figure[] = [];
  if (process.env.DATABASE_URL) {
    figures.push(...(await serverStartAndMemory(process.env.DATABASE_URL)));
  } else {
    figures.push(await embeddedStart());
    // The embedded server, started here, stands in for a PostgreSQL already running.
    const server = await startEmbeddedPostgres(dataDir);
    try {
      figures.push(...(await serverStartAndMemory(server.connectionString)));
    } finally {
      await server.stop();
    }
  }
  printFigures(figures);
  writeSection('start', { ...machine(loadBefore), runs }, figures);
}

await main();
