/**
 * The router's own list of routes, for the security tests: every route the app registers is
 * collected as it is added (createApp's onRoute), so a route added later is tested without
 * anyone remembering to list it.
 */
import { randomUUID } from 'node:crypto';
import type { RouteOptions } from 'fastify';
import type pg from 'pg';
import { afterAll } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { repositories } from '../../src/data-access/index.ts';
import { loadDemoOrganisation } from '../../src/services/demo/load-demo.ts';
import { services } from '../../src/services/index.ts';
import { createApp } from '../../src/web/app.ts';
import { testClock } from './app.ts';
import { freshDatabase } from './database.ts';

export type Route = { method: string; url: string };

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** testApp(), plus every route the router holds. */
export async function testAppWithRoutes() {
  const pool = await freshDatabase();
  await loadDemoOrganisation(pool);
  const config = loadConfig({ NODE_ENV: 'test' });
  const clock = testClock();
  const built = services(repositories(pool), config, clock.clock);
  const routes: Route[] = [];
  const onRoute = (route: RouteOptions) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  };
  const app = await createApp({ config, services: built, onRoute });
  afterAll(() => app.close());
  return { app, pool, services: built, routes };
}

/** The routes that change state: pages (CSRF-guarded) and the bearer-token API apart. */
export function stateChangingRoutes(routes: Route[]) {
  const unique = [
    ...new Map(
      routes.filter((r) => stateChanging.has(r.method)).map((r) => [`${r.method} ${r.url}`, r]),
    ).values(),
  ];
  return {
    pages: unique.filter((r) => !r.url.startsWith('/api/')),
    api: unique.filter((r) => r.url.startsWith('/api/')),
  };
}

/**
 * Real demo ids for a route's path parameters, chosen by the words before them, so that a
 * request that got past the CSRF check would reach a real thing. Parameters no query knows
 * (routes added later) get a fresh uuid: the CSRF check comes before any lookup.
 */
const fillers: { pattern: RegExp; sql: string }[] = [
  {
    pattern: /\/agenda\/:itemId/,
    sql: 'SELECT session_id AS id, session_id AS "sessionId", id AS "itemId" FROM session_agenda_item',
  },
  {
    pattern: /\/sessions\/:(id|sessionId)\/children\/:childId/,
    sql: 'SELECT session_id AS id, session_id AS "sessionId", child_id AS "childId" FROM session_child',
  },
  {
    pattern: /\/sessions\/:(id|sessionId)/,
    sql: `SELECT id, id AS "sessionId" FROM supervision_session WHERE status = 'planned'
          ORDER BY held_on`,
  },
  { pattern: /\/sessions\/new\/:kind/, sql: `SELECT 'one_to_one' AS kind` },
  {
    pattern: /\/absences\/:absenceId/,
    sql: 'SELECT staff_id AS id, id AS "absenceId" FROM absence',
  },
  {
    pattern: /\/staff\/:id\/supervisors\/:relationshipId/,
    sql: `SELECT supervisee_id AS id, id AS "relationshipId" FROM supervisory_relationship
          WHERE ends_on IS NULL`,
  },
  {
    pattern: /\/statuses\/:status\/:from/,
    sql: `SELECT child_id AS id, status, starts_on::text AS "from" FROM child_status_episode
          WHERE ends_on IS NULL`,
  },
  {
    pattern: /\/flags\/:flag\/:from/,
    sql: `SELECT child_id AS id, flag, starts_on::text AS "from" FROM child_flag WHERE ends_on IS NULL`,
  },
  {
    pattern: /\/allocations\/:workerId\/:role\/:from/,
    sql: `SELECT child_id AS id, worker_id AS "workerId", role, starts_on::text AS "from"
          FROM child_allocation WHERE ends_on IS NULL`,
  },
  {
    pattern: /\/escalations\/:escalationId/,
    sql: 'SELECT record_id AS id, id AS "escalationId" FROM record_escalation',
  },
  {
    pattern: /\/relationships\/:relationshipId/,
    sql: 'SELECT id AS "relationshipId" FROM supervisory_relationship WHERE ends_on IS NULL',
  },
  { pattern: /^\/agreements\/:id/, sql: 'SELECT id FROM supervision_agreement' },
  { pattern: /^\/audits\/draws\/:id/, sql: 'SELECT id FROM sample_draw' },
  { pattern: /^\/audits\/:id/, sql: 'SELECT id FROM quality_audit' },
  { pattern: /^\/(staff|planning\/people)\/:id/, sql: 'SELECT id FROM staff_member' },
  { pattern: /^\/children\/:id/, sql: 'SELECT id FROM child WHERE closed_on IS NULL' },
  { pattern: /^\/organisation\/units\/:id/, sql: 'SELECT id FROM org_unit' },
  { pattern: /^\/organisation\/import\/:id/, sql: 'SELECT id FROM import_job' },
  { pattern: /^\/organisation\/sync\/:id/, sql: 'SELECT id FROM sync_run' },
  { pattern: /^\/(api\/v1\/)?records\/:id/, sql: 'SELECT id FROM supervision_record' },
  { pattern: /^\/notifications\/:id/, sql: 'SELECT id FROM notification' },
  {
    pattern: /^\/feedback\/:supervisorId/,
    sql: 'SELECT DISTINCT supervisor_id AS "supervisorId" FROM supervisory_relationship',
  },
  { pattern: /^\/api\/v1\/agreements\/:id/, sql: 'SELECT id FROM supervision_agreement' },
  { pattern: /^\/api\/v1\/sessions\/:id/, sql: 'SELECT id FROM supervision_session' },
];

/** The route's address with its parameters filled; `unknown` names those given a new uuid. */
export async function fillPath(pool: pg.Pool, url: string) {
  const filler = fillers.find((f) => f.pattern.test(url));
  const row: Record<string, unknown> = filler
    ? ((await pool.query(`${filler.sql} LIMIT 1`)).rows[0] ?? {})
    : {};
  const unknown: string[] = [];
  const path = url.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    if (row[name] !== undefined && row[name] !== null) return encodeURIComponent(String(row[name]));
    unknown.push(name);
    return randomUUID();
  });
  return { path, unknown };
}

/** Every table's row count and a digest of its rows: equal snapshots mean nothing changed. */
export async function databaseSnapshot(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const snapshot = new Map<string, string>();
  for (const { table_name: table } of rows) {
    const { rows: digest } = await pool.query(
      `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS d
       FROM "${table}" t`,
    );
    snapshot.set(table, digest[0].d);
  }
  return snapshot;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Map<string, string>, after: Map<string, string>) {
  return [...new Set([...before.keys(), ...after.keys()])].filter(
    (table) => before.get(table) !== after.get(table),
  );
}
