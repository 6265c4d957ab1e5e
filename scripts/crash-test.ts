/**
 * `npm run test:crash`: kills `oversight serve` with SIGKILL in the middle of a burst of saves,
 * again and again, and proves after every restart that each save the server acknowledged is
 * still there and that the embedded PostgreSQL came back by itself. docs/reliability.md.
 *
 * CRASH_CYCLES (default 100) sets the number of crashes; CRASH_KEEP=1 keeps the data directory.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { auditChainProblems } from '../src/data-access/audit-log-repository.ts';

const cycles = Number.parseInt(process.env.CRASH_CYCLES ?? '100', 10);
const inFlight = 8; // saves under way at once during a burst
const killAfterMs: [number, number] = [50, 600]; // the crash comes this far into the burst
// On crashes 2, 12, 22…, the pids in the lock files belong to other processes at the restart.
const pidReuseEvery = 10;
const supervisorEmail = 'supervisor@northshire.example';
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'oversight.js');

type Server = { child: ChildProcess; output: string[]; exited: Promise<number | null> };

const dataDir = mkdtempSync(path.join(tmpdir(), 'oversight-crash-'));
const port = await freePort();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  OVERSIGHT_DATA_DIR: dataDir,
  PORT: String(port),
  NODE_ENV: 'development',
  // PostgreSQL's own lines reach the log at debug: they say whether crash recovery ran.
  LOG_LEVEL: 'debug',
};
delete env.DATABASE_URL;
const baseUrl = `http://127.0.0.1:${port}`;
const runId = Date.now().toString(36);

const acknowledged = new Map<string, string>(); // marker → session id, every cycle so far
const unacknowledged = new Set<string>(); // sent, but no 2xx came back before the crash
let rejected = 0;
let slot = 0;
const restartMs: number[] = [];

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

const cleanups: (() => void)[] = [];

function fail(message: string, server?: Server): never {
  for (const cleanup of cleanups) cleanup();
  log(`crash test FAILED: ${message}`);
  if (server) log(`--- server output (last lines) ---\n${server.output.slice(-40).join('')}`);
  log(`data directory kept for inspection: ${dataDir}`);
  process.exit(1);
}

// ---- the server as `npm start` runs it, in its own process group ----

function startServer(): Server {
  const child = spawn(process.execPath, ['--max-semi-space-size=64', cli, 'serve'], {
    cwd: root,
    env,
    detached: true, // its own process group: node and the postmaster it spawns
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output, exited };
}

/** Waits for /health to answer 200; returns how long the start took, or fails the run. */
async function waitHealthy(server: Server, started: number): Promise<number> {
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  const deadline = started + 120_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) fail(`the server exited with ${exitCode} while starting`, server);
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  fail('the server did not become healthy within 120 s', server);
}

/**
 * A crash of the machine or container: every process of the server dies at the same moment.
 * The postmaster's children put themselves in process groups of their own, so killing the group
 * would miss them; they are stopped first, so none runs on while the others die.
 */
function crash(server: Server): number[] {
  const pid = server.child.pid!;
  process.kill(-pid, 'SIGSTOP'); // node and the postmaster: nothing new is forked from here on
  const tree = descendants(pid);
  for (const p of tree) signal(p, 'SIGSTOP');
  for (const p of tree) signal(p, 'SIGKILL');
  process.kill(-pid, 'SIGKILL');
  return tree;
}

function signal(pid: number, name: NodeJS.Signals) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Every process below `rootPid`, from /proc (Linux). */
function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

const gone = (pid: number) => {
  const stat = procStat(pid);
  return !stat || stat.state === 'Z' || stat.state === 'X';
};

// ---- saves ----

type Fixture = { token: string; supervisorId: string; superviseeId: string; firstDate: Date };

/** A planned one-to-one in a slot of its own (no clash), carrying its marker as the place. */
async function save(fixture: Fixture, cycle: number): Promise<void> {
  const n = slot++;
  const marker = `crash-${runId}-${cycle}-${n}`;
  const day = new Date(fixture.firstDate.getTime() + Math.floor(n / 96) * 86_400_000);
  const minute = (n % 96) * 15;
  const body = {
    kind: 'one_to_one',
    date: day.toISOString().slice(0, 10),
    startsAt: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
    minutes: 10,
    location: marker,
    supervisorId: fixture.supervisorId,
    participantIds: [fixture.superviseeId],
  };
  unacknowledged.add(marker);
  try {
    const response = await fetch(`${baseUrl}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const json = (await response.json()) as { id?: string; detail?: string };
    if (response.status === 201 && json.id) {
      unacknowledged.delete(marker);
      acknowledged.set(marker, json.id);
    } else {
      unacknowledged.delete(marker);
      rejected++;
      log(`  save refused with ${response.status}: ${json.detail ?? ''}`);
    }
  } catch {
    // the connection died with the server: not acknowledged
  }
}

/** Saves with `inFlight` at once until the crash; returns when every request has settled. */
async function burst(fixture: Fixture, cycle: number, server: Server): Promise<void> {
  await save(fixture, cycle); // one save first, so the burst meets a warmed-up server
  let crashed = false;
  const worker = async () => {
    while (!crashed) await save(fixture, cycle);
  };
  const workers = Array.from({ length: inFlight }, worker);
  const [low, high] = killAfterMs;
  await sleep(low + Math.random() * (high - low));
  crashed = true;
  const tree = crash(server);
  await Promise.all(workers);
  await server.exited;
  const deadline = Date.now() + 30_000;
  while (!tree.every(gone)) {
    if (Date.now() > deadline) fail('processes of the killed server were still running after 30 s');
    await sleep(20);
  }
}

// ---- checks, straight against the embedded PostgreSQL ----

/** The running cluster's address, from its postmaster.pid, as the owner (bypasses RLS). */
function ownerPool(): pg.Pool {
  const lines = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return new pg.Pool({
    host: '127.0.0.1',
    port: Number(lines[3]),
    user: 'oversight',
    password,
    database: 'oversight',
    max: 1,
  });
}

type Check = { lost: string[]; landed: number; broken: string[] };

/** Every acknowledged save, with its participant and its audit row; the audit chain intact. */
async function check(organisationId: string): Promise<Check> {
  const pool = ownerPool();
  try {
    const { rows } = await pool.query<{ id: string; location: string; whole: boolean }>(
      `SELECT s.id, s.location,
         EXISTS (SELECT 1 FROM session_participant p
                 WHERE p.organisation_id = s.organisation_id AND p.session_id = s.id)
         AND EXISTS (SELECT 1 FROM audit_event a
                 WHERE a.organisation_id = s.organisation_id AND a.action = 'supervision_session.booked'
                   AND a.resource_type = 'supervision_session' AND a.resource_id = s.id::text) AS whole
       FROM supervision_session s WHERE s.organisation_id = $1 AND s.location LIKE $2`,
      [organisationId, `crash-${runId}-%`],
    );
    const found = new Map(rows.map((row) => [row.location, row]));
    const lost = [...acknowledged].filter(([marker, id]) => found.get(marker)?.id !== id);
    const broken = rows.filter((row) => !row.whole).map((row) => row.location);
    let landed = 0;
    for (const marker of unacknowledged) if (found.has(marker)) landed++;
    const chain = await auditChainProblems(pool, organisationId);
    broken.push(...chain.map((p) => `audit row ${p.id} ${p.problem}: ${p.detail}`));
    return { lost: lost.map(([marker]) => marker), landed, broken };
  } finally {
    await pool.end();
  }
}

async function fixture(token: string): Promise<Fixture & { organisationId: string }> {
  const pool = ownerPool();
  try {
    const { rows } = await pool.query(
      `SELECT u.organisation_id, u.staff_member_id AS supervisor_id, r.supervisee_id
       FROM user_account u
       JOIN supervisory_relationship r ON r.organisation_id = u.organisation_id
        AND r.supervisor_id = u.staff_member_id AND (r.ends_on IS NULL OR r.ends_on > current_date)
       WHERE lower(u.email) = $1 ORDER BY r.starts_on LIMIT 1`,
      [supervisorEmail],
    );
    if (!rows[0]) fail(`no supervisee for ${supervisorEmail} in the demo organisation`);
    const firstDate = new Date(Date.UTC(new Date().getUTCFullYear() + 2, 0, 1));
    return {
      organisationId: rows[0].organisation_id,
      supervisorId: rows[0].supervisor_id,
      superviseeId: rows[0].supervisee_id,
      token,
      firstDate,
    };
  } finally {
    await pool.end();
  }
}

function cliRun(args: string[], quiet = false): string {
  return execFileSync(process.execPath, [cli, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
  });
}

/**
 * What a reboot does to the pid files: the pids they name now belong to other processes. The
 * decoy stands in for such a process; the restart must neither refuse nor signal it.
 */
function pointPidFilesAt(pid: number) {
  const lock = path.join(dataDir, 'oversight.lock');
  writeFileSync(lock, readFileSync(lock, 'utf8').replace(/^\d+/, String(pid)));
  const postmaster = path.join(dataDir, 'pg', 'postmaster.pid');
  writeFileSync(postmaster, readFileSync(postmaster, 'utf8').replace(/^\d+/, String(pid)));
}

// ---- the run ----

async function main() {
  log(`crash test: ${cycles} cycles, data directory ${dataDir}, port ${port}`);
  cliRun(['demo'], true); // the demo organisation, as a fresh `npm start` loads it
  const token = cliRun(['tokens', 'create', '--user', supervisorEmail], true).split('\n')[0]!;
  let server = startServer();
  await waitHealthy(server, Date.now());
  const setup = await fixture(token);
  const decoy = spawn('sleep', ['86400'], { detached: true, stdio: 'ignore' });
  cleanups.push(
    () => signal(decoy.pid!, 'SIGKILL'),
    () => signal(-server.child.pid!, 'SIGKILL'),
  );
  let recoveries = 0;
  let lastLanded = 0;
  try {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const before = acknowledged.size;
      const unackedBefore = unacknowledged.size;
      await burst(setup, cycle, server);
      const reuse = cycle % pidReuseEvery === 2;
      if (reuse) pointPidFilesAt(decoy.pid!);
      const started = Date.now();
      server = startServer();
      const took = await waitHealthy(server, started);
      restartMs.push(took);
      if (reuse && gone(decoy.pid!)) fail('the restart signalled an unrelated process', server);
      const recovered = server.output.some((line) =>
        /automatic recovery in progress|database system was interrupted/.test(line),
      );
      if (recovered) recoveries++;
      const result = await check(setup.organisationId);
      const acked = acknowledged.size - before;
      log(
        `cycle ${cycle}/${cycles}: ${acked} acknowledged, ${unacknowledged.size - unackedBefore} unacknowledged, ` +
          `${result.landed - lastLanded} of those landed, ${result.lost.length} lost; restart ${took} ms` +
          `${recovered ? ', crash recovery ran' : ''}${reuse ? ', pids reused' : ''}`,
      );
      lastLanded = result.landed;
      if (result.lost.length > 0)
        fail(`acknowledged saves missing: ${result.lost.slice(0, 10).join(', ')}`, server);
      if (result.broken.length > 0)
        fail(`half-saved or broken: ${result.broken.slice(0, 10).join('; ')}`, server);
    }
    // A clean stop, then the audit CLI's own start on the same directory.
    server.child.kill('SIGTERM');
    const code = await server.exited;
    if (code !== 0) fail(`the server stopped with ${code} after SIGTERM`, server);
    log(cliRun(['audit', 'verify']).trim());
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
  const final = await checkTotals(lastLanded, recoveries);
  if (process.env.CRASH_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
  log(final);
}

async function checkTotals(landed: number, recoveries: number) {
  const sorted = [...restartMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  if (recoveries < cycles)
    log(`note: PostgreSQL reported crash recovery after ${recoveries} of ${cycles} restarts`);
  if (rejected > 0) log(`note: ${rejected} saves were refused by the server (not counted)`);
  return (
    `crash test: ${cycles} cycles, ${acknowledged.size} acknowledged saves, 0 lost, ` +
    `${landed} unacknowledged that landed, restart time median ${median} ms`
  );
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}

await main();
process.exit(0);
