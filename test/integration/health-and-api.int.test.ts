import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { repositories } from '../../src/data-access/index.ts';
import { authService } from '../../src/services/auth-service.ts';
import { services } from '../../src/services/index.ts';
import { createApp } from '../../src/web/app.ts';
import { testApp } from '../support/app.ts';

describe('health', async () => {
  const { app } = await testApp();

  it('reports ok with the version when the database answers', async () => {
    const response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('reports 503 with a reason when the database is unreachable', async () => {
    const deadPool = new pg.Pool({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 500,
    });
    const config = loadConfig({ NODE_ENV: 'test' });
    const broken = await createApp({ config, services: services(repositories(deadPool), config) });
    const response = await broken.inject({ url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'unavailable',
      database: 'unreachable',
      reason: expect.any(String),
    });
    await broken.close();
    await deadPool.end();
  });
});

describe('API bearer tokens', async () => {
  const { app, pool, config } = await testApp();
  const repos = repositories(pool);
  const auth = authService(repos, {
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
  });

  it('answers 401 problem JSON without a token', async () => {
    const response = await app.inject({ url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect(response.json()).toMatchObject({ status: 401, title: 'Unauthorised' });
  });

  it('knows the person behind a token, stores only its hash, and stops when revoked', async () => {
    const user = (await repos.users.findByEmail('admin@northshire.example'))!;
    const secret = await auth.createApiToken(user, 'reporting');
    const stored = await pool.query('SELECT token_hash FROM api_token');
    expect(JSON.stringify(stored.rows)).not.toContain(secret);

    const me = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      email: 'admin@northshire.example',
      roles: ['administrator'],
    });

    const [token] = await repos.apiTokens.listForUser(user.organisationId, user.id);
    expect(await repos.apiTokens.revoke(user.organisationId, token!.id)).toBe(true);
    const after = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('ignores the session cookie: the API takes tokens only', async () => {
    const response = await app.inject({
      url: '/api/v1/me',
      headers: { cookie: 'oversight-session=anything' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('answers unknown API routes with problem JSON', async () => {
    const response = await app.inject({ url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
