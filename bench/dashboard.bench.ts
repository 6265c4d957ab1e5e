/**
 * Benchmark (not a test): dashboards and reports on the large council (bench/large-council.ts:
 * 1,500 staff, 15,000 children, five years, about a million records). Measured side by side in
 * one run: the team dashboard's server time, the organisation report cold and warm against the
 * floors of reading the rows, and a rendered page's throughput against a bare Fastify route.
 * Run: node --max-semi-space-size=64 --import tsx bench/dashboard.bench.ts
 *      [--runs 30] [--cold-runs 3] [--seconds 10] [--rounds 2]. docs/performance.md
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type Repositories, repositories } from '../src/data-access/index.ts';
import { type ComplianceService, complianceService } from '../src/services/compliance-service.ts';
import { demoPassword } from '../src/services/demo/demo-organisation.ts';
import { services as buildServices, type Services } from '../src/services/index.ts';
import { createApp } from '../src/web/app.ts';
import { cookieNames } from '../src/web/cookies.ts';
import {
  type Figure,
  figure,
  machine,
  median,
  printFigures,
  timed,
  writeSection,
} from './figures.ts';
import { largeAsOf, largeSlug, openLargeCouncil } from './large-council.ts';

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

const asOf = largeAsOf;
const teamManagerEmail = `supervisor@${largeSlug}.example`;
const seniorManagerEmail = `senior.manager@${largeSlug}.example`;
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

/** Median of `runs` after `warmups` unmeasured calls. */
async function warmMedian(fn: () => Promise<unknown>, n = runs): Promise<number> {
  await timed(warmups, fn);
  return median(await timed(n, fn));
}

async function recordCount(pool: pg.Pool, organisationId: string): Promise<number> {
  const { rows } = await pool.query(
    'SELECT count(*)::int AS n FROM supervision_record WHERE organisation_id = $1',
    [organisationId],
  );
  return rows[0].n;
}

/** The team the large council's team manager (`supervisor@…`) manages. */
async function managersTeam(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query(
    `SELECT s.team_id FROM user_account a
     JOIN staff_member s ON s.organisation_id = a.organisation_id AND s.id = a.staff_member_id
     WHERE a.email = $1`,
    [teamManagerEmail],
  );
  if (!rows[0]) throw new Error(`${teamManagerEmail} has no team`);
  return rows[0].team_id;
}

async function sessionCookie(services: Services, email: string): Promise<string> {
  const result = await services.auth.signIn(email, demoPassword, '127.0.0.1');
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

type Figures = {
  team: Awaited<ReturnType<typeof teamFigures>>;
  organisation: Awaited<ReturnType<typeof organisationFigures>>;
  report: Awaited<ReturnType<typeof reportPageFigures>>;
  load: Awaited<ReturnType<typeof throughput>>;
};

/** Every figure beside its floor; a page that did not render is a fault, not a figure. */
function toFigures({ team, organisation: org, report, load }: Figures): Figure[] {
  if (team.pageMs === undefined || team.changedPageMs === undefined)
    throw new Error(`the team dashboard answered ${team.pageStatus}`);
  if (report.coldPageMs === undefined || report.warmPageMs === undefined)
    throw new Error(`the organisation report answered ${report.status}`);
  const signIn = {
    label: 'the sign-in page through the same app (no session, no database)',
    value: load.signInMs,
  };
  const slice = { label: `reading the team's slice (loadBundle)`, value: team.readMs };
  const whole = { label: 'reading the whole organisation (loadBundle)', value: org.loadMs };
  const bare = { label: 'a bare Fastify JSON route', value: load.bareRps };
  const met = (ok: boolean, text: string) => ({ text, met: ok });
  return [
    figure(
      'team.page',
      `team dashboard page, server (${team.staff} staff), data unchanged`,
      team.pageMs,
      'ms',
      { n: runs, floor: signIn, target: met(team.pageMs < 50, '< 50 ms') },
    ),
    figure(
      'team.changed',
      '  the same page after a change in the organisation',
      team.changedPageMs,
      'ms',
      { n: runs, floor: slice },
    ),
    figure(
      'team.view-cold',
      "  the team's compliance worked out (no page)",
      team.coldViewMs,
      'ms',
      { n: runs, floor: slice },
    ),
    figure('report.cold', 'organisation report page, cold (fresh app)', report.coldPageMs, 'ms', {
      n: coldRuns,
      floor: whole,
    }),
    figure('report.warm', 'organisation report page, warm (snapshot)', report.warmPageMs, 'ms', {
      n: runs,
      floor: signIn,
      target: met(report.warmPageMs < 2000, '< 2 s'),
    }),
    figure(
      'organisation.view-cold',
      "  the organisation's compliance worked out (read + evaluate)",
      org.coldViewMs,
      'ms',
      { n: coldRuns, floor: whole },
    ),
    figure('organisation.read', '  reading the whole organisation (loadBundle)', org.loadMs, 'ms', {
      n: coldRuns,
      floor: { label: "SELECT * of the organisation's records", value: org.readRecordsMs },
    }),
    figure(
      'throughput.page',
      `team dashboard, ${Math.round(load.pageBytes / 1024)} KB, rendered`,
      load.pageRps,
      'req/s',
      { n: rounds, floor: bare, target: met(load.pageRps / load.bareRps >= 0.33, 'ratio ≥ 0.33') },
    ),
    figure(
      'throughput.page-bytes',
      '  the same bytes pre-rendered, from the bare server',
      load.pageBytesRps,
      'req/s',
      { n: rounds, floor: bare },
    ),
    figure(
      'throughput.page-vs-bytes',
      '  team dashboard against its own bytes pre-rendered',
      load.pageRps,
      'req/s',
      {
        n: rounds,
        floor: { label: 'the page pre-rendered, bare route', value: load.pageBytesRps },
      },
    ),
    figure('throughput.sign-in', 'sign-in page, rendered', load.signInRps, 'req/s', {
      n: rounds,
      floor: bare,
    }),
  ];
}

async function measure(repos: Repositories, pool: pg.Pool, organisationId: string) {
  const { services, app } = await newApp(repos);
  try {
    const teamCookie = await sessionCookie(services, teamManagerEmail);
    const seniorCookie = await sessionCookie(services, seniorManagerEmail);
    const unitId = await managersTeam(pool);
    const team = await teamFigures(pool, services, app, organisationId, unitId, teamCookie);
    if (values.only === 'team') return { team };
    const organisation = await organisationFigures(repos, pool, organisationId);
    const report = await reportPageFigures(repos, seniorCookie);
    const load = await throughput(
      app,
      pool,
      `/dashboards/teams/${unitId}?asOf=${asOf}`,
      teamCookie,
    );
    return { team, organisation, report, load };
  } finally {
    await app.close();
  }
}

async function main() {
  const council = await openLargeCouncil();
  const { database, organisationId, size, importSeconds } = council;
  const repos = repositories(database.pool);
  try {
    const loadBefore = os.loadavg()[0]!;
    console.log(
      `node ${process.version}; ${os.cpus().length} cores; load average ${loadBefore.toFixed(1)}; as of ${asOf}; ${size.staff} staff, ${size.children} children, ${size.sessions} sessions, ${size.records} records`,
    );
    const measured = await measure(repos, database.pool, organisationId);
    if (measured.load === undefined) {
      console.log(measured.team);
      return;
    }
    const figures = toFigures(measured as Figures);
    printFigures(figures);
    const file = writeSection(
      'dashboard',
      {
        ...machine(loadBefore),
        organisation: { slug: largeSlug, asOf, ...size },
        loadSeconds: importSeconds,
        runs,
        coldRuns,
        throughput: {
          connections,
          seconds,
          page: measured.load.page,
          byRound: measured.load.byRound,
        },
      },
      figures,
    );
    console.log(`\nWritten under "dashboard" in ${path.relative(process.cwd(), file)}`);
  } finally {
    await database.close();
  }
}

await main();
