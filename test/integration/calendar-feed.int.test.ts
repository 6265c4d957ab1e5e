import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isoDateAt } from '../../src/domain/calendar/index.ts';
import { sha256 } from '../../src/services/tokens.ts';
import { testApp } from '../support/app.ts';
import { bookSession, changeSession, eventsOf } from './notifications-helpers.ts';
import { accounts, formOf, signedIn, staffIdOf, textOf, userIdOf } from './organisation-helpers.ts';

describe('calendar feeds', async () => {
  const { app, pool } = await testApp();
  const today = isoDateAt(new Date());

  /** Signs in, creates a feed on the page, and returns the address shown once. */
  async function createFeed(email: string) {
    const client = await signedIn(app, email);
    const page = await client.get('/calendar-feed');
    const response = await client.post('/calendar-feed', formOf(page.body, '/calendar-feed'));
    expect(response.statusCode).toBe(200);
    const url = /value="(https?:[^"]+\.ics)"/.exec(response.body)?.[1];
    if (!url) throw new Error('no feed address on the page');
    return { client, url, page: response };
  }
  const fetchFeed = (url: string) => app.inject({ method: 'GET', url: new URL(url).pathname });

  it('shows the private address once; only its SHA-256 is stored', async () => {
    const { client, url, page } = await createFeed(accounts.practitioner);
    expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(textOf(page.body)).toContain(
      'Copy it now and add it to your calendar. You will not be able to see it again.',
    );
    expect(page.headers['cache-control']).toBe('no-store');
    const token = /\/calendar\/(.+)\.ics$/.exec(url)![1]!;
    const stored = await pool.query('SELECT token_hash FROM calendar_feed WHERE user_id = $1', [
      await userIdOf(pool, accounts.practitioner),
    ]);
    expect(stored.rows).toEqual([{ token_hash: sha256(token) }]);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    const again = await client.get('/calendar-feed');
    expect(again.body).not.toContain(token);
    expect(textOf(again.body)).toContain('You created your calendar feed on');
    const audit = await pool.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE action = 'calendar_feed.created'",
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('serves the person’s sessions as RFC 5545, parsed by ical.js, with no session needed', async () => {
    // Jordan's sessions: one in summer time, one in winter, one cancelled, and two outside
    // the window (4 months ago, 13 months ahead), and one Jordan has no part in.
    const summer = await bookSession(
      pool,
      {
        supervisor: 'tm-ait',
        participants: ['sw-ait-1'],
        date: nextDate(today, '07-01'),
        startsAt: '10:00',
        minutes: 90,
      },
      null,
    );
    const winter = await bookSession(
      pool,
      {
        supervisor: 'tm-ait',
        participants: ['sw-ait-1'],
        date: nextDate(today, '12-01'),
        startsAt: '10:00',
        minutes: 60,
      },
      null,
    );
    const cancelled = await bookSession(
      pool,
      {
        supervisor: 'tm-ait',
        participants: ['sw-ait-1'],
        date: addDays(today, 30),
      },
      null,
    );
    await changeSession(pool, cancelled, { status: 'cancelled' }, 'session_cancelled');
    await bookSession(
      pool,
      { supervisor: 'tm-ait', participants: ['sw-ait-1'], date: addMonths(today, -4) },
      null,
    );
    await bookSession(
      pool,
      { supervisor: 'tm-ait', participants: ['sw-ait-1'], date: addMonths(today, 13) },
      null,
    );
    await bookSession(
      pool,
      { supervisor: 'tm-ait', participants: ['sw-ait-2'], date: addDays(today, 31) },
      null,
    );

    const { url } = await createFeed(accounts.practitioner);
    const response = await fetchFeed(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const { method, events } = eventsOf(response.body);
    expect(method).toBe('PUBLISH');

    const jordan = await staffIdOf(pool, 'sw-ait-1');
    const expected = await pool.query(
      `SELECT s.id FROM supervision_session s
       WHERE (s.supervisor_id = $1 OR EXISTS (SELECT 1 FROM session_participant p
         WHERE p.session_id = s.id AND p.staff_id = $1))
         AND s.held_on BETWEEN $2 AND $3 ORDER BY s.held_on`,
      [jordan, addMonths(today, -3), addMonths(today, 12)],
    );
    expect(events.length).toBe(expected.rowCount);
    expect(events.map((e) => e.uid).sort()).toEqual(
      expected.rows.map((r) => `${r.id}@oversight`).sort(),
    );

    const byId = (id: string) => events.find((e) => e.uid === `${id}@oversight`)!;
    // Wall-clock times in Europe/London: 10am is 09:00 UTC in summer and 10:00 UTC in winter.
    const summerEvent = byId(summer);
    expect(summerEvent.startDate.zone?.tzid).toBe('Europe/London');
    expect(summerEvent.startDate.toString()).toBe(`${nextDate(today, '07-01')}T10:00:00`);
    expect(summerEvent.startDate.toJSDate().toISOString()).toBe(
      `${nextDate(today, '07-01')}T09:00:00.000Z`,
    );
    expect(summerEvent.endDate.toJSDate().toISOString()).toBe(
      `${nextDate(today, '07-01')}T10:30:00.000Z`,
    );
    const winterEvent = byId(winter);
    expect(winterEvent.endDate.zone?.tzid).toBe('Europe/London');
    expect(winterEvent.startDate.toJSDate().toISOString()).toBe(
      `${nextDate(today, '12-01')}T10:00:00.000Z`,
    );
    expect(winterEvent.endDate.toJSDate().toISOString()).toBe(
      `${nextDate(today, '12-01')}T11:00:00.000Z`,
    );
    expect(byId(cancelled).component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(summerEvent.component.getFirstPropertyValue('status')).toBe('CONFIRMED');

    // No personal details of children: none of the demo's children's names or dates of birth.
    const children = await pool.query('SELECT name, case_id FROM child WHERE name IS NOT NULL');
    for (const child of children.rows) {
      expect(response.body).not.toContain(child.name);
      expect(response.body).not.toContain(child.case_id);
    }

    // The same UIDs on the next fetch.
    const second = eventsOf((await fetchFeed(url)).body);
    expect(second.events.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
  });

  it('a supervisor’s feed holds the sessions they lead', async () => {
    const { url } = await createFeed(accounts.supervisor);
    const { events } = eventsOf((await fetchFeed(url)).body);
    const daniel = await staffIdOf(pool, 'tm-ait');
    const led = await pool.query(
      `SELECT count(*)::int AS n FROM supervision_session WHERE supervisor_id = $1
         AND held_on BETWEEN $2 AND $3`,
      [daniel, addMonths(today, -3), addMonths(today, 12)],
    );
    expect(events.length).toBeGreaterThanOrEqual(led.rows[0].n);
    expect(led.rows[0].n).toBeGreaterThan(3);
  });

  it('a new address ends the old one; stopping the feed ends it; an unknown one is not found', async () => {
    const first = await createFeed(accounts.practitioner);
    const page = await first.client.get('/calendar-feed');
    const replaced = await first.client.post('/calendar-feed', formOf(page.body, '/calendar-feed'));
    const second = /value="(http[^"]+\.ics)"/.exec(replaced.body)![1]!;
    expect(second).not.toBe(first.url);
    expect((await fetchFeed(first.url)).statusCode).toBe(404);
    expect((await fetchFeed(second)).statusCode).toBe(200);

    const current = await first.client.get('/calendar-feed');
    const stopped = await first.client.post(
      '/calendar-feed/revoke',
      formOf(current.body, '/calendar-feed/revoke'),
    );
    expect(stopped.statusCode).toBe(303);
    expect(stopped.headers.location).toBe('/calendar-feed?stopped=1');
    expect(textOf((await first.client.get('/calendar-feed?stopped=1')).body)).toContain(
      'Your calendar feed has stopped. Its address no longer works.',
    );
    expect((await fetchFeed(second)).statusCode).toBe(404);
    expect(
      (
        await pool.query(
          "SELECT count(*)::int AS n FROM audit_event WHERE action = 'calendar_feed.revoked'",
        )
      ).rows[0].n,
    ).toBe(1);

    for (const path of [
      '/calendar/unknown-token-that-is-long-enough-to-look-real.ics',
      '/calendar/x.ics',
      '/calendar/feed',
    ]) {
      expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    }
  });

  it('stops working when the account is disabled', async () => {
    const { url } = await createFeed('asye@northshire.example');
    expect((await fetchFeed(url)).statusCode).toBe(200);
    await pool.query(
      "UPDATE user_account SET disabled_at = now() WHERE email = 'asye@northshire.example'",
    );
    expect((await fetchFeed(url)).statusCode).toBe(404);
  });

  it('refuses a form without its security token', async () => {
    const client = await signedIn(app, accounts.supervisor);
    await client.get('/calendar-feed');
    expect((await client.postRaw('/calendar-feed', {})).statusCode).toBe(403);
    expect((await client.postRaw('/calendar-feed/revoke', {})).statusCode).toBe(403);
  });

  it('tells an account with no staff record there is nothing to show', async () => {
    const client = await signedIn(app, 'investigator@northshire.example');
    const page = textOf((await client.get('/calendar-feed')).body);
    expect(page).toContain('Your account is not linked to a staff record');
    expect(page).not.toContain('Create a calendar feed address');
  });
});

/** The next date (after today) with this month and day: '07-01' → the coming 1 July. */
function nextDate(today: string, monthDay: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${monthDay}`;
  return thisYear > today ? thisYear : `${year + 1}-${monthDay}`;
}
