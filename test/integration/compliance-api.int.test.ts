import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/calendar/index.ts';
import { testApp } from '../support/app.ts';
import { apiClient } from './api-helpers.ts';
import { accounts, staffIdOf, today, unitIdOf } from './organisation-helpers.ts';

type Named = { id: string | null; externalId: string; name: string | null };
type ObligationJson = {
  id: string;
  kind: string;
  state: string;
  dueDate: string | null;
  metOn: string | null;
  subject: { kind: string } & Named;
  worker: Named | null;
  responsible: Named | null;
  rule: { id: string; source: { seed: string; section: string } };
  evidence: string[];
};
type ListJson = {
  asOf: string;
  computedAt: string;
  policy: string;
  scope: { kind: string; id: string; name: string };
  total: number;
  limit: number;
  offset: number;
  next: number | null;
  counts: Record<string, number>;
  obligations: ObligationJson[];
};

describe('/api/v1/compliance', async () => {
  const { app, pool, services } = await testApp();
  const { tokenFor, call } = apiClient(app, services);
  const supervisor = await tokenFor(accounts.supervisor);
  const practitioner = await tokenFor(accounts.practitioner);
  const seniorManager = await tokenFor(accounts.seniorManager);
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const fatima = await staffIdOf(pool, 'sw-ait-2');
  const team = await unitIdOf(pool, 'ait-north');
  const otherTeam = await unitIdOf(pool, 'cic-south');

  /** A child allocated now to Jordan, and one allocated now only outside Jordan's team. */
  const childWhere = async (condition: string, value: string) => {
    const { rows } = await pool.query(
      `SELECT a.child_id FROM child_allocation a JOIN staff_member s ON s.id = a.worker_id
       WHERE a.starts_on <= current_date AND a.ends_on IS NULL AND ${condition}
       ORDER BY a.child_id LIMIT 1`,
      [value],
    );
    if (!rows[0]) throw new Error(`no child where ${condition}`);
    return rows[0].child_id as string;
  };
  const jordansChild = await childWhere('a.worker_id = $1', jordan);
  const elsewhereChild = await childWhere(
    `NOT EXISTS (SELECT 1 FROM child_allocation b JOIN staff_member t ON t.id = b.worker_id
       WHERE b.child_id = a.child_id AND t.team_id = $1)`,
    team,
  );

  const list = async (token: string, query: string) => {
    const response = await call(token, 'GET', `/compliance?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json() as ListJson;
  };
  const problemNames = async (token: string, query: string, status = 400) => {
    const response = await call(token, 'GET', `/compliance?${query}`);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json();
  };

  it('gives a team manager their team’s obligations, counted by state, in due-date order', async () => {
    const body = await list(supervisor, `unit=${team}&limit=1000`);
    expect(body.scope).toEqual({
      kind: 'unit',
      id: team,
      name: 'Assessment and Intervention Team North',
    });
    expect(body.asOf).toBe(today());
    expect(body.policy).toBe('systemic-4x4x4');
    expect(Date.parse(body.computedAt)).not.toBeNaN();
    expect(body.total).toBe(body.obligations.length);
    expect(body.total).toBeGreaterThan(0);
    const counted: Record<string, number> = {};
    for (const o of body.obligations) counted[o.state] = (counted[o.state] ?? 0) + 1;
    for (const [state, n] of Object.entries(body.counts))
      expect(n, state).toBe(counted[state] ?? 0);
    const dues = body.obligations.map((o) => o.dueDate).filter((d) => d !== null);
    expect(dues).toEqual([...dues].sort());

    // Internal ids and names beside the external ids the engine works with.
    const jordans = body.obligations.find(
      (o) => o.kind === 'staff_supervision' && o.subject.id === jordan,
    );
    expect(jordans?.subject).toEqual({
      kind: 'staff',
      id: jordan,
      externalId: 'sw-ait-1',
      name: 'Jordan Ellis',
    });
    expect(jordans?.rule.source.seed).toEqual(expect.any(String));
  });

  it('filters by kind and by state', async () => {
    const supervision = await list(supervisor, `unit=${team}&kind=staff_supervision&limit=1000`);
    expect(supervision.total).toBeGreaterThan(0);
    expect(new Set(supervision.obligations.map((o) => o.kind))).toEqual(
      new Set(['staff_supervision']),
    );

    const overdue = await list(supervisor, `unit=${team}&state=overdue&limit=1000`);
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.obligations.every((o) => o.state === 'overdue')).toBe(true);
    expect(overdue.counts).toMatchObject({ overdue: overdue.total, met: 0, due: 0 });

    const both = await list(supervisor, `unit=${team}&state=overdue,due&state=due_soon`);
    const all = await list(supervisor, `unit=${team}`);
    expect(both.total).toBe(all.counts.overdue! + all.counts.due! + all.counts.due_soon!);
  });

  it('replays an earlier date with only what was known then', async () => {
    const now = await list(supervisor, `unit=${team}&limit=1000`);
    const earlier = addMonths(today(), -3);
    const then = await list(supervisor, `unit=${team}&asOf=${earlier}&limit=1000`);
    expect(then.asOf).toBe(earlier);
    expect(then.counts.met! + then.counts.met_late!).toBeLessThan(
      now.counts.met! + now.counts.met_late!,
    );
    for (const o of then.obligations) if (o.metOn) expect(o.metOn <= earlier, o.id).toBe(true);
  });

  it('gives a practitioner their own obligations and those of their children', async () => {
    const mine = await list(practitioner, `person=${jordan}&limit=1000`);
    expect(mine.scope).toEqual({ kind: 'person', id: jordan, name: 'Jordan Ellis' });
    expect(mine.obligations.some((o) => o.subject.id === jordan)).toBe(true);
    for (const o of mine.obligations)
      expect(
        [o.subject.id, o.worker?.id, o.responsible?.id].includes(jordan) ||
          o.subject.kind === 'child',
        o.id,
      ).toBe(true);
    expect(
      mine.obligations.some((o) => o.subject.kind === 'staff' && o.subject.id === fatima),
    ).toBe(false);
  });

  it('gives a child’s obligations to those who may see the child', async () => {
    const childs = await list(practitioner, `child=${jordansChild}&limit=1000`);
    expect(childs.scope).toMatchObject({ kind: 'child', id: jordansChild });
    expect(childs.total).toBeGreaterThan(0);
    for (const o of childs.obligations)
      expect(o.subject).toMatchObject({ kind: 'child', id: jordansChild });
    await problemNames(practitioner, `child=${elsewhereChild}`, 403);
  });

  it('refuses what is not the caller’s to see, and ids that are not in the organisation', async () => {
    const forbidden = await problemNames(practitioner, `unit=${team}`, 403);
    expect(forbidden.status).toBe(403);
    await problemNames(practitioner, `person=${fatima}`, 403);
    await problemNames(practitioner, '', 403);
    await problemNames(supervisor, `unit=${otherTeam}`, 403);
    await problemNames(supervisor, '', 403);
    // A supervisor sees the people they supervise.
    expect((await list(supervisor, `person=${jordan}`)).scope.id).toBe(jordan);

    for (const name of ['unit', 'person', 'child'])
      expect((await problemNames(seniorManager, `${name}=${randomUUID()}`, 404)).status).toBe(404);
  });

  it('names each parameter it cannot read', async () => {
    const names = async (query: string) =>
      (await problemNames(supervisor, query)).errors.map((e: { name: string }) => e.name);

    const date = await problemNames(supervisor, `unit=${team}&asOf=2026-02-30`);
    expect(date.errors).toEqual([{ name: 'asOf', problem: 'Enter a real date as YYYY-MM-DD' }]);
    expect(date.detail).toContain('asOf: enter a real date as YYYY-MM-DD');

    const kind = await problemNames(supervisor, 'kind=staff_supervision,chat');
    expect(kind.errors).toHaveLength(1);
    expect(kind.errors[0].name).toBe('kind');
    expect(kind.errors[0].problem).toContain('“chat”');
    expect(kind.errors[0].problem).toContain('case_supervision');

    expect(await names('limit=0')).toEqual(['limit']);
    expect(await names('limit=1001')).toEqual(['limit']);
    expect(await names('limit=ten&offset=-1')).toEqual(['limit', 'offset']);
    expect(await names(`unit=${team}&person=${jordan}`)).toEqual(['unit', 'person']);
    expect(await names('person=jordan')).toEqual(['person']);
    expect(await names('state=late&dueFrom=2026-03-01&dueTo=2026-02-01')).toEqual([
      'state',
      'dueTo',
    ]);
    expect(await names(`unit=${team}&status=overdue`)).toEqual(['status']);
  });

  it('gives a senior manager the whole organisation', async () => {
    const whole = await list(seniorManager, 'limit=1000');
    expect(whole.scope.kind).toBe('organisation');
    const teamOnly = await list(seniorManager, `unit=${team}&limit=1000`);
    expect(whole.total).toBeGreaterThan(teamOnly.total);
    const teams = new Set(
      whole.obligations.filter((o) => o.subject.kind === 'staff').map((o) => o.subject.id),
    );
    expect(teams.has(jordan)).toBe(true);
    expect(teams.has(await staffIdOf(pool, 'tm-cic'))).toBe(true);
  });

  it('pages through the matching obligations with the same total', async () => {
    const ten = await list(supervisor, `unit=${team}&limit=10`);
    expect(ten.obligations).toHaveLength(10);
    expect(ten.next).toBe(10);
    const first = await call(supervisor, 'GET', `/compliance?unit=${team}&limit=5`);
    expect(first.headers.link).toBe(
      `</api/v1/compliance?unit=${team}&limit=5&offset=5>; rel="next"`,
    );
    const second = await list(supervisor, `unit=${team}&limit=5&offset=5`);
    expect(second.total).toBe(ten.total);
    expect(second.counts).toEqual(ten.counts);
    expect([...first.json().obligations, ...second.obligations].map((o) => o.id)).toEqual(
      ten.obligations.map((o) => o.id),
    );
    const last = await list(supervisor, `unit=${team}&limit=5&offset=${ten.total - 2}`);
    expect(last.obligations).toHaveLength(2);
    expect(last.next).toBeNull();
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    const operation = document.paths['/compliance'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual([
      'unit',
      'person',
      'child',
      'kind',
      'state',
      'asOf',
      'dueFrom',
      'dueTo',
      'limit',
      'offset',
    ]);
    const { ObligationList, Obligation } = document.components.schemas;
    const body = await list(supervisor, `unit=${team}&limit=1`);
    for (const key of ObligationList.required) expect(body).toHaveProperty(key);
    for (const key of Obligation.required) expect(body.obligations[0]).toHaveProperty(key);
  });
});
