/**
 * Every state-changing route, as the router lists it, refuses a forged request: the pages
 * without, with a wrong or with another person's CSRF token; the API without a bearer token,
 * with only a session cookie, or with a token of someone who may not act.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserClient } from '../support/app.ts';
import {
  changedTables,
  databaseSnapshot,
  fillPath,
  type Route,
  stateChangingRoutes,
  testAppWithRoutes,
} from '../support/routes.ts';
import { apiClient } from './api-helpers.ts';

const actors = ['supervisor@northshire.example', 'admin@northshire.example'];
const bystander = 'practitioner@northshire.example';
const csrfRefusal = 'Your form could not be sent';
const accessRefusal = 'You do not have access to this page';

type Encoding = 'form' | 'multipart' | 'json';
type Sent = { status: number; body: string; contentType: string };

async function signedInClient(app: FastifyInstance, email: string) {
  const client = browserClient(app);
  const response = await client.signIn(email);
  if (response.statusCode !== 303) throw new Error(`could not sign in as ${email}`);
  const page = await client.get('/sign-out');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token for ${email}`);
  return { client, token };
}

/** A request as a forged form would send it, with `_csrf` as given (or none). */
async function send(
  app: FastifyInstance,
  route: Route,
  path: string,
  cookie: string,
  encoding: Encoding,
  csrf: string | undefined,
): Promise<Sent> {
  const fields: Record<string, string> = {
    ...(csrf === undefined ? {} : { _csrf: csrf }),
    name: 'Forged',
    text: 'Forged',
    reason: 'Forged',
  };
  let payload: string | Buffer;
  let contentType: string;
  if (encoding === 'form') {
    payload = new URLSearchParams(fields).toString();
    contentType = 'application/x-www-form-urlencoded';
  } else if (encoding === 'json') {
    payload = JSON.stringify(fields);
    contentType = 'application/json';
  } else {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob(['id,name\r\nx1,Forged\r\n'], { type: 'text/csv' }), 'staff.csv');
    const body = new Response(form);
    payload = Buffer.from(await body.arrayBuffer());
    contentType = body.headers.get('content-type')!;
  }
  const response = await app.inject({
    method: route.method as 'POST',
    url: path,
    headers: { cookie, 'content-type': contentType },
    payload,
  });
  return {
    status: response.statusCode,
    body: response.body,
    contentType: String(response.headers['content-type']),
  };
}

/**
 * Refused for its token. An upload route reads `_csrf` from its multipart body itself, after
 * checking that the person may use the page at all; that 403 refuses the forgery just as well.
 */
function refused(sent: Sent, encoding: Encoding) {
  if (sent.status !== 403) return false;
  if (sent.body.includes(csrfRefusal)) return true;
  return encoding === 'multipart' && sent.body.includes(accessRefusal);
}

describe('every state-changing route refuses a forged request', { timeout: 300_000 }, async () => {
  const { app, pool, services, routes } = await testAppWithRoutes();
  const { pages, api } = stateChangingRoutes(routes);

  it('finds the state-changing routes in the router', () => {
    console.log(
      `state-changing routes: ${pages.length} pages, ${api.length} API (${routes.length} routes in all)`,
    );
    // The forms the features are known to have; a shrinking count means the hook lost routes.
    expect(pages.length).toBeGreaterThanOrEqual(60);
    expect(pages.map((r) => r.url)).toContain('/records/:id/sign');
    expect(pages.map((r) => r.url)).toContain('/organisation/import');
    expect(api.map((r) => `${r.method} ${r.url}`)).toContain('PATCH /api/v1/records/:id');
  });

  it('refuses each page form without its token, with a wrong one and with another person’s, changing nothing', async () => {
    const signedIn = await Promise.all(actors.map((email) => signedInClient(app, email)));
    const other = await signedInClient(app, bystander);
    const before = await databaseSnapshot(pool);
    const tokens = {
      none: undefined,
      wrong: 'x'.repeat(other.token.length),
      'another person’s': other.token,
    };
    const accepted: string[] = [];
    const randomIds: string[] = [];
    let cases = 0;
    for (const route of pages) {
      const { path, unknown } = await fillPath(pool, route.url);
      if (unknown.length) randomIds.push(`${route.method} ${route.url} (${unknown.join(', ')})`);
      for (const [index, actor] of signedIn.entries()) {
        for (const encoding of ['form', 'multipart', 'json'] as const) {
          for (const [kind, csrf] of Object.entries(tokens)) {
            cases++;
            const sent = await send(app, route, path, actor.client.jar.header(), encoding, csrf);
            if (!refused(sent, encoding))
              accepted.push(
                `${route.method} ${path} as ${actors[index]}, ${encoding}, ${kind} token: ${sent.status}`,
              );
          }
        }
      }
    }
    const changed = changedTables(before, await databaseSnapshot(pool));
    console.log(
      `CSRF: ${pages.length} page routes, ${cases} cases, ${accepted.length} accepted, ` +
        `${changed.length} tables changed; random ids for ${randomIds.length}: ${randomIds.join('; ')}`,
    );
    expect(accepted).toEqual([]);
    expect(changed).toEqual([]);
    // Still signed in: the refused sign-out forms did not sign anyone out.
    for (const actor of signedIn) expect((await actor.client.get('/')).statusCode).toBe(200);
  });

  it('checks the token before looking anything up, even for an id that does not exist', async () => {
    const { client } = await signedInClient(app, actors[0]!);
    const withParameters = pages.filter((r) => r.url.includes('/:'));
    expect(withParameters.length).toBeGreaterThan(30);
    for (const route of withParameters) {
      const path = route.url.replace(/:[A-Za-z]+/g, () => randomUUID());
      const sent = await send(app, route, path, client.jar.header(), 'form', undefined);
      expect(sent.status, `${route.method} ${path}`).toBe(403);
      expect(sent.body).toContain(csrfRefusal);
    }
  });

  describe('the API', () => {
    const { tokenFor } = apiClient(app, services);
    let outsider = '';
    let inspector = '';

    beforeAll(async () => {
      // Another council, with an administrator of its own holding a personal token.
      const { rows } = await pool.query(
        `INSERT INTO organisation (id, slug, name, policy_pack_id)
         VALUES (gen_random_uuid(), 'elsewhere', 'Elsewhere', 'systemic-4x4x4') RETURNING id`,
      );
      await pool.query(
        `INSERT INTO user_account (organisation_id, id, email, display_name, roles)
         VALUES ($1, gen_random_uuid(), 'admin@elsewhere.example', 'Elsewhere admin',
                 ARRAY['administrator', 'senior_manager', 'supervisor'])`,
        [rows[0].id],
      );
      outsider = await tokenFor('admin@elsewhere.example');
      // An inspector holds no grant in the demo, so may change nothing.
      inspector = await tokenFor('inspector@northshire.example');
    });

    const call = (route: Route, path: string, headers: Record<string, string>) =>
      app.inject({
        method: route.method as 'POST',
        url: path,
        headers: { 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ status: 'held', decision: 'agree', answers: {} }),
      });

    it('answers 401 problem JSON to a call with no token, or with only a signed-in session', async () => {
      const { client, token } = await signedInClient(app, actors[1]!);
      let cases = 0;
      for (const route of api) {
        const { path } = await fillPath(pool, route.url);
        const attempts: Record<string, string>[] = [
          {},
          { cookie: client.jar.header(), 'x-csrf-token': token },
        ];
        for (const headers of attempts) {
          cases++;
          const response = await call(route, path, headers);
          expect(response.statusCode, `${route.method} ${path}`).toBe(401);
          expect(response.headers['content-type']).toContain('application/problem+json');
          expect(response.json().status).toBe(401);
          expect(response.headers['www-authenticate']).toContain('Bearer');
        }
      }
      console.log(`API without a token: ${api.length} routes, ${cases} cases refused`);
    });

    it('lets neither another council’s token nor an inspector’s act on Northshire’s things', async () => {
      const before = await databaseSnapshot(pool);
      const acted: string[] = [];
      const statuses = new Map<number, number>();
      let cases = 0;
      for (const route of api) {
        const { path } = await fillPath(pool, route.url);
        for (const [who, token] of Object.entries({ outsider, inspector })) {
          cases++;
          const response = await call(route, path, {
            authorization: `Bearer ${token}`,
            'if-match': '"1"',
          });
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          if (response.statusCode < 400 || response.statusCode >= 500)
            acted.push(`${route.method} ${path} as ${who}: ${response.statusCode}`);
          else expect(response.headers['content-type']).toContain('application/problem+json');
        }
      }
      const changed = changedTables(before, await databaseSnapshot(pool));
      console.log(
        `API with a token that may not act: ${cases} cases, ${acted.length} acted; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      expect(acted).toEqual([]);
      // A token's use is stamped on it (last_used_at), refused or not; nothing else may change.
      expect(changed.filter((table) => table !== 'api_token')).toEqual([]);
    });
  });
});
