import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { repositories } from '../../src/data-access/index.ts';
import { services } from '../../src/services/index.ts';
import { createApp } from '../../src/web/app.ts';
import { browserClient, CookieJar, testApp } from '../support/app.ts';

/**
 * Single sign-on against real OpenID providers on 127.0.0.1: the `oidc-provider` package for
 * the whole flow, and a small hand-made provider whose id_tokens can be wrong on purpose.
 */

const baseUrl = 'http://oversight.test';
const callbackPath = '/sign-in/oidc/callback';
const clientId = 'oversight';
const clientSecret = 'a-client-secret-long-enough-for-hs256-and-then-some';
const daniel = { name: 'Daniel Okafor', email: 'supervisor@northshire.example' };

type Account = { email: string; emailVerified?: boolean };
type Server = { url: string; close: () => Promise<void> };

/** Listens on a random port of 127.0.0.1, so the issuer can name its own address. */
async function listen(handler: http.RequestListener): Promise<Server> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * oidc-provider with one client (this app) and accounts by id. The login interaction is
 * answered at once for whoever `next` names (or refused, as a person pressing Cancel would).
 */
async function startOidcProvider(accounts: Map<string, Account>) {
  const next: { accountId: string; deny?: boolean } = { accountId: '' };
  let provider: Provider | undefined;
  const server = await listen(async (req, res) => {
    if (!provider) return res.writeHead(503).end();
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
    await provider.interactionDetails(req, res);
    const result = next.deny
      ? { error: 'access_denied', error_description: 'The person cancelled' }
      : { login: { accountId: next.accountId } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  provider = new Provider(server.url, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${baseUrl}${callbackPath}`],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256' }] },
    cookies: { keys: ['test cookie key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // As Entra does: the email in the id_token itself, not only from the userinfo endpoint.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      Grant: 300,
      IdToken: 300,
      Interaction: 300,
      Session: 300,
    },
    // Consent is not this test's subject: every sign-in carries a grant for what was asked.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, accountId) => {
      const account = accounts.get(accountId);
      if (!account) return undefined;
      return {
        accountId,
        claims: async () => ({
          sub: accountId,
          email: account.email,
          email_verified: account.emailVerified ?? true,
        }),
      };
    },
  });
  return { ...server, next };
}

/** A provider whose id_tokens carry whatever the test sets in `overrides`. */
async function startStubProvider() {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const overrides: { iss?: string; aud?: string; key?: KeyObject } = {};
  const nonces = new Map<string, string>();
  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer: server.url,
        authorization_endpoint: `${server.url}/authorize`,
        token_endpoint: `${server.url}/token`,
        jwks_uri: `${server.url}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (url.pathname === '/jwks') {
      const jwk = signingKey.publicKey.export({ format: 'jwk' });
      return json({ keys: [{ ...jwk, kid: 'stub', alg: 'RS256', use: 'sig' }] });
    }
    if (url.pathname === '/authorize') {
      const code = randomUUID();
      nonces.set(code, url.searchParams.get('nonce') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state')! }).toString();
      return res.writeHead(303, { location: back.href }).end();
    }
    if (url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const code = new URLSearchParams(body).get('code')!;
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: overrides.iss ?? server.url,
        aud: overrides.aud ?? clientId,
        sub: 'stub-daniel',
        email: daniel.email,
        email_verified: true,
        nonce: nonces.get(code),
        iat: now,
        exp: now + 300,
      };
      const idToken = signJwt(claims, overrides.key ?? signingKey.privateKey);
      return json({
        access_token: 'opaque',
        token_type: 'Bearer',
        expires_in: 300,
        id_token: idToken,
      });
    }
    res.writeHead(404).end();
  });
  return { ...server, overrides };
}

function signJwt(claims: Record<string, unknown>, key: KeyObject): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid: 'stub' })}.${part(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

/**
 * A browser: the app through inject, with its cookies; the provider over HTTP, with its own.
 * Follows redirects until the provider sends the browser back to the app's callback.
 */
function ssoBrowser(app: FastifyInstance) {
  const client = browserClient(app);
  const providerCookies = new CookieJar();

  async function toCallback(start: string): Promise<string> {
    let location = start;
    for (let hop = 0; hop < 10; hop++) {
      if (location.startsWith(baseUrl)) return location.slice(baseUrl.length);
      const response = await fetch(location, {
        redirect: 'manual',
        headers: { cookie: providerCookies.header() },
      });
      providerCookies.store(response.headers.getSetCookie());
      const next = response.headers.get('location');
      if (!next) throw new Error(`provider stopped at ${location}: ${response.status}`);
      location = new URL(next, location).href;
    }
    throw new Error('too many redirects');
  }

  return {
    ...client,
    /** Starts at the app, goes through the provider, and returns the callback (not yet sent). */
    async throughProvider(next?: string): Promise<string> {
      const start = await client.get(
        `/sign-in/oidc${next ? `?next=${encodeURIComponent(next)}` : ''}`,
      );
      expect(start.statusCode).toBe(303);
      return toCallback(start.headers.location as string);
    },
    async signInWithSso(next?: string) {
      return client.get(await this.throughProvider(next));
    },
  };
}

const refusalIn = (html: string) => /<h1 class="govuk-heading-l">([^<]+)<\/h1>/.exec(html)?.[1];

describe('single sign-on with OpenID Connect', async () => {
  const accounts = new Map<string, Account>([
    ['entra-oid-daniel', { email: daniel.email }],
    ['entra-oid-stranger', { email: 'stranger@northshire.example' }],
    ['entra-oid-unverified', { email: 'practitioner@northshire.example', emailVerified: false }],
    ['entra-oid-auditor', { email: 'auditor@northshire.example' }],
  ]);
  const provider = await startOidcProvider(accounts);
  const { app, pool, config } = await testApp({
    env: {
      OVERSIGHT_BASE_URL: baseUrl,
      OIDC_ISSUER: provider.url,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_ORGANISATION: 'northshire',
      OIDC_BUTTON_TEXT: 'Sign in with Northshire Council',
    },
  });
  afterAll(() => provider.close());

  const signInAs = (accountId: string) => {
    provider.next.accountId = accountId;
    provider.next.deny = false;
  };
  beforeEach(() => signInAs('entra-oid-daniel'));

  const auditRows = async (action: string) =>
    (
      await pool.query(
        'SELECT actor_user_id, detail FROM audit_event WHERE action = $1 ORDER BY id',
        [action],
      )
    ).rows;

  it('offers the organisation account beside the password form', async () => {
    const page = await browserClient(app).get('/sign-in?next=/records');
    expect(page.body).toContain('name="password"');
    expect(page.body).toContain('Sign in with Northshire Council');
    expect(page.body).toContain('href="/sign-in/oidc?next=%2Frecords"');
    expect(config.oidc?.redirectUri).toBe(`${baseUrl}${callbackPath}`);
  });

  it('signs a person in through the provider as the account with their email, with a new session', async () => {
    const browser = ssoBrowser(app);
    await browser.get('/sign-in');
    // A session id planted by someone else before sign-in, as a fixation attack would.
    browser.jar.store('oversight-session=planted-by-an-attacker; Path=/');
    const beforeSignIn = [browser.jar.get('oversight-session'), browser.jar.get('oversight-csrf')];

    const callback = await browser.throughProvider('/records');
    expect(callback).toMatch(/^\/sign-in\/oidc\/callback\?code=/);
    const landed = await browser.get(callback);
    expect(landed.statusCode).toBe(303);
    expect(landed.headers.location).toBe('/records');

    const session = browser.jar.get('oversight-session');
    expect(session).toBeDefined();
    expect(beforeSignIn).not.toContain(session);
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(daniel.name);

    const [signIn] = (await auditRows('sign_in')).filter((row) => row.detail.method === 'oidc');
    expect(signIn?.actor_user_id).toBeDefined();
    const { rows } = await pool.query(
      'SELECT oidc_subject FROM user_account WHERE lower(email) = $1',
      [daniel.email],
    );
    expect(rows[0].oidc_subject).toBe('entra-oid-daniel');
    const [linked] = await auditRows('oidc_identity_linked');
    expect(linked?.actor_user_id).toBe(signIn?.actor_user_id);
    expect(linked?.detail).toEqual({ issuer: provider.url, subject: 'entra-oid-daniel' });
  });

  it('ends a session signed in on the browser while the person was at the provider', async () => {
    const browser = ssoBrowser(app);
    const callback = await browser.throughProvider();
    await browser.signIn('practitioner@northshire.example');
    const earlier = browser.jar.get('oversight-session')!;
    expect((await browser.get(callback)).statusCode).toBe(303);
    expect(browser.jar.get('oversight-session')).not.toBe(earlier);
    expect((await browser.get('/')).body).toContain(daniel.name);
    const replayed = await app.inject({
      url: '/',
      headers: { cookie: `oversight-session=${earlier}` },
    });
    expect(replayed.statusCode).toBe(303);
    expect(replayed.headers.location).toMatch(/^\/sign-in/);
  });

  it('finds the linked account by its subject after the email changes at the provider', async () => {
    await ssoBrowser(app).signInWithSso();
    accounts.set('entra-oid-daniel', { email: 'd.okafor@northshire.example' });
    try {
      const browser = ssoBrowser(app);
      const landed = await browser.signInWithSso();
      expect(landed.statusCode).toBe(303);
      expect((await browser.get('/')).body).toContain(daniel.name);
    } finally {
      accounts.set('entra-oid-daniel', { email: daniel.email });
    }
  });

  it('refuses a person with no account, says so, and records the attempt', async () => {
    signInAs('entra-oid-stranger');
    const browser = ssoBrowser(app);
    const refused = await browser.signInWithSso();
    expect(refused.statusCode).toBe(403);
    expect(refusalIn(refused.body)).toBe('You do not have an Oversight account');
    expect(refused.body).toContain('stranger@northshire.example');
    expect(refused.body).toContain('href="/sign-in"');
    expect(browser.jar.get('oversight-session')).toBeUndefined();
    expect((await browser.get('/')).headers.location).toMatch(/^\/sign-in/);
    const attempts = await auditRows('sign_in_refused');
    expect(attempts.map((row) => row.detail)).toContainEqual({
      method: 'oidc',
      reason: 'no-account',
      email: 'stranger@northshire.example',
      subject: 'entra-oid-stranger',
    });
  });

  it('does not match on an email the provider has not verified', async () => {
    signInAs('entra-oid-unverified');
    const refused = await ssoBrowser(app).signInWithSso();
    expect(refused.statusCode).toBe(403);
    expect(refusalIn(refused.body)).toBe('You cannot sign in to Oversight with this account');
  });

  it('refuses a disabled account', async () => {
    await pool.query(
      "UPDATE user_account SET disabled_at = now() WHERE email = 'auditor@northshire.example'",
    );
    signInAs('entra-oid-auditor');
    const refused = await ssoBrowser(app).signInWithSso();
    expect(refused.statusCode).toBe(403);
    expect(refusalIn(refused.body)).toBe('Your account is disabled');
  });

  it('refuses a tampered state, and the sign-in it belonged to cannot be used after', async () => {
    const browser = ssoBrowser(app);
    const callback = await browser.throughProvider();
    const tampered = callback.replace(/state=[^&]+/, 'state=chosen-by-an-attacker');
    const refused = await browser.get(tampered);
    expect(refused.statusCode).toBe(400);
    expect(refusalIn(refused.body)).toBe('Your sign-in could not be checked');
    expect(refused.body).toContain('href="/sign-in"');
    const replayed = await browser.get(callback);
    expect(refusalIn(replayed.body)).toBe('Your sign-in timed out');
    expect(browser.jar.get('oversight-session')).toBeUndefined();
  });

  it('refuses a callback in a browser that did not start the sign-in (login CSRF)', async () => {
    const callback = await ssoBrowser(app).throughProvider();
    const victim = browserClient(app);
    const refused = await victim.get(callback);
    expect(refused.statusCode).toBe(400);
    expect(refusalIn(refused.body)).toBe('Your sign-in timed out');
    expect(victim.jar.get('oversight-session')).toBeUndefined();
  });

  it('refuses a sign-in started more than ten minutes ago', async () => {
    const browser = ssoBrowser(app);
    const callback = await browser.throughProvider();
    await pool.query("UPDATE oidc_login_state SET expires_at = now() - interval '1 second'");
    const refused = await browser.get(callback);
    expect(refused.statusCode).toBe(400);
    expect(refusalIn(refused.body)).toBe('Your sign-in timed out');
  });

  it('shows a way back when the person cancels at the provider', async () => {
    provider.next.deny = true;
    const browser = ssoBrowser(app);
    const callback = await browser.throughProvider();
    expect(callback).toContain('error=access_denied');
    const refused = await browser.get(callback);
    expect(refused.statusCode).toBe(403);
    expect(refusalIn(refused.body)).toBe('You did not sign in');
    expect(refused.body).toContain('href="/sign-in"');
  });

  it('returns to a local page after single sign-on, never to another site', async () => {
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/\\evil.example']) {
      const landed = await ssoBrowser(app).signInWithSso(next);
      expect(landed.statusCode).toBe(303);
      expect(landed.headers.location).toBe('/');
    }
  });

  it('keeps local accounts working beside single sign-on', async () => {
    const browser = browserClient(app);
    const response = await browser.signIn('senior.manager@northshire.example');
    expect(response.statusCode).toBe(303);
    expect((await browser.get('/')).body).toContain('Priya Raman');
  });

  it('leaves the sign-in page as it was when single sign-on is not configured', async () => {
    const plainConfig = loadConfig({ NODE_ENV: 'test' });
    const plain = await createApp({
      config: plainConfig,
      services: services(repositories(pool), plainConfig),
    });
    try {
      expect((await browserClient(plain).get('/sign-in')).body).not.toContain('/sign-in/oidc');
      expect((await plain.inject({ url: '/sign-in/oidc' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('single sign-on refuses an id_token that is not for this app', async () => {
  const stub = await startStubProvider();
  const { app } = await testApp({
    env: {
      OVERSIGHT_BASE_URL: baseUrl,
      OIDC_ISSUER: stub.url,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_ORGANISATION: 'northshire',
    },
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    for (const key of ['iss', 'aud', 'key'] as const) delete stub.overrides[key];
  });

  it('accepts the stub provider when its id_token is right', async () => {
    const browser = ssoBrowser(app);
    expect((await browser.signInWithSso()).statusCode).toBe(303);
    expect((await browser.get('/')).body).toContain(daniel.name);
  });

  const wrong: [string, () => void][] = [
    ['another issuer', () => (stub.overrides.iss = 'https://login.microsoftonline.com/other/v2.0')],
    ['another audience', () => (stub.overrides.aud = 'some-other-app')],
    [
      'a signature by another key',
      () => {
        stub.overrides.key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      },
    ],
  ];
  it.each(wrong)('refuses an id_token from %s', async (_name, spoil) => {
    spoil();
    const browser = ssoBrowser(app);
    const refused = await browser.signInWithSso();
    expect(refused.statusCode).toBe(401);
    expect(refusalIn(refused.body)).toBe('Your sign-in could not be verified');
    expect(browser.jar.get('oversight-session')).toBeUndefined();
  });
});
