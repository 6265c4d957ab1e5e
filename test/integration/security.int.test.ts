import { describe, expect, it } from 'vitest';
import { browserClient, testApp } from '../support/app.ts';

describe('security by default', async () => {
  const { app } = await testApp();

  it('refuses a form without its CSRF token with a 403 page', async () => {
    const client = browserClient(app);
    await client.get('/sign-in');
    const missing = await client.postRaw('/sign-in', {
      email: 'supervisor@northshire.example',
      password: 'northshire-demo-2026',
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('Your form could not be sent');
    const wrong = await client.postRaw('/sign-in', {
      _csrf: 'x'.repeat(43),
      email: 'a@b.c',
      password: 'p',
    });
    expect(wrong.statusCode).toBe(403);
  });

  it('refuses a signed-in form sent with another session’s token', async () => {
    const victim = browserClient(app);
    await victim.signIn('supervisor@northshire.example');
    const attacker = browserClient(app);
    await attacker.signIn('practitioner@northshire.example');
    const attackerPage = await attacker.get('/sign-out');
    const attackerToken = /name="_csrf" value="([^"]+)"/.exec(attackerPage.body)?.[1];
    const forged = await app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: victim.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${attackerToken}`,
    });
    expect(forged.statusCode).toBe(403);
    expect((await victim.get('/')).statusCode).toBe(200);
  });

  it('sends the pages to the sign-in page when nobody is signed in', async () => {
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2F');
  });

  it('sets a Content Security Policy whose nonce is on the only inline script', async () => {
    const response = await app.inject({ url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const inline = [...response.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline).toHaveLength(1);
    expect(inline[0]?.[1]).toContain(`nonce="${nonce}"`);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('shows a GOV.UK 404 page for an unknown address', async () => {
    const response = await app.inject({ url: '/no-such-page' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Page not found');
    expect(response.body).toContain('govuk-template');
  });

  it('shows a 400 page for a body that cannot be read', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your request could not be read');
  });

  it('serves the GOV.UK Frontend assets itself, with no CDN', async () => {
    const page = await app.inject({ url: '/sign-in' });
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)[^"']*\.(css|js)/);
    for (const url of [
      '/govuk/govuk-frontend.min.css',
      '/govuk/govuk-frontend.min.js',
      '/public/app.js',
      '/assets/images/favicon.ico',
    ]) {
      expect((await app.inject({ url })).statusCode, url).toBe(200);
    }
    expect((await app.inject({ url: '/govuk/all.bundle.js' })).statusCode).toBe(404);
  });
});
