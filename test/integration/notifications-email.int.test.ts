import { afterAll, describe, expect, it } from 'vitest';
import { addDays, isoDateAt } from '../../src/domain/calendar/index.ts';
import { maxAttempts } from '../../src/services/jobs/job-queue.ts';
import { testApp } from '../support/app.ts';
import { startSmtpServer } from '../support/smtp-server.ts';
import {
  bookSession,
  crashBeforeDone,
  emailsOf,
  eventsOf,
  jobsOf,
} from './notifications-helpers.ts';
import { accounts, signedIn, textOf } from './organisation-helpers.ts';

/** The parts of a MIME message: headers (lower-case names) and the decoded body. */
function mimeParts(raw: string): { headers: Record<string, string>; body: string }[] {
  const parse = (text: string) => {
    const split = text.indexOf('\r\n\r\n');
    const head = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    let body = text.slice(split + 4);
    const encoding = headers['content-transfer-encoding']?.toLowerCase();
    if (encoding === 'base64')
      body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable')
      body = Buffer.from(
        body
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    return { headers, body };
  };
  const top = parse(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(top.headers['content-type'] ?? '')?.[1];
  if (!boundary) return [top];
  const inner = raw.split(`--${boundary}`).slice(1, -1);
  return [top, ...inner.flatMap((part) => mimeParts(part.replace(/^\r\n/, '')))];
}

describe('email over SMTP', async () => {
  const smtp = await startSmtpServer();
  afterAll(() => smtp.close());
  const { app, pool, services } = await testApp({
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Northshire Supervision <supervision@northshire.example>',
    },
  });
  const today = isoDateAt(new Date());
  const minute = 60_000;
  const soon = () => new Date(Date.now() + 1000);
  const received = (to: string, sessionId: string) =>
    smtp.messages.filter(
      (m) => m.to.includes(to) && mimeParts(m.data).some((p) => p.body.includes(sessionId)),
    );

  it('sends each booking email with its invitation as a text/calendar part', async () => {
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: ['sw-ait-1'],
      date: addDays(today, 9),
      startsAt: '09:30',
    });
    expect(await services.jobs.runDue(soon())).toMatchObject({ done: 3, failed: 0 });

    const emails = (await emailsOf(pool)).filter((e) => e.calendar?.includes(sessionId));
    expect(emails.map((e) => [e.to_address, e.state, e.attempts])).toEqual([
      [accounts.practitioner, 'sent', 1],
      [accounts.supervisor, 'sent', 1],
    ]);

    const [message] = received(accounts.practitioner, sessionId);
    expect(message).toBeDefined();
    expect(message!.from).toBe('supervision@northshire.example');
    const [top, ...parts] = mimeParts(message!.data);
    expect(top!.headers.subject).toMatch(/^Supervision booked: \w+day \d+ \w+ \d{4} at 9:30am$/);
    expect(top!.headers.to).toBe(accounts.practitioner);
    expect(top!.headers.from).toBe('Northshire Supervision <supervision@northshire.example>');
    const id = emails.find((e) => e.to_address === accounts.practitioner)!.id;
    expect(top!.headers['message-id']).toBe(`<${id}@northshire.example>`);
    const text = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'));
    expect(text?.body).toContain('Dear Jordan Ellis,');
    const calendar = parts.find((p) => p.headers['content-type']?.startsWith('text/calendar'));
    expect(calendar?.headers['content-type']).toMatch(/method=REQUEST/);
    const invitation = eventsOf(calendar!.body);
    expect(invitation.method).toBe('REQUEST');
    expect(invitation.events[0]!.uid).toBe(`${sessionId}@oversight`);
    expect(invitation.events[0]!.organizer).toBe('mailto:supervision@northshire.example');

    const sent = await pool.query(
      "SELECT resource_id FROM audit_event WHERE action = 'email.sent' AND resource_id = $1",
      [id],
    );
    expect(sent.rowCount).toBe(1);
  });

  it('a restart never sends twice: jobs run again after a crash send nothing more', async () => {
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: ['sw-ait-1'],
      date: addDays(today, 11),
    });
    await services.jobs.runDue(soon());
    expect(received(accounts.practitioner, sessionId)).toHaveLength(1);
    const [noticeJob] = (await jobsOf(pool, 'notice')).filter(
      (j) => j.payload.sessionId === sessionId,
    );
    const sendJobs = (await jobsOf(pool, 'send_email')).filter((j) =>
      j.dedupe_key.startsWith('send_email:'),
    );
    // Both kinds of job die before they are marked done, and are claimed again.
    await crashBeforeDone(pool, noticeJob.dedupe_key);
    for (const job of sendJobs) await crashBeforeDone(pool, job.dedupe_key);
    await services.jobs.runDue(soon());

    expect(received(accounts.practitioner, sessionId)).toHaveLength(1);
    expect(received(accounts.supervisor, sessionId)).toHaveLength(1);
    expect((await emailsOf(pool)).filter((e) => e.calendar?.includes(sessionId))).toHaveLength(2);
    expect(
      (
        await pool.query("SELECT count(*)::int AS n FROM notification WHERE link LIKE '%' || $1", [
          sessionId,
        ])
      ).rows[0].n,
    ).toBe(2);
  });

  it('retries a message the server turns away, after a minute, then after two', async () => {
    smtp.refuseNext(2);
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: [],
      kind: 'group_learning',
      date: addDays(today, 15),
    });
    const start = soon();
    expect(await services.jobs.runDue(start)).toMatchObject({ done: 1, retried: 1 });
    let [email] = (await emailsOf(pool)).filter((e) => e.calendar?.includes(sessionId));
    expect(email).toMatchObject({ state: 'queued', attempts: 1 });
    expect(email!.last_error).toMatch(/451/);

    // Not before a minute has passed.
    expect(await services.jobs.runDue(new Date(start.getTime() + 30_000))).toMatchObject({
      done: 0,
      retried: 0,
    });
    expect(await services.jobs.runDue(new Date(start.getTime() + minute))).toMatchObject({
      retried: 1,
    });
    expect(await services.jobs.runDue(new Date(start.getTime() + 3 * minute))).toMatchObject({
      done: 1,
    });
    [email] = (await emailsOf(pool)).filter((e) => e.calendar?.includes(sessionId));
    expect(email).toMatchObject({ state: 'sent', attempts: 3, last_error: null });
    expect(received(accounts.supervisor, sessionId)).toHaveLength(1);
  });

  it(`gives up after ${maxAttempts} attempts and shows the message as not sent`, async () => {
    smtp.refuseNext(100);
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: [],
      kind: 'group',
      date: addDays(today, 16),
    });
    let at = soon();
    for (let attempt = 0; attempt < maxAttempts + 2; attempt += 1) {
      await services.jobs.runDue(at);
      at = new Date(at.getTime() + 2 * 60 * minute);
    }
    smtp.refuseNext(0);
    const [email] = (await emailsOf(pool)).filter((e) => e.calendar?.includes(sessionId));
    expect(email).toMatchObject({ state: 'failed', attempts: maxAttempts });
    const [job] = (await jobsOf(pool, 'send_email')).filter((j) => j.payload.emailId === email!.id);
    expect(job).toMatchObject({ state: 'failed', attempts: maxAttempts });
    expect(received(accounts.supervisor, sessionId)).toHaveLength(0);

    const client = await signedIn(app, accounts.admin);
    const page = textOf((await client.get('/organisation/outbox')).body);
    expect(page).toContain('Email is sent through your SMTP server.');
    expect(page).toContain('Could not be sent');
    expect(page).toMatch(/451 Try again later \(6 attempts\)/);
    expect(page).toContain('Sent');
  });
});
