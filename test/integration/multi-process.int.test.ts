/**
 * Several `oversight serve` processes on one PostgreSQL, as behind a load balancer: three real
 * processes started at the same moment on an empty database, then sessions, the sign-in
 * throttle, the job queue, races for the same change and the compliance caches, each seen from
 * another process than the one that made the change. docs/deployment.md points here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '../../src/data-access/audit-log-repository.ts';
import { repositories } from '../../src/data-access/index.ts';
import { readMigrations } from '../../src/data-access/migrate.ts';
import { TenantPool } from '../../src/data-access/tenant-scope.ts';
import { addDays, isoDateAt, workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { demoAccounts } from '../../src/services/demo/demo-organisation.ts';
import { CookieJar } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { withDatabase } from '../support/database-global-setup.ts';
import { startSmtpServer } from '../support/smtp-server.ts';
import { accounts, formOf, staffIdOf, textOf, unitIdOf } from './organisation-helpers.ts';

const password = 'northshire-demo-2026';
const calendar = workingCalendarForRegion('england-and-wales');
const today = () => isoDateAt(new Date());

/** Polls until `check` holds; fails with `what` after `ms`. No figure depends on the timing. */
async function until(what: string, check: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Process = {
  name: string;
  child: ChildProcess;
  base: string;
  output: string[];
  exit: Promise<number | null>;
};

/** Every process started, so the file's teardown ends them whatever failed. */
const started: { child: ChildProcess; exit: Promise<number | null> }[] = [];

/** `oversight serve` on a free port; resolves once it answers /health. */
async function serve(name: string, env: Record<string, string>): Promise<Process> {
  const child = spawn(process.execPath, ['bin/oversight.js', 'serve', '--port', '0'], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  started.push({ child, exit });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start:\n${output.join('')}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output.push(chunk.toString());
      const port = /Oversight is running at http:\/\/localhost:(\d+)/.exec(output.join(''))?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exit.then((code) => reject(new Error(`${name} exited (${code}):\n${output.join('')}`)));
  });
  const health = await fetch(`${base}/health`);
  expect(health.status, name).toBe(200);
  return { name, child, base, output, exit };
}

/** A browser: one cookie jar, whichever process the load balancer sends each request to. */
function browser() {
  const jar = new CookieJar();
  let csrf = '';
  async function request(at: Process, method: 'GET' | 'POST', path: string, form?: object) {
    const response = await fetch(`${at.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form as Record<string, string>).toString() } : {}),
    });
    jar.store(response.headers.getSetCookie());
    const body = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) csrf = token;
    return { status: response.status, location: response.headers.get('location'), body };
  }
  return {
    get: (at: Process, path: string) => request(at, 'GET', path),
    post: (at: Process, path: string, form: Record<string, string>) =>
      request(at, 'POST', path, { _csrf: csrf, ...form }),
    async signIn(at: Process, email: string, secret = password) {
      await request(at, 'GET', '/sign-in');
      return request(at, 'POST', '/sign-in', { _csrf: csrf, email, password: secret });
    },
  };
}

/**
 * An SMTP relay in front of the test's mail server, one per process, so the test sees which
 * process is sending: while held, connections wait unanswered (a mail server that hangs).
 */
async function smtpGate(upstream: string) {
  const target = new URL(upstream);
  let holding = false;
  const held: Socket[] = [];
  const relay = (socket: Socket) => {
    const next = connect(Number(target.port), target.hostname);
    socket.pipe(next).pipe(socket);
    socket.on('error', () => next.destroy());
    next.on('error', () => socket.destroy());
    socket.on('close', () => next.destroy());
  };
  const server: Server = createServer((socket) => {
    if (!holding) return relay(socket);
    socket.on('error', () => {});
    held.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    hold: () => {
      holding = true;
    },
    release() {
      holding = false;
      for (const socket of held.splice(0)) if (!socket.destroyed) relay(socket);
    },
    holdingAConnection: () => held.some((socket) => !socket.destroyed),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('several app processes on one PostgreSQL', { timeout: 90_000 }, async () => {
  // An empty database: the three processes migrate it and load the demo between them.
  const adminUrl = inject('adminDatabaseUrl');
  const name = `oversight_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, name);
  const pool = new TenantPool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => {});
  const smtp = await startSmtpServer();
  const gates = await Promise.all([1, 2, 3].map(() => smtpGate(smtp.url)));

  afterAll(async () => {
    for (const each of started) if (each.child.exitCode === null) each.child.kill('SIGKILL');
    await Promise.all(started.map((each) => each.exit));
    await pool.end();
    await Promise.all(gates.map((gate) => gate.close()));
    await smtp.close();
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });

  const processes = await Promise.all(
    ['A', 'B', 'C'].map((label, i) =>
      serve(label, {
        DATABASE_URL: databaseUrl,
        SMTP_URL: gates[i]!.url,
        MAIL_FROM: 'Oversight <oversight@northshire.example>',
      }),
    ),
  );
  const [a, b, c] = processes as [Process, Process, Process];

  const count = async (sql: string, values: unknown[] = []) =>
    (await pool.query(sql, values)).rows[0].n as number;

  it('applies each migration once and loads the demo once when three start together', async () => {
    const { rows } = await pool.query('SELECT version FROM schema_migration ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(readMigrations().map((m) => m.version));
    expect(await count('SELECT count(*)::int AS n FROM organisation')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM user_account')).toBe(demoAccounts.length);
    for (const each of processes) expect(each.child.exitCode, each.name).toBeNull();
  });

  it('honours a session made on A at B and C, and ends it everywhere when signed out on B', async () => {
    const person = browser();
    expect((await person.signIn(a, accounts.supervisor)).status).toBe(303);
    for (const each of [a, b, c]) {
      const page = await person.get(each, '/dashboards');
      expect(page.location, each.name).toMatch(/^\/dashboards\/teams\//);
    }
    await person.get(b, '/sign-out');
    expect((await person.post(b, '/sign-out', {})).location).toBe('/signed-out');
    for (const each of [a, c]) {
      const page = await person.get(each, '/dashboards');
      expect(page.location, each.name).toMatch(/^\/sign-in\?next=/);
    }
  });

  it('counts failed sign-ins across processes: the fifth locks the account wherever it landed', async () => {
    const email = 'auditor@northshire.example';
    const attempts = await Promise.all(
      [a, b, c, a, b].map((each) => browser().signIn(each, email, 'not the password')),
    );
    expect(attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401, 401, 401]);
    const locked = await browser().signIn(c, email);
    expect(locked.status).toBe(429);
    expect(textOf(locked.body)).toContain('Too many failed attempts to sign in. Wait 15 minutes');
    // Another account is not caught by this one's lock.
    expect((await browser().signIn(a, accounts.practitioner)).status).toBe(303);
    // Each failure was audited, the five written at once by three processes: one unbroken chain.
    const { rows } = await pool.query(
      `SELECT e.organisation_id FROM audit_event e JOIN user_account u ON u.id::text = e.resource_id
       WHERE e.action = 'sign_in_failed' AND u.email = $1`,
      [email],
    );
    expect(rows).toHaveLength(5);
    expect(await verifyAuditChain(pool, rows[0].organisation_id)).toBeNull();
  });

  it('imports the same bundle from two processes at once: one imports it, the other finds nothing to change', async () => {
    const bundle = 'examples/bundle-small.json';
    const runs = await Promise.all([
      runCli(pool, ['import', bundle]),
      runCli(pool, ['import', bundle]),
    ]);
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const outputs = runs.map((run) => run.stdout).sort();
    expect(outputs.filter((out) => /^Nothing to change in/.test(out))).toHaveLength(1);
    expect(outputs.filter((out) => /3 added/.test(out))).toHaveLength(1);
    expect(await count('SELECT count(*)::int AS n FROM organisation')).toBe(2);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM staff_member s JOIN organisation o ON o.id = s.organisation_id
         WHERE o.slug = 'org-example'`,
      ),
    ).toBe(3);
  });

  it("runs each job once with three workers polling: each organisation's digests, each email", async () => {
    let day = addDays(today(), -1);
    while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
    // Three schedulers queue the same day's digests at once.
    const schedulers = [1, 2, 3].map(
      () => new TenantPool({ connectionString: databaseUrl, max: 1 }),
    );
    const queued = await Promise.all(
      schedulers.map((each) =>
        repositories(each).jobs.enqueueForEachOrganisation('digests', day, new Date()),
      ),
    );
    await Promise.all(schedulers.map((each) => each.end()));
    // One job for each organisation, however many schedulers.
    expect(queued.reduce((sum, n) => sum + n, 0)).toBe(2);

    const digestJobs = "kind = 'digest' AND payload->>'date' = $1";
    await until('the digests and their emails', async () => {
      const digests = await count(`SELECT count(*)::int AS n FROM job WHERE ${digestJobs}`, [day]);
      return (await queueIdle()) && digests > 0;
    });
    const { rows: jobs } = await pool.query(
      `SELECT kind, state, attempts FROM job WHERE (kind = 'digests' AND payload->>'date' = $1)
         OR ${digestJobs}`,
      [day],
    );
    expect(jobs.filter((job) => job.kind === 'digests')).toEqual([
      { kind: 'digests', state: 'done', attempts: 1 },
      { kind: 'digests', state: 'done', attempts: 1 },
    ]);
    const digests = jobs.filter((job) => job.kind === 'digest');
    expect(digests.length).toBeGreaterThan(1);
    for (const job of digests) expect(job).toEqual({ kind: 'digest', state: 'done', attempts: 1 });
    // Each person's digest made one notification and one email, and the email went once.
    const notified = await count(
      `SELECT count(*)::int AS n FROM notification n JOIN job j ON j.dedupe_key = n.dedupe_key
       WHERE j.kind = 'digest' AND j.payload->>'date' = $1`,
      [day],
    );
    expect(notified).toBe(digests.length);
    await expectEachEmailSentOnce();
  });

  /** No job is due or running. */
  const queueIdle = async () =>
    (await count(
      `SELECT count(*)::int AS n FROM job WHERE state IN ('pending', 'running') AND run_at <= now()`,
    )) === 0;

  /** Every email made was sent, and the mail server received each exactly once. */
  async function expectEachEmailSentOnce() {
    const { rows } = await pool.query('SELECT id, state FROM email_message');
    expect(rows.filter((row) => row.state !== 'sent')).toEqual([]);
    const received = smtp.messages.map(
      (message) => /^Message-ID: <([0-9a-f-]{36})@/im.exec(message.data)?.[1],
    );
    expect(received.sort()).toEqual(rows.map((row) => row.id as string).sort());
  }

  const apiToken = async (email: string) => {
    const repos = repositories(pool);
    const { services } = await import('../../src/services/index.ts');
    const { loadConfig } = await import('../../src/config.ts');
    const built = services(repos, loadConfig({ NODE_ENV: 'test' }));
    return built.auth.createApiToken((await repos.users.findByEmail(email))!, 'multi-process');
  };
  /** A working day from `days` ahead on which none of these people has a session. */
  async function freeDay(days: number, staffIds: string[]) {
    const { rows } = await pool.query(
      `SELECT s.held_on::text AS date FROM supervision_session s
       LEFT JOIN session_participant p ON p.organisation_id = s.organisation_id AND p.session_id = s.id
       WHERE s.supervisor_id = ANY ($1) OR p.staff_id = ANY ($1)`,
      [staffIds],
    );
    const taken = new Set(rows.map((row) => row.date as string));
    let day = calendar.nextWorkingDayOnOrAfter(addDays(today(), days));
    while (taken.has(day)) day = calendar.nextWorkingDayOnOrAfter(addDays(day, 1));
    return day;
  }
  const book = (at: Process, token: string, body: object) =>
    fetch(`${at.base}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('lets one of two bookings of the same person at the same time, on A and B, win', async () => {
    const token = await apiToken(accounts.supervisor);
    const daniel = await staffIdOf(pool, 'tm-ait');
    const [jordan, fatima] = [await staffIdOf(pool, 'sw-ait-1'), await staffIdOf(pool, 'sw-ait-2')];
    const date = await freeDay(40, [daniel, jordan, fatima]);
    const session = (participant: string) => ({
      kind: 'one_to_one',
      date,
      startsAt: '10:00',
      minutes: 60,
      supervisorId: daniel,
      participantIds: [participant],
    });
    const [first, second] = await Promise.all([
      book(a, token, session(jordan)),
      book(b, token, session(fatima)),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 400]);
    const refused = (first.status === 400 ? first : second) as Response;
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as { errors: { name: string; problem: string }[] };
    expect(problem.errors[0]).toMatchObject({
      name: 'startsAt',
      problem: expect.stringMatching(/^Daniel Okafor already has a one-to-one/),
    });
    expect(
      await count(
        `SELECT count(*)::int AS n FROM supervision_session WHERE supervisor_id = $1 AND held_on = $2`,
        [daniel, date],
      ),
    ).toBe(1);
  });

  it('keeps one of two saves of the same staff record version, on A and B, and shows the other both', async () => {
    const ben = await staffIdOf(pool, 'sw-cp-1');
    const path = `/staff/${ben}/edit`;
    const [first, second] = [browser(), browser()];
    await first.signIn(a, accounts.admin);
    await second.signIn(b, accounts.admin);
    const forms = [
      formOf((await first.get(a, path)).body, path),
      formOf((await second.get(b, path)).body, path),
    ];
    const [one, two] = await Promise.all([
      first.post(a, path, { ...forms[0], jobTitle: 'Practice Lead' }),
      second.post(b, path, { ...forms[1], jobTitle: 'Court Lead' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([303, 409]);
    const [winner, loser] = one.status === 303 ? ['Practice Lead', two] : ['Court Lead', one];
    expect(textOf(loser.body)).toContain(
      'Ben Ashworth’s record was changed while you were editing it',
    );
    const { rows } = await pool.query('SELECT job_title FROM staff_member WHERE id = $1', [ben]);
    expect(rows[0].job_title).toBe(winner);
  });

  it("shows a change made on A on B's and C's team dashboard at once", async () => {
    const team = await unitIdOf(pool, 'ait-north');
    const jordan = await staffIdOf(pool, 'sw-ait-1');
    const manager = browser();
    await manager.signIn(b, accounts.supervisor);
    const dashboard = (at: Process) => manager.get(at, `/dashboards/teams/${team}`);
    for (const each of [b, c, b, c])
      expect(textOf((await dashboard(each)).body)).toContain('Jordan Ellis');

    const administrator = browser();
    await administrator.signIn(a, accounts.admin);
    const path = `/staff/${jordan}/edit`;
    const form = formOf((await administrator.get(a, path)).body, path);
    expect(
      (await administrator.post(a, path, { ...form, name: 'Jordan Ellis-Marsh' })).status,
    ).toBe(303);
    for (const each of [b, c])
      expect(textOf((await dashboard(each)).body)).toContain('Jordan Ellis-Marsh');
  });

  it('takes over a job whose worker was killed mid-job, after its lease, and runs it once', async () => {
    // The earlier booking's emails go first, so the only ones held are this booking's.
    await until('the queue to be idle', queueIdle);
    for (const gate of gates) gate.hold();
    // Booking tells the supervisor and the supervisee: two emails, each a send_email job.
    const token = await apiToken(accounts.supervisor);
    const [daniel, jordan] = [await staffIdOf(pool, 'tm-ait'), await staffIdOf(pool, 'sw-ait-1')];
    const booked = await book(a, token, {
      kind: 'one_to_one',
      date: await freeDay(60, [daniel, jordan]),
      startsAt: '14:00',
      minutes: 60,
      supervisorId: daniel,
      participantIds: [jordan],
    });
    expect(booked.status).toBe(201);
    const sendJobs = `SELECT id, state, attempts FROM job WHERE kind = 'send_email'
      AND payload->>'emailId' IN (SELECT id::text FROM email_message WHERE dedupe_key LIKE $1)`;
    const sessionId = ((await booked.json()) as { id: string }).id;
    const jobsOf = async () => (await pool.query(sendJobs, [`%${sessionId}%`])).rows;

    let victim = -1;
    await until('a worker sending an email', async () => {
      victim = gates.findIndex((gate) => gate.holdingAConnection());
      return victim >= 0;
    });
    const killed = processes[victim]!;
    killed.child.kill('SIGKILL');
    await killed.exit;
    for (const gate of gates) gate.release();

    // The killed worker's job stays claimed; the other email goes.
    await until('the other email', async () => {
      const jobs = await jobsOf();
      return jobs.length === 2 && jobs.filter((job) => job.state === 'done').length === 1;
    });
    const [orphan] = (await jobsOf()).filter((job) => job.state === 'running');
    expect(orphan).toMatchObject({ attempts: 1 });
    // Its lease runs out (moved back here, in place of waiting five minutes): a live worker takes it.
    await pool.query(
      "UPDATE job SET locked_until = now() - interval '1 second' WHERE id = $1 AND state = 'running'",
      [orphan.id],
    );
    await until('the orphaned email', async () =>
      (await jobsOf()).every((job) => job.state === 'done'),
    );
    expect((await jobsOf()).find((job) => job.id === orphan.id)).toMatchObject({ attempts: 2 });
    await expectEachEmailSentOnce();
  });

  it('stops the live processes cleanly on SIGTERM', async () => {
    const live = processes.filter(
      (each) => each.child.exitCode === null && each.child.signalCode === null,
    );
    expect(live.length).toBeGreaterThan(0);
    for (const each of live) each.child.kill('SIGTERM');
    for (const each of live) expect(await each.exit, each.name).toBe(0);
  });
});
