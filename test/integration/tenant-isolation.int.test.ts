import { describe, expect, it } from 'vitest';
import { repositories } from '../../src/data-access/index.ts';
import {
  currentTenant,
  rowLevelSecurityProblem,
  withOrganisation,
} from '../../src/data-access/tenant-scope.ts';
import { demoBundle } from '../../src/services/demo/demo-bundle.ts';
import { importService } from '../../src/services/import/import-service.ts';
import { userAdminService } from '../../src/services/user-admin-service.ts';
import { browserClient, testApp } from '../support/app.ts';
import { ownerOf } from '../support/database.ts';
import { today } from './organisation-helpers.ts';

/**
 * Two councils on one database: Northshire (the demo) and Eastshire, a copy of it under other
 * ids. Row-level security on organisation_id (migration 0016) must keep each one's rows from
 * the other even where a query names the wrong organisation.
 */
describe('tenant isolation', async () => {
  const { app, pool } = await testApp();
  const repos = repositories(pool);
  const bundle = demoBundle(today());
  bundle.organisation = { ...bundle.organisation, id: 'eastshire', name: 'Eastshire Council' };
  for (const person of bundle.staff) {
    if (person.email) person.email = person.email.replace('@northshire.', '@eastshire.');
  }
  const report = await importService(repos).importFile({
    kind: 'bundle',
    chunks: [JSON.stringify(bundle)],
  });
  expect(report.applied).toBe(true);
  const north = (await repos.organisations.findBySlug('northshire'))!;
  const east = (await repos.organisations.findBySlug('eastshire'))!;
  const eastManager = bundle.staff.find((s) => s.email === 'daniel.okafor@eastshire.example')!;
  const eastPassword = 'eastshire-test-2026';
  await userAdminService(repos).create({
    organisationSlug: 'eastshire',
    email: eastManager.email!,
    displayName: 'Eastshire team manager',
    roles: ['supervisor', 'senior_manager', 'administrator'],
    password: eastPassword,
  });

  const tenantTables = async (): Promise<string[]> => {
    const { rows } = await pool.query(`
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organisation_id'
      WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 1`);
    return rows.map((row) => row.relname as string);
  };

  it('connects as the unprivileged application role, under every table’s policy', async () => {
    const roleNow = async () => (await pool.query('SELECT current_user AS role')).rows[0].role;
    expect(await withOrganisation(east.id, roleNow)).toBe('oversight_app');
    expect(await roleNow()).toBe('oversight_system');
    expect(await rowLevelSecurityProblem(pool)).toBeUndefined();
    expect(await rowLevelSecurityProblem(ownerOf(pool))).toMatch(/bypasses row-level security/);
    const { rows: unprotected } = await pool.query(`
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r'
        AND (c.relname = 'organisation' OR EXISTS (SELECT 1 FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attname = 'organisation_id'))
        AND NOT (c.relrowsecurity AND c.relforcerowsecurity AND EXISTS (
          SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'))`);
    expect(unprotected).toEqual([]);
  });

  it('reads 0 rows of the other organisation from any table, whatever the query asks', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThan(30);
    let crossReads = 0;
    let ownRows = 0;
    for (const table of tables) {
      for (const [mine, theirs] of [
        [north.id, east.id],
        [east.id, north.id],
      ] as const) {
        const counts = await withOrganisation(mine, async () => {
          const { rows } = await pool.query(
            `SELECT count(*) FILTER (WHERE organisation_id = $1) AS theirs,
                    count(*) FILTER (WHERE organisation_id = $2) AS mine FROM ${table}`,
            [theirs, mine],
          );
          return rows[0] as { theirs: number; mine: number };
        });
        crossReads += counts.theirs;
        ownRows += counts.mine;
      }
    }
    console.log(`tenant isolation: ${tables.length} tables, ${crossReads} reads across`);
    expect(crossReads).toBe(0);
    expect(ownRows).toBeGreaterThan(1000);
  });

  it('finds nothing when a repository is asked for the other organisation’s record', async () => {
    const { rows } = await pool.query(
      'SELECT id FROM supervision_record WHERE organisation_id = $1 LIMIT 1',
      [north.id],
    );
    const recordId = rows[0].id as string;
    expect(await repos.records.find(north.id, recordId)).toBeTruthy();
    const asEast = await withOrganisation(east.id, () => repos.records.find(north.id, recordId));
    expect(asEast).toBeFalsy();
  });

  it('refuses to write a row into the other organisation', async () => {
    await expect(
      withOrganisation(east.id, () =>
        pool.query(
          `INSERT INTO org_unit (organisation_id, id, external_id, name, kind)
           VALUES ($1, gen_random_uuid(), 'intruder', 'Intruder', 'team')`,
          [north.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withOrganisation(east.id, () =>
        pool.query(`UPDATE staff_member SET name = 'changed' WHERE organisation_id = $1`, [
          north.id,
        ]),
      ),
    ).resolves.toMatchObject({ rowCount: 0 });
  });

  it('sees nothing on an organisation’s connection that has lost its setting', async () => {
    await withOrganisation(east.id, async () => {
      const client = await pool.connect();
      try {
        await client.query("SELECT set_config('oversight.organisation_id', '', false)");
        const { rows } = await client.query('SELECT count(*) AS n FROM staff_member');
        expect(rows[0].n).toBe(0);
      } finally {
        await client.query("SELECT set_config('oversight.organisation_id', $1, false)", [east.id]);
        client.release();
      }
    });
  });

  it('runs a signed-in request’s queries as its own organisation only', async () => {
    const tenants: string[] = [];
    type Connect = (...args: unknown[]) => unknown;
    const connect = pool.connect.bind(pool) as Connect;
    // Every query of the request takes a connection here, in the request's context.
    (pool as unknown as { connect: Connect }).connect = (...args) => {
      tenants.push(currentTenant());
      return connect(...args);
    };
    try {
      const client = browserClient(app);
      await client.signIn(eastManager.email!, eastPassword);
      tenants.length = 0;
      const home = await client.get('/');
      expect(home.statusCode).toBe(200);
      // Only finding the session and its account, before the organisation is known, sees all.
      const first = tenants.indexOf(east.id);
      expect(first).toBeGreaterThan(0);
      expect(tenants.slice(0, first).length).toBeLessThanOrEqual(3);
      expect(new Set(tenants.slice(first))).toEqual(new Set([east.id]));
      expect(tenants.length - first).toBeGreaterThan(3);
    } finally {
      delete (pool as unknown as { connect?: unknown }).connect;
    }
  });

  it('shows a signed-in user none of the other organisation’s people, children or records', async () => {
    const client = browserClient(app);
    await client.signIn(eastManager.email!, eastPassword);
    const ids = async (sql: string) =>
      (await pool.query(sql, [north.id])).rows.map((row) => row.id as string);
    const targets = [
      ...(await ids('SELECT id FROM staff_member WHERE organisation_id = $1 LIMIT 5')).map(
        (id) => `/staff/${id}`,
      ),
      ...(await ids('SELECT id FROM child WHERE organisation_id = $1 LIMIT 5')).map(
        (id) => `/children/${id}`,
      ),
      ...(await ids('SELECT id FROM supervision_record WHERE organisation_id = $1 LIMIT 5')).map(
        (id) => `/records/${id}`,
      ),
      ...(await ids('SELECT id FROM supervision_session WHERE organisation_id = $1 LIMIT 5')).map(
        (id) => `/planning/sessions/${id}`,
      ),
      ...(await ids('SELECT id FROM org_unit WHERE organisation_id = $1 LIMIT 5')).map(
        (id) => `/organisation/units/${id}/edit`,
      ),
    ];
    const northNames = (
      await pool.query(
        `SELECT name FROM staff_member WHERE organisation_id = $1
         AND name NOT IN (SELECT name FROM staff_member WHERE organisation_id = $2)`,
        [north.id, east.id],
      )
    ).rows.map((row) => row.name as string);
    let reads = 0;
    for (const url of targets) {
      const response = await client.get(url);
      if (response.statusCode < 400) reads++;
    }
    const organisationPage = await client.get('/organisation');
    expect(organisationPage.body).toContain('Eastshire');
    expect(organisationPage.body).not.toContain('Northshire');
    for (const name of northNames) expect(organisationPage.body).not.toContain(name);
    console.log(`tenant isolation over HTTP: ${targets.length} addresses, ${reads} reads across`);
    expect(reads).toBe(0);
  });
});
