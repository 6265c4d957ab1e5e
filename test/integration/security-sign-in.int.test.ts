/**
 * Sign-in hardening: a session id chosen by an attacker is never used, the throttles lock at
 * exactly their thresholds, and stored passwords are argon2id at OWASP's minimum or above.
 */
import { describe, expect, it } from 'vitest';
import { accountThrottle, addressThrottle } from '../../src/services/auth-service.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { sha256 } from '../../src/services/tokens.ts';
import { browserClient, CookieJar, testApp } from '../support/app.ts';

const password = 'northshire-demo-2026';
const session = 'oversight-session';

describe('sign-in hardening', { timeout: 120_000 }, async () => {
  const { app, pool } = await testApp();

  /** The account a session cookie's value opens, if any (sessions are stored by hash). */
  async function ownerOf(cookieValue: string): Promise<string | undefined> {
    const { rows } = await pool.query(
      `SELECT u.email FROM web_session s JOIN user_account u ON u.id = s.user_id WHERE s.id = $1`,
      [sha256(cookieValue)],
    );
    return rows[0]?.email;
  }

  /** Signs in from an address, as a browser there would: the page, then the form. */
  async function signInFrom(
    address: string,
    email: string,
    secret = password,
    jar = new CookieJar(),
  ) {
    const page = await app.inject({
      url: '/sign-in',
      remoteAddress: address,
      headers: { cookie: jar.header() },
    });
    jar.store(page.headers['set-cookie']);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const response = await app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: address,
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, email, password: secret }).toString(),
    });
    jar.store(response.headers['set-cookie']);
    return { response, jar };
  }

  describe('session fixation', () => {
    it('ignores a session cookie the attacker chose and issues a new one at sign-in', async () => {
      const planted = 'attacker-chosen-session-value-0123456789abcdef';
      const jar = new CookieJar();
      jar.store(`${session}=${planted}`);
      const { response } = await signInFrom(
        '198.51.100.1',
        'supervisor@northshire.example',
        password,
        jar,
      );
      expect(response.statusCode).toBe(303);
      const issued = jar.get(session);
      expect(issued).toBeDefined();
      expect(issued).not.toBe(planted);
      // The planted value opens nothing; the issued one opens the home page.
      const withPlanted = await app.inject({
        url: '/',
        headers: { cookie: `${session}=${planted}` },
      });
      expect(withPlanted.statusCode).toBe(303);
      expect(withPlanted.headers.location).toBe('/sign-in?next=%2F');
      const withIssued = await app.inject({ url: '/', headers: { cookie: jar.header() } });
      expect(withIssued.statusCode).toBe(200);
      expect(await ownerOf(issued!)).toBe('supervisor@northshire.example');
      expect(await ownerOf(planted)).toBeUndefined();
    });

    it('replaces a live session an attacker planted with a session of the person signing in', async () => {
      // The attacker signs in themselves and plants their own live cookie in the victim's browser.
      const attacker = browserClient(app);
      await attacker.signIn('practitioner@northshire.example');
      const planted = attacker.jar.get(session)!;
      const victim = new CookieJar();
      victim.store(`${session}=${planted}`);
      // Signed in already, the sign-in page sends the browser home rather than taking a password…
      const page = await app.inject({ url: '/sign-in', headers: { cookie: victim.header() } });
      expect(page.statusCode).toBe(303);
      // …and a posted sign-in (the form sent from elsewhere) still issues a new session.
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await attacker.get('/sign-out')).body)?.[1];
      const posted = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: victim.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: csrf!,
          email: 'supervisor@northshire.example',
          password,
        }).toString(),
      });
      expect(posted.statusCode).toBe(303);
      victim.store(posted.headers['set-cookie']);
      expect(victim.get(session)).not.toBe(planted);
      expect(await ownerOf(victim.get(session)!)).toBe('supervisor@northshire.example');
      expect(await ownerOf(planted)).toBe('practitioner@northshire.example');
    });

    it('stores only a hash of the session id, so the database never holds a usable cookie', async () => {
      const { jar } = await signInFrom('198.51.100.2', 'auditor@northshire.example');
      const issued = jar.get(session)!;
      const { rows } = await pool.query('SELECT id FROM web_session');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.id)).not.toContain(issued);
    });
  });

  describe('throttling', () => {
    it('lets an account in after one failure fewer than the limit, and locks it at the limit', async () => {
      expect(accountThrottle.maxFailures).toBe(5);
      const email = 'senior.manager@northshire.example';
      // Each attempt from a different address, so only the account's own count matters.
      const failFrom = async (n: number, offset: number) => {
        for (let i = 0; i < n; i++) {
          const { response } = await signInFrom(`192.0.2.${offset + i}`, email, 'not the password');
          expect(response.statusCode).toBe(401);
        }
      };
      await failFrom(accountThrottle.maxFailures - 1, 10);
      expect((await signInFrom('192.0.2.50', email)).response.statusCode).toBe(303);
      // A success clears the count: the limit's worth of failures is needed again.
      await failFrom(accountThrottle.maxFailures - 1, 20);
      expect((await signInFrom('192.0.2.51', email)).response.statusCode).toBe(303);
      await failFrom(accountThrottle.maxFailures, 30);
      const locked = await signInFrom('192.0.2.52', email);
      expect(locked.response.statusCode).toBe(429);
      expect(locked.response.body).toContain(
        'Too many failed attempts to sign in. Wait 15 minutes',
      );
      // Another account is not caught by this one's lock.
      expect(
        (await signInFrom('192.0.2.53', 'auditor@northshire.example')).response.statusCode,
      ).toBe(303);
    });

    it('locks an address at its limit of failures across accounts, and no sooner', async () => {
      expect(addressThrottle.maxFailures).toBe(50);
      const address = '203.0.113.9';
      // Spread over unknown accounts, so no account's own limit is reached.
      for (let i = 0; i < addressThrottle.maxFailures - 1; i++) {
        const { response } = await signInFrom(address, `nobody-${i}@northshire.example`, 'guess');
        expect(response.statusCode).toBe(401);
      }
      expect((await signInFrom(address, 'inspector@northshire.example')).response.statusCode).toBe(
        303,
      );
      const last = await signInFrom(address, 'nobody-last@northshire.example', 'guess');
      expect(last.response.statusCode).toBe(401);
      // The address is now locked, even for a right password on another account…
      const locked = await signInFrom(address, 'investigator@northshire.example');
      expect(locked.response.statusCode).toBe(429);
      // …while the same account from another address signs in.
      expect(
        (await signInFrom('203.0.113.10', 'investigator@northshire.example')).response.statusCode,
      ).toBe(303);
    });
  });

  describe('password hashing', () => {
    const parameters = (hash: string) => {
      const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
      return match ? { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) } : undefined;
    };

    it('stores every demo password as argon2id with at least 19 MiB and 2 passes', async () => {
      const { rows } = await pool.query(
        'SELECT email, password_hash FROM user_account WHERE password_hash IS NOT NULL',
      );
      expect(rows.length).toBeGreaterThanOrEqual(7);
      for (const { email, password_hash: hash } of rows) {
        const found = parameters(hash);
        expect(found, email).toBeDefined();
        expect(found!.m, email).toBeGreaterThanOrEqual(19_456);
        expect(found!.t, email).toBeGreaterThanOrEqual(2);
      }
      console.log(
        `argon2id parameters of the demo's hashes: ${JSON.stringify(parameters(rows[0].password_hash))}`,
      );
    });

    it('hashes a new password with the same parameters', async () => {
      const found = parameters(await hashPassword('a brand new password'));
      expect(found?.m).toBeGreaterThanOrEqual(19_456);
      expect(found?.t).toBeGreaterThanOrEqual(2);
    });
  });
});
