import { describe, expect, it } from 'vitest';
import { browserClient, testApp, testClock } from '../support/app.ts';

const supervisor = 'supervisor@northshire.example';

describe('signing in', async () => {
  const clock = testClock(new Date('2026-11-23T09:00:00Z'));
  const { app } = await testApp({ clock });

  it('takes a demo user from the sign-in page to their home page', async () => {
    const client = browserClient(app);
    const response = await client.signIn(supervisor);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const home = await client.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Daniel Okafor');
    expect(home.body).toContain('People you supervise');
  });

  it('shows the same error for a wrong password and an unknown account', async () => {
    const wrongPassword = await browserClient(app).signIn(supervisor, 'not the password');
    const unknown = await browserClient(app).signIn('nobody@northshire.example', 'whatever it is');
    for (const response of [wrongPassword, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('There is a problem');
      expect(response.body).toContain('Enter a correct email address and password');
      expect(response.body).toContain('href="#email"');
    }
    const summary = (html: string) =>
      /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0];
    expect(summary(wrongPassword.body)).toBeDefined();
    expect(summary(wrongPassword.body)).toBe(summary(unknown.body));
  });

  it('asks for both fields when they are empty, keeping what was typed', async () => {
    const client = browserClient(app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', {
      email: 'someone@northshire.example',
      password: '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter your password');
    expect(response.body).toContain('value="someone@northshire.example"');
  });

  it('issues a new session id at each sign-in, with a safe cookie', async () => {
    const client = browserClient(app);
    const first = await client.signIn(supervisor);
    const cookie = [first.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('oversight-session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const firstId = client.jar.get('oversight-session');
    await client.get('/sign-out');
    await client.post('/sign-out', {});
    await client.signIn(supervisor);
    expect(client.jar.get('oversight-session')).toBeDefined();
    expect(client.jar.get('oversight-session')).not.toBe(firstId);
  });

  it('locks an account after five failures, even for the right password, then lets it in', async () => {
    const email = 'practitioner@northshire.example';
    for (let attempt = 0; attempt < 5; attempt++)
      await browserClient(app).signIn(email, 'wrong password!');
    const locked = await browserClient(app).signIn(email);
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain(
      'Too many failed attempts to sign in. Wait 15 minutes and try again',
    );
    clock.advance(15 * 60_000 + 1000);
    expect((await browserClient(app).signIn(email)).statusCode).toBe(303);
  });

  it('ends a session after 30 idle minutes', async () => {
    const client = browserClient(app);
    await client.signIn(supervisor);
    clock.advance(29 * 60_000);
    expect((await client.get('/')).statusCode).toBe(200);
    clock.advance(29 * 60_000); // active 29 minutes ago, so still live
    expect((await client.get('/')).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    const expired = await client.get('/');
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/sign-in?next=%2F');
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const client = browserClient(app);
    await client.signIn(supervisor);
    for (let minutes = 20; minutes <= 700; minutes += 20) {
      clock.advance(20 * 60_000);
      expect((await client.get('/')).statusCode).toBe(200);
    }
    clock.advance(25 * 60_000); // 12h05m after sign-in, active 25 minutes ago
    expect((await client.get('/')).statusCode).toBe(303);
  });

  it('signs out: the old session cookie no longer works', async () => {
    const client = browserClient(app);
    await client.signIn(supervisor);
    const oldCookie = client.jar.header();
    await client.get('/sign-out');
    const out = await client.post('/sign-out', {});
    expect(out.headers.location).toBe('/signed-out');
    const replay = await app.inject({ url: '/', headers: { cookie: oldCookie } });
    expect(replay.statusCode).toBe(303);
  });

  it('returns to the page asked for, and never to another site', async () => {
    const client = browserClient(app);
    await client.get('/sign-in?next=%2Faccessibility');
    const back = await client.post('/sign-in?next=%2Faccessibility', {
      email: supervisor,
      password: 'northshire-demo-2026',
    });
    expect(back.headers.location).toBe('/accessibility');
    const other = browserClient(app);
    await other.get('/sign-in');
    const away = await other.post('/sign-in?next=%2F%2Fevil.example', {
      email: supervisor,
      password: 'northshire-demo-2026',
    });
    expect(away.headers.location).toBe('/');
  });

  // Browsers drop tabs and newlines from an address and read `\` as `/`: each would leave the site.
  it.each(['%2F%09%2Fevil.example', '%2F%0a%2Fevil.example', '%2F%5C%5Cevil.example'])(
    'does not return to another site through next=%s',
    async (next) => {
      const client = browserClient(app);
      await client.get('/sign-in');
      const away = await client.post(`/sign-in?next=${next}`, {
        email: supervisor,
        password: 'northshire-demo-2026',
      });
      expect(away.headers.location).toBe('/');
    },
  );

  it('uses __Host- cookies that are Secure behind HTTPS', async () => {
    const secure = await testApp({
      env: { OVERSIGHT_BASE_URL: 'https://oversight.example.gov.uk' },
    });
    const response = await browserClient(secure.app).signIn(supervisor);
    const cookie = [response.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('__Host-oversight-session='));
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});
