/**
 * Benchmark (not a test): dashboards and reports at the size of a large council (the synthetic
 * council at 1x: 1,500 staff, 15,000 children, five years of history). Measured side by side in
 * one run: the team dashboard's server time, the organisation report cold and warm against the
 * floors of reading the rows, and a rendered page's throughput against a bare Fastify route.
 * The organisation is imported once into `bench/.data/` (or DATABASE_URL) and reused.
 * Run: node --max-semi-space-size=64 --import tsx bench/dashboard.bench.ts
 *      [--runs 30] [--cold-runs 3] [--seconds 10] [--rounds 2]. docs/performance.md
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/data-access/connection.ts';
import { type Repositories, repositories } from '../src/data-access/index.ts';
import type { Bundle } from '../src/domain/bundle/schema.ts';
import { type ComplianceService, complianceService } from '../src/services/compliance-service.ts';
import { importService } from '../src/services/import/import-service.ts';
import { services as buildServices, type Services } from '../src/services/index.ts';
import { userAdminService } from '../src/services/user-admin-service.ts';
import { createApp } from '../src/web/app.ts';
import { cookieNames } from '../src/web/cookies.ts';
import { syntheticAsOf, syntheticBundle } from './synthetic-council.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    'cold-runs': { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    // While working on one figure: `--only team` measures the team dashboard and writes nothing.
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const coldRuns = Number(values['cold-runs']);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const warmups = 3;
const connections = 10;

const here = path.dirname(fileURLToPath(import.meta.url));
const asOf = syntheticAsOf;
const policy = 'systemic-4x4x4';
const password = 'bench-password-2026';
const teamManagerEmail = 'team.manager@bench.example';
const seniorManagerEmail = 'senior.manager@bench.example';
const config = loadConfig({
  NODE_ENV: 'production',
  OVERSIGHT_BASE_URL: 'http://127.0.0.1',
  JOB_WORKER: 'off',
  LOG_LEVEL: 'silent',
});

type Cannon = (options: {
  url: string;
  connections: number;
  duration: number;
  workers: number;
  headers?: Record<string, string>;
}) => Promise<{ requests: { average: number }; non2xx: number; errors: number }>;
// autocannon ships no types; the load runs in a worker thread, off the servers' event loop.
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function timed(times: number, fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return ms;
}

/** Median of `runs` after `warmups` unmeasured calls. */
async function warmMedian(fn: () => Promise<unknown>, n = runs): Promise<number> {
  await timed(warmups, fn);
  return median(await timed(n, fn));
}

/** The synthetic council, with its teams' managers and an email for the one who signs in. */
function benchBundle(): { bundle: Bundle; team: string } {
  const bundle = syntheticBundle(1, policy);
  const staff = new Map(bundle.staff.map((s) => [s.id, s]));
  for (const unit of bundle.orgUnits) {
    const manager = unit.kind === 'team' ? `st-${Number(unit.id.slice(5)) * 15}` : undefined;
    if (manager) unit.managerId = manager;
  }
  // The first team after the first whose manager is still in post.
  const team = bundle.orgUnits.find(
    (u) => u.kind === 'team' && u.id !== 'team-0' && !staff.get(u.managerId ?? '')?.leavingDate,
  );
  const manager = staff.get(team?.managerId ?? '');
  if (!team || !manager) throw new Error('no team with its manager in post');
  manager.email = teamManagerEmail;
  return { bundle, team: team.id };
}

async function recordCount(pool: pg.Pool, organisationId: string): Promise<number> {
  const { rows } = await pool.query(
    'SELECT count(*)::int AS n FROM supervision_record WHERE organisation_id = $1',
    [organisationId],
  );
  return rows[0].n;
}

/** The organisation's id, importing it unless the database already holds all of it. */
async function ensureOrganisation(pool: pg.Pool, repos: Repositories, bundle: Bundle) {
  const existing = await repos.organisations.findBySlug(bundle.organisation.id);
  const signsIn = existing && (await repos.staff.findIdByEmail(existing.id, teamManagerEmail));
  if (existing && signsIn && (await recordCount(pool, existing.id)) === bundle.records.length)
    return { organisationId: existing.id, importMs: undefined };
  console.log(`Importing the organisation (${bundle.records.length} records)…`);
  const started = performance.now();
  const report = await importService(repos).importFile({
    kind: 'bundle',
    chunks: [JSON.stringify(bundle)],
  });
  const importMs = performance.now() - started;
  if (!report.applied) throw new Error(JSON.stringify(report.problems.slice(0, 5)));
  console.log(`Imported in ${(importMs / 1000).toFixed(1)} s`);
  const organisation = await repos.organisations.findBySlug(bundle.organisation.id);
  return { organisationId: organisation!.id, importMs };
}

async function ensureUser(repos: Repositories, email: string, roles: string[]) {
  if (await repos.users.findByEmail(email)) return;
  await userAdminService(repos).create({
    organisationSlug: 'bench-1',
    email,
    displayName: email.split('@')[0]!,
    roles,
    password,
  });
}

async function sessionCookie(services: Services, email: string): Promise<string> {
  const result = await services.auth.signIn(email, password, '127.0.0.1');
  if (result.outcome !== 'signed-in') throw new Error(`could not sign in as ${email}`);
  return `${cookieNames(config.secureCookies).session}=${result.sessionToken}`;
}

async function newApp(repos: Repositories) {
  const services = buildServices(repos, config);
  return { services, app: await createApp({ config, services }) };
}

/**
 * A page's status, then the median server time when it renders (undefined when it does not);
 * `before` runs ahead of each request, timed with it.
 */
async function pageMedian(
  app: FastifyInstance,
  url: string,
  cookie: string,
  n = runs,
  before?: () => Promise<unknown>,
) {
  const get = async () => {
    await before?.();
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (response.statusCode !== 200) throw new PageMissing(response.statusCode);
  };
  try {
    return { status: 200, ms: await warmMedian(get, n) };
  } catch (error) {
    if (error instanceof PageMissing) return { status: error.status, ms: undefined };
    throw error;
  }
}

class PageMissing extends Error {
  constructor(readonly status: number) {
    super(`status ${status}`);
  }
}

async function teamFigures(
  pool: pg.Pool,
  services: Services,
  app: FastifyInstance,
  organisationId: string,
  unitId: string,
  cookie: string,
) {
  const scope = await services.repos.compliance.unitScope(organisationId, unitId);
  const readMs = await warmMedian(() =>
    services.repos.organisationData.loadBundle(organisationId, scope),
  );
  const team = { kind: 'unit', unitId } as const;
  // Cold: the data changed since the last view (a fresh service has no view to reuse).
  const coldViewMs = await warmMedian(() =>
    complianceService(services.repos).view(organisationId, asOf, team),
  );
  const viewMs = await warmMedian(() => services.compliance.view(organisationId, asOf, team));
  const url = `/dashboards/teams/${unitId}?asOf=${asOf}`;
  const page = await pageMedian(app, url, cookie);
  // After a change: what a write does, in one UPDATE (well under a millisecond).
  const changed = await pageMedian(app, url, cookie, runs, () =>
    pool.query(
      `INSERT INTO organisation_data_version AS v VALUES ($1, 1)
       ON CONFLICT (organisation_id) DO UPDATE SET version = v.version + 1`,
      [organisationId],
    ),
  );
  return {
    pageMs: page.ms,
    pageStatus: page.status,
    changedPageMs: changed.ms,
    viewMs,
    coldViewMs,
    readMs,
    staff: scope.staffIds.length,
  };
}

async function organisationFigures(repos: Repositories, pool: pg.Pool, organisationId: string) {
  const countMs = await warmMedian(() => recordCount(pool, organisationId), 10);
  const readRecordsMs = median(
    await timed(coldRuns, () =>
      pool.query('SELECT * FROM supervision_record WHERE organisation_id = $1', [organisationId]),
    ),
  );
  const loadMs = median(
    await timed(coldRuns, () => repos.organisationData.loadBundle(organisationId)),
  );
  const organisation = { kind: 'organisation' } as const;
  let compliance: ComplianceService | undefined;
  const coldViewMs = median(
    await timed(coldRuns, () => {
      compliance = complianceService(repos, { snapshotMs: config.complianceSnapshotMs });
      return compliance.view(organisationId, asOf, organisation);
    }),
  );
  const warmViewMs = await warmMedian(() => compliance!.view(organisationId, asOf, organisation));
  return { countMs, readRecordsMs, loadMs, coldViewMs, warmViewMs };
}

/** The report page on a fresh app each time (cold), then again on the last one (warm). */
async function reportPageFigures(repos: Repositories, cookie: string) {
  const url = `/reports/management-oversight?asOf=${asOf}`;
  const cold: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    const { app } = await newApp(repos);
    try {
      const started = performance.now();
      const response = await app.inject({ method: 'GET', url, headers: { cookie } });
      cold.push(performance.now() - started);
      if (response.statusCode !== 200) return { status: response.statusCode };
      if (i === coldRuns - 1) {
        const warm = await pageMedian(app, url, cookie);
        return { status: 200, coldPageMs: median(cold), warmPageMs: warm.ms };
      }
    } finally {
      await app.close();
    }
  }
  return { status: 0 };
}

async function requestsPerSecond(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, workers: 1, headers });
  if (result.non2xx > 0 || result.errors > 0)
    console.warn(`  ${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return result.requests.average;
}

const signInPage = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/sign-in' });

/**
 * Waits until the app answers the sign-in page about as fast as it does idle and the pool is
 * idle: requests autocannon stopped waiting for still run, and would load the next measurement.
 */
async function settled(app: FastifyInstance, pool: pg.Pool, idleMs: number) {
  const started = performance.now();
  for (let quick = 0; quick < 3 && performance.now() - started < 120_000; ) {
    const [ms] = await timed(1, () => signInPage(app));
    const idle = pool.totalCount === pool.idleCount && pool.waitingCount === 0;
    quick = idle && ms! < 2 * idleMs + 5 ? quick + 1 : 0;
  }
}

/**
 * A bare JSON route, the rendered page and, for reference, the sign-in page (rendered through
 * the same plugins and layout, with no session and no database), alternately, `rounds` times.
 */
async function throughput(app: FastifyInstance, pool: pg.Pool, page: string, cookie: string) {
  const signInMs = await warmMedian(() => signInPage(app));
  const html = (await app.inject({ method: 'GET', url: page, headers: { cookie } })).body;
  const bare = Fastify();
  bare.get('/hello', async () => ({ hello: 'world' }));
  // The floor for the page: its own bytes, already rendered, from the bare server.
  bare.get('/page', (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const targets = [
    ['bare', `${bareUrl}/hello`, {}],
    ['pageBytes', `${bareUrl}/page`, {}],
    ['page', `${appUrl}${page}`, { cookie }],
    ['signIn', `${appUrl}/sign-in`, {}],
  ] as const;
  const byRound = {
    bare: [] as number[],
    pageBytes: [] as number[],
    page: [] as number[],
    signIn: [] as number[],
  };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, url, headers] of targets) {
        byRound[name].push(await requestsPerSecond(url, headers));
        await settled(app, pool, signInMs);
      }
    }
  } finally {
    await bare.close();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    page,
    bareRps: mean(byRound.bare),
    pageBytes: html.length,
    pageBytesRps: mean(byRound.pageBytes),
    pageRps: mean(byRound.page),
    signInRps: mean(byRound.signIn),
    signInMs,
    byRound,
  };
}

const ms = (value: number | undefined) =>
  value === undefined ? 'n/a' : `${value.toFixed(value < 1 ? 3 : value < 10 ? 2 : 0)} ms`;

function line(label: string, value: string, n: number | string, target = '') {
  console.log(`${label.padEnd(58)} ${value.padStart(12)} ${String(n).padStart(5)}   ${target}`);
}

function missing(status: number) {
  return status === 404 ? 'not built yet (404)' : `status ${status}`;
}

const fourFigures = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value;

function mergeResults(figures: Record<string, unknown>) {
  const file = path.join(here, 'results.json');
  const existing = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  // Four significant figures, and arrays of numbers on one line as the formatter keeps them.
  const text = JSON.stringify({ ...existing, dashboard: figures }, fourFigures, 2).replace(
    /\[\s+([-\d.e,\s]+?)\s+\]/g,
    (_, items: string) => `[${items.split(/,\s+/).join(', ')}]`,
  );
  writeFileSync(file, `${text}\n`);
  return file;
}

type Figures = {
  team: Awaited<ReturnType<typeof teamFigures>>;
  organisation: Awaited<ReturnType<typeof organisationFigures>>;
  report: Awaited<ReturnType<typeof reportPageFigures>>;
  load: Awaited<ReturnType<typeof throughput>>;
  pageIsDashboard: boolean;
};

function printTable({ team, organisation: org, report, load, pageIsDashboard }: Figures) {
  const rps = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} req/s`;
  const reportMs = (value: number | undefined) =>
    report.status === 200 ? ms(value) : missing(report.status);
  console.log(`\n${'figure'.padEnd(58)} ${'median'.padStart(12)} ${'N'.padStart(5)}   target`);
  line(
    `team dashboard page, server (${team.staff} staff)`,
    team.pageMs === undefined ? missing(team.pageStatus) : ms(team.pageMs),
    runs,
    '< 50 ms',
  );
  line(
    '  the same page after a change to the organisation',
    team.changedPageMs === undefined ? missing(team.pageStatus) : ms(team.changedPageMs),
    runs,
  );
  line('  compliance.view for the team, reused (data unchanged)', ms(team.viewMs), runs);
  line('  compliance.view for the team, worked out (cold)', ms(team.coldViewMs), runs);
  line("  floor: reading the team's slice of the organisation", ms(team.readMs), runs);
  line('organisation report page, cold (fresh app)', reportMs(report.coldPageMs), coldRuns);
  line('organisation report page, warm (snapshot)', reportMs(report.warmPageMs), runs, '< 2 s');
  line('  compliance.view, organisation, cold (load + evaluate)', ms(org.coldViewMs), coldRuns);
  line('  compliance.view, organisation, warm (snapshot)', ms(org.warmViewMs), runs);
  line('  floor: reading the whole organisation (loadBundle)', ms(org.loadMs), coldRuns);
  line("  floor: SELECT * of the organisation's records", ms(org.readRecordsMs), coldRuns);
  line("  floor: SELECT count(*) of the organisation's records", ms(org.countMs), 10);
  line('sign-in page, server (rendered, no session, no database)', ms(load.signInMs), runs);
  console.log(
    `\nthroughput, ${connections} connections, ${seconds} s each, ${rounds} rounds alternately:`,
  );
  line('  bare Fastify JSON route (GET /hello)', rps(load.bareRps), rounds);
  const page = pageIsDashboard ? 'team dashboard' : 'home page, standing in';
  const kb = Math.round(load.pageBytes / 1024);
  line(`  floor: the page's ${kb} KB, pre-rendered, bare route`, rps(load.pageBytesRps), rounds);
  line('  ratio pre-rendered page / bare', (load.pageBytesRps / load.bareRps).toPrecision(2), '');
  line(`  rendered page (${page})`, rps(load.pageRps), rounds);
  line('  ratio page / bare', (load.pageRps / load.bareRps).toPrecision(2), '', '>= 0.33');
  line('  ratio page / pre-rendered page', (load.pageRps / load.pageBytesRps).toPrecision(2), '');
  line('  for reference: sign-in page', rps(load.signInRps), rounds);
  line('  ratio sign-in page / bare', (load.signInRps / load.bareRps).toPrecision(2), '');
}

async function measure(repos: Repositories, pool: pg.Pool, organisationId: string, team: string) {
  const { services, app } = await newApp(repos);
  try {
    const teamCookie = await sessionCookie(services, teamManagerEmail);
    const seniorCookie = await sessionCookie(services, seniorManagerEmail);
    const units = await repos.compliance.units(organisationId);
    const unitId = units.find((u) => u.externalId === team)!.id;
    const teamFigs = await teamFigures(pool, services, app, organisationId, unitId, teamCookie);
    if (values.only === 'team') return { team: teamFigs };
    const organisation = await organisationFigures(repos, pool, organisationId);
    const report = await reportPageFigures(repos, seniorCookie);
    // Until the team dashboard renders, the signed-in home page stands in for it.
    const pageIsDashboard = teamFigs.pageStatus === 200;
    const page = pageIsDashboard ? `/dashboards/teams/${unitId}?asOf=${asOf}` : '/';
    const load = await throughput(app, pool, page, teamCookie);
    return { team: teamFigs, organisation, report, load, pageIsDashboard };
  } finally {
    await app.close();
  }
}

async function main() {
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(here, '.data'),
  });
  const repos = repositories(database.pool);
  try {
    const { organisationId, importMs, team, size } = await prepare(database.pool, repos);
    await ensureUser(repos, teamManagerEmail, ['supervisor']);
    await ensureUser(repos, seniorManagerEmail, ['senior_manager']);
    const loadBefore = os.loadavg()[0]!;
    console.log(
      `node ${process.version}; ${os.cpus().length} cores; load average ${loadBefore.toFixed(1)}; as of ${asOf}; ${size.staff} staff, ${size.children} children, ${size.sessions} sessions, ${size.records} records`,
    );
    const figures = await measure(repos, database.pool, organisationId, team);
    if (figures.load === undefined) {
      console.log(figures.team);
      return;
    }
    printTable(figures);
    const { team: teamFigs, organisation, report, load } = figures;
    const file = mergeResults({
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      // Other work on the machine slows every figure: the one-minute load average around the run.
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
      organisation: { policy, asOf, ...size },
      importSeconds: importMs === undefined ? null : importMs / 1000,
      runs,
      coldRuns,
      teamDashboard: { ...teamFigs, targetMs: 50 },
      organisationReport: { ...organisation, page: report, targetMs: 2000 },
      throughput: {
        connections,
        seconds,
        ...load,
        ratio: load.pageRps / load.bareRps,
        target: 0.33,
      },
    });
    console.log(`\nWritten under "dashboard" in ${path.relative(process.cwd(), file)}`);
  } finally {
    await database.close();
  }
}

/** The organisation in the database, and the size of what was generated. */
async function prepare(pool: pg.Pool, repos: Repositories) {
  const { bundle, team } = benchBundle();
  const size = {
    staff: bundle.staff.length,
    children: bundle.children.length,
    sessions: bundle.sessions.length,
    records: bundle.records.length,
  };
  const { organisationId, importMs } = await ensureOrganisation(pool, repos, bundle);
  return { organisationId, importMs, team, size };
}

await main();
