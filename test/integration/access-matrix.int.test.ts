/**
 * The access matrix over HTTP, generated from the policy table: for every role × resource × action
 * cell that has a route, a person in the role's relationship to Jordan Ellis and a stranger to him
 * ask for Jordan's things by id. What the cell allows must open (2xx/3xx, with the content); what
 * it refuses must answer 403/404 (or leave the row out of a list) with none of the content, and
 * change nothing. A leak is a refused request that shows the content or changes data. Cells with
 * no route are listed and checked through can() in src/domain/access/matrix.test.ts.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type MatrixAction,
  type MatrixResource,
  type MatrixRole,
  matrixActions,
  matrixCell,
  matrixResources,
  matrixRoles,
} from '../../src/domain/access/matrix.ts';
import { browserClient, testApp } from '../support/app.ts';
import { fingerprint, type Scene, setUpScene, signIns } from './access-matrix-helpers.ts';
import { agreementIdIn } from './agreements-helpers.ts';

type Probe = {
  method: 'GET' | 'POST';
  url: string;
  form?: Record<string, string>;
  /** Whether the response shows the resource's content. */
  shows: (body: string) => boolean;
  /**
   * A list leaves out what it may not show, with 200; what it shows is the page's choice (the
   * records list is the person's own), so only its refusals are held to the table.
   */
  list?: true;
  /** State-changing: sent only where the cell refuses (the allowed path is the feature's tests'). */
  refusalOnly?: true;
};

const has = (text: string) => (body: string) => body.includes(text);
const jordan = 'Jordan Ellis';
/** Jordan's teammate: in what lists Jordan's team, and never the signed-in person's own name. */
const teammate = 'Fatima Hussain';

/** The request that exercises each cell, against Jordan's things; none where there is no route. */
function probes(s: Scene, routes: (method: string, url: string) => boolean) {
  const record = (id: string, content: string): Partial<Record<MatrixAction, Probe>> => ({
    list: { method: 'GET', url: '/records', shows: has(`/records/${id}`), list: true },
    view: { method: 'GET', url: `/records/${id}`, shows: has(content) },
    edit: {
      method: 'POST',
      url: `/records/${id}/edit`,
      form: { version: '1', revision: '1' },
      shows: has(content),
      refusalOnly: true,
    },
    sign: {
      method: 'POST',
      url: `/records/${id}/sign`,
      form: { decision: 'agree' },
      shows: has(content),
      refusalOnly: true,
    },
    comment: {
      method: 'POST',
      url: `/records/${id}/escalate`,
      form: { reason: 'I do not agree' },
      shows: has(content),
      refusalOnly: true,
    },
    ...(routes('POST', '/records/:id/redact')
      ? {
          redact: {
            method: 'POST',
            url: `/records/${id}/redact`,
            form: {},
            shows: has(content),
            refusalOnly: true,
          } satisfies Probe,
        }
      : {}),
  });
  const auditLog = routes('GET', '/organisation/audit-log');
  const agreement = s.agreement;
  const all: Record<MatrixResource, Partial<Record<MatrixAction, Probe>>> = {
    personal_record: record(s.personal, 'Friday afternoons are kept free for writing up'),
    case_record: record(s.caseRecord, 'Two health appointments missed since the review'),
    observation: record(s.observation, 'three houses with the younger child'),
    agreement: agreement
      ? {
          list: {
            method: 'GET',
            url: '/agreements',
            shows: has(`/agreements/${agreement}`),
            list: true,
          },
          view: { method: 'GET', url: `/agreements/${agreement}`, shows: has(jordan) },
          edit: {
            method: 'POST',
            url: `/agreements/${agreement}/edit`,
            form: {},
            shows: has(`/agreements/${agreement}/edit`),
            refusalOnly: true,
          },
          sign: {
            method: 'POST',
            url: `/agreements/${agreement}/sign`,
            form: { confirm: 'yes' },
            shows: has(`/agreements/${agreement}/edit`),
            refusalOnly: true,
          },
          create: {
            method: 'POST',
            url: `/agreements/relationships/${s.relationship}/new`,
            form: {},
            shows: has(`/agreements/${agreement}/edit`),
            refusalOnly: true,
          },
        }
      : {},
    worker_details: {
      list: { method: 'GET', url: '/staff?q=Ellis', shows: has(`/staff/${s.jordan}`), list: true },
      view: { method: 'GET', url: `/staff/${s.jordan}`, shows: has(jordan) },
      edit: {
        method: 'POST',
        url: `/staff/${s.jordan}/edit`,
        form: { name: 'Changed Name' },
        shows: has(`/staff/${s.jordan}/edit`),
        refusalOnly: true,
      },
      export: { method: 'GET', url: '/organisation/export/bundle.json', shows: has(teammate) },
    },
    audit: {
      list: { method: 'GET', url: '/audits', shows: has(`/audits/${s.audit}`), list: true },
      view: { method: 'GET', url: `/audits/${s.audit}`, shows: has('Richard Haworth') },
      // Audits are made by drawing a sample.
      create: {
        method: 'POST',
        url: '/audits/sampling/draw',
        form: {},
        shows: has(`/audits/${s.audit}`),
        refusalOnly: true,
      },
      edit: {
        method: 'POST',
        url: `/audits/${s.audit}`,
        form: {},
        shows: has(`/audits/${s.audit}`),
        refusalOnly: true,
      },
      comment: {
        method: 'POST',
        url: `/audits/${s.audit}/feedback`,
        form: {},
        shows: has(`/audits/${s.audit}`),
        refusalOnly: true,
      },
    },
    report: {
      list: { method: 'GET', url: '/reports', shows: has(teammate), list: true },
      view: {
        method: 'GET',
        url: `/reports/supervision-frequency?unit=${s.aitNorth}`,
        shows: has(teammate),
      },
      export: {
        method: 'GET',
        url: `/reports/supervision-frequency?unit=${s.aitNorth}&format=csv`,
        shows: has(teammate),
      },
    },
    audit_log: auditLog
      ? {
          list: { method: 'GET', url: '/organisation/audit-log', shows: has('<table'), list: true },
          view: { method: 'GET', url: '/organisation/audit-log', shows: has('<table') },
          export: {
            method: 'GET',
            url: '/organisation/audit-log?format=csv',
            shows: (body) => body.length > 0 && !body.includes('<html'),
          },
        }
      : {},
  };
  return all;
}

type Case = {
  role: MatrixRole;
  resource: MatrixResource;
  action: MatrixAction;
  who: 'related' | 'stranger';
  expected: 'allowed' | 'refused';
  /** Whether the same person may view the resource: then its content on a refusal is no leak. */
  mayView: boolean;
  probe: Probe;
};

const allows = (cell: ReturnType<typeof matrixCell>, who: 'related' | 'stranger') =>
  cell.allowed === 'yes' || (cell.allowed === 'if' && who === 'related');

const grantHolders: MatrixRole[] = ['investigating_officer', 'inspector'];

describe('the access matrix over HTTP', async () => {
  const { app, pool } = await testApp();
  const scene = await setUpScene(pool);
  // The demo has no agreement between Jordan and Daniel: Daniel starts one, as the page does.
  if (!scene.agreement) {
    const daniel = browserClient(app);
    await daniel.signIn('supervisor@northshire.example');
    await daniel.get(`/agreements/relationships/${scene.relationship}`);
    const started = await daniel.post(`/agreements/relationships/${scene.relationship}/new`, {});
    scene.agreement = agreementIdIn(started.headers.location);
  }
  const routes = (method: string, url: string) => app.hasRoute({ method: method as 'GET', url });
  const all = probes(scene, routes);

  const cases: Case[] = [];
  const noRoute: string[] = [];
  const todo: string[] = [];
  let routed = 0;
  for (const role of Object.keys(matrixRoles) as MatrixRole[])
    for (const resource of Object.keys(matrixResources) as MatrixResource[])
      for (const action of matrixActions) {
        const cell = matrixCell(role, resource, action);
        const probe = all[resource][action];
        const name = `${role} × ${resource} × ${action}`;
        if (!probe) {
          noRoute.push(name);
          continue;
        }
        // Grants are in the table; without the grants feature's table the holders have none.
        if (grantHolders.includes(role) && cell.allowed === 'if' && scene.grants !== 'live') {
          todo.push(`${name}: ${scene.grants}`);
          continue;
        }
        routed += 1;
        for (const who of ['related', 'stranger'] as const) {
          const allowed = allows(cell, who);
          if (allowed && probe.refusalOnly) continue;
          const mayView = allows(matrixCell(role, resource, 'view'), who);
          const expected = allowed ? 'allowed' : 'refused';
          cases.push({ role, resource, action, who, expected, mayView, probe });
        }
      }

  const clients = new Map<string, ReturnType<typeof browserClient>>();
  async function clientFor(email: string) {
    let client = clients.get(email);
    if (!client) {
      client = browserClient(app);
      const response = await client.signIn(email);
      if (response.statusCode !== 303) throw new Error(`could not sign in as ${email}`);
      clients.set(email, client);
    }
    // A fresh page for a fresh CSRF token.
    await client.get('/');
    return client;
  }

  let leaks = 0;
  let run = 0;
  afterAll(() => {
    console.log(
      `access matrix: ${run} cases over HTTP, ${leaks} leaks; ${noRoute.length} cells without a route (checked through can()); ${todo.length} todo`,
    );
    if (todo.length) console.log(`access matrix todo:\n  ${todo.join('\n  ')}`);
    const routeless = new Set(noRoute.map((n) => n.split(' × ').slice(1).join(' × ')));
    console.log(`access matrix, no route for: ${[...routeless].join(', ')}`);
  });

  it('accounts for every cell of the matrix: over HTTP, without a route, or todo', () => {
    const cells = Object.keys(matrixRoles).length * Object.keys(matrixResources).length;
    expect(routed + noRoute.length + todo.length).toBe(cells * matrixActions.length);
    expect(routed).toBeGreaterThan(300);
  });

  it.each(
    cases.map(
      (c) => [`${c.role} (${c.who}) ${c.action}s ${c.resource}: ${c.expected}`, c] as const,
    ),
  )('%s', async (_name, c) => {
    const client = await clientFor(signIns[c.role][c.who]);
    const before = c.probe.method === 'POST' ? await fingerprint(pool) : '';
    const response: LightMyRequestResponse =
      c.probe.method === 'GET'
        ? await client.get(c.probe.url)
        : await client.post(c.probe.url, c.probe.form ?? {});
    run += 1;
    const status = response.statusCode;
    if (c.expected === 'allowed') {
      expect(status, response.body.slice(0, 300)).toBeLessThan(400);
      if (!c.probe.list) expect(c.probe.shows(response.body)).toBe(true);
      return;
    }
    const shown = !c.mayView && c.probe.shows(response.body);
    const changed = c.probe.method === 'POST' && (await fingerprint(pool)) !== before;
    if (shown || changed) leaks += 1;
    expect({ shown, changed }).toEqual({ shown: false, changed: false });
    if (c.probe.list) expect([200, 403, 404]).toContain(status);
    else expect([403, 404]).toContain(status);
  });

  it('leaks nothing', () => {
    expect(leaks).toBe(0);
  });
});
