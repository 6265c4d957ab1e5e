import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { repositories } from '../../src/data-access/index.ts';
import { loadDemoOrganisation } from '../../src/services/demo/load-demo.ts';
import { services } from '../../src/services/index.ts';
import { createApp } from '../../src/web/app.ts';
import { freshDatabase } from './database.ts';

export type TestClock = { now: Date; advance: (ms: number) => void; clock: () => Date };

export function testClock(start = new Date()): TestClock {
  const state: TestClock = {
    now: start,
    advance: (ms) => {
      state.now = new Date(state.now.getTime() + ms);
    },
    clock: () => state.now,
  };
  return state;
}

/** The whole app on a fresh database holding the demo organisation. */
export async function testApp(
  options: { env?: Record<string, string>; clock?: TestClock; pool?: pg.Pool } = {},
) {
  const pool = options.pool ?? (await freshDatabase());
  await loadDemoOrganisation(pool);
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  const clock = options.clock ?? testClock();
  const built = services(repositories(pool), config, clock.clock);
  const app = await createApp({ config, services: built });
  afterAll(() => app.close());
  return { app, pool, config, clock, services: built };
}

/** Cookies as a browser keeps them, for app.inject. */
export class CookieJar {
  private cookies = new Map<string, string>();

  store(setCookie: string | string[] | undefined) {
    for (const header of [setCookie ?? []].flat()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      const text = value.join('=');
      if (text === '' || /expires=Thu, 01 Jan 1970/i.test(header))
        this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), text);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string) {
    return this.cookies.get(name);
  }
}

/** A browser-like client: keeps cookies and finds each page's CSRF token. */
export function browserClient(app: FastifyInstance) {
  const jar = new CookieJar();
  let csrfToken = '';
  const request = async (
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string>,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: {
        ...headers,
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    });
    jar.store(response.headers['set-cookie']);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) csrfToken = token;
    return response;
  };
  return {
    jar,
    get: (url: string) => request('GET', url),
    /** Posts a form with the CSRF token of the last page, as the browser would. */
    post: (url: string, form: Record<string, string>, headers?: Record<string, string>) =>
      request('POST', url, { _csrf: csrfToken, ...form }, headers),
    postRaw: (url: string, form: Record<string, string>) => request('POST', url, form),
    /** Posts a multipart form (an upload), the CSRF token first as the page's form sends it. */
    async upload(
      url: string,
      fields: Record<string, string>,
      file?: { name: string; content: string },
      csrf = csrfToken,
    ) {
      const form = new FormData();
      if (csrf) form.append('_csrf', csrf);
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      if (file) form.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
      const body = new Response(form);
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { cookie: jar.header(), 'content-type': body.headers.get('content-type')! },
        payload: Buffer.from(await body.arrayBuffer()),
      });
      jar.store(response.headers['set-cookie']);
      return response;
    },
    async signIn(email: string, password = 'northshire-demo-2026') {
      await request('GET', '/sign-in');
      return request('POST', '/sign-in', { _csrf: csrfToken, email, password });
    },
  };
}
