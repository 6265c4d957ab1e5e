import { describe, expect, it } from 'vitest';
import { addDays, isoDateAt, workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { zonedInstant } from '../../src/features/notifications/zoned-time.ts';
import { testApp } from '../support/app.ts';
import {
  bookSession,
  changeSession,
  crashBeforeDone,
  emailsOf,
  eventsOf,
  jobsOf,
  notice,
  notificationsOf,
  organisationIdOf,
} from './notifications-helpers.ts';
import { accounts, signedIn, staffIdOf, textOf, userIdOf } from './organisation-helpers.ts';

const minute = 60_000;

describe('notifications: sessions, signatures and reminders', async () => {
  // No SMTP_URL: every email is held for the outbox.
  const { app, pool, services } = await testApp();
  const organisationId = await organisationIdOf(pool);
  const today = isoDateAt(new Date());
  const inTenDays = addDays(today, 10);
  // A second on: PostgreSQL's now() has microseconds, a Date only milliseconds, so a job queued
  // in this very millisecond is not yet due at new Date().
  const run = (at = new Date(Date.now() + 1000)) => services.jobs.runDue(at);

  it('a booked session tells the supervisor and the supervisee, in the app and by email with an invitation', async () => {
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: ['sw-ait-1'],
      date: inTenDays,
      startsAt: '10:00',
      minutes: 90,
    });
    expect(await run()).toMatchObject({ done: 1, failed: 0 });

    const notes = (await notificationsOf(pool, 'session_booked')).filter((n) =>
      n.link?.endsWith(sessionId),
    );
    expect(notes.map((n) => n.recipient).sort()).toEqual([
      accounts.practitioner,
      accounts.supervisor,
    ]);
    expect(notes[0]!.subject).toMatch(/^Supervision booked: \w+day \d+ \w+ \d{4} at 10am$/);
    expect(notes[0]!.body).toContain('Supervisor: Daniel Okafor');
    expect(notes[0]!.body).toContain('Supervisee: Jordan Ellis');
    expect(notes[0]!.link).toBe(`/planning/sessions/${sessionId}`);

    const emails = (await emailsOf(pool, 'Supervision booked%')).filter((e) =>
      e.calendar?.includes(sessionId),
    );
    expect(emails.map((e) => e.to_address).sort()).toEqual([
      accounts.practitioner,
      accounts.supervisor,
    ]);
    expect(emails.every((e) => e.state === 'held')).toBe(true);
    expect(emails[0]!.text_body).toContain('Dear ');
    const invitation = eventsOf(emails[0]!.calendar!);
    expect(invitation.method).toBe('REQUEST');
    expect(invitation.events).toHaveLength(1);
    expect(invitation.events[0]!.uid).toBe(`${sessionId}@oversight`);
    expect(invitation.events[0]!.sequence).toBe(0);
    expect(invitation.events[0]!.startDate.toJSDate().toISOString()).toBe(
      zonedInstant(inTenDays, '10:00').toISOString(),
    );

    // The reminder: the day before at 09:00 in London, one per session and date.
    const [reminder] = (await jobsOf(pool, 'session_reminder')).filter(
      (job) => job.payload.sessionId === sessionId,
    );
    expect(reminder.dedupe_key).toBe(`reminder:${sessionId}:${inTenDays}`);
    expect(reminder.run_at.toISOString()).toBe(
      zonedInstant(addDays(inTenDays, -1), '09:00').toISOString(),
    );
    expect(reminder.state).toBe('pending');
  });

  it('queueing the same notice twice tells no one twice', async () => {
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: ['sw-ait-2'],
      date: addDays(today, 12),
    });
    const [job] = (await jobsOf(pool, 'notice')).filter((j) => j.payload.sessionId === sessionId);
    // The feature queues it again with the same revision (a retried request, say).
    await notice(pool, job.payload, job.dedupe_key.split(':').slice(3).join(':'));
    expect(
      (await jobsOf(pool, 'notice')).filter((j) => j.payload.sessionId === sessionId),
    ).toHaveLength(1);
  });

  it('a job run again after a crash before it was marked done sends nothing twice', async () => {
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: ['sw-ait-1'],
      date: addDays(today, 14),
    });
    await run();
    const [job] = (await jobsOf(pool, 'notice')).filter((j) => j.payload.sessionId === sessionId);
    expect(job.state).toBe('done');
    const count = async () => ({
      notifications: (await notificationsOf(pool)).filter((n) => n.link?.endsWith(sessionId))
        .length,
      emails: (await emailsOf(pool)).filter((e) => e.calendar?.includes(sessionId)).length,
      reminders: (await jobsOf(pool, 'session_reminder')).filter(
        (j) => j.payload.sessionId === sessionId,
      ).length,
    });
    const before = await count();
    expect(before).toEqual({ notifications: 2, emails: 2, reminders: 1 });

    // The worker died after writing its effects and before marking the job done: its lease
    // runs out, another run claims it again.
    await crashBeforeDone(pool, job.dedupe_key);
    expect(await run()).toMatchObject({ done: 1 });
    expect(await count()).toEqual(before);
    const again = (await jobsOf(pool, 'notice')).find((j) => j.id === job.id);
    expect(again).toMatchObject({ state: 'done', attempts: 2 });
    // The invitation was not given a new sequence number by the second run.
    const emails = (await emailsOf(pool)).filter((e) => e.calendar?.includes(sessionId));
    expect(emails.map((e) => eventsOf(e.calendar!).events[0]!.sequence)).toEqual([0, 0]);
  });

  // Manchester Appendix D (T-002-D.4): "the onus is on the person who needs to make the change
  // to notify the other, giving as much notice as possible" — Oversight tells both at once.
  it('a change sends an update with the same UID and a higher SEQUENCE; a cancellation a CANCEL', async () => {
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: ['asye'],
      date: addDays(today, 20),
      startsAt: '14:00',
    });
    await run();
    await changeSession(pool, sessionId, { date: addDays(today, 21), startsAt: '15:30' });
    await run();
    await changeSession(pool, sessionId, { status: 'cancelled' }, 'session_cancelled');
    await run();

    const toChloe = (await emailsOf(pool))
      .filter((e) => e.calendar?.includes(sessionId) && e.to_address === 'asye@northshire.example')
      .map((e) => ({ subject: e.subject, ...eventsOf(e.calendar!) }));
    expect(toChloe.map((e) => e.subject.split(':')[0])).toEqual([
      'Supervision booked',
      'Supervision changed',
      'Supervision cancelled',
    ]);
    expect(toChloe.map((e) => e.method)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(toChloe.map((e) => e.events[0]!.uid)).toEqual(Array(3).fill(`${sessionId}@oversight`));
    expect(toChloe.map((e) => e.events[0]!.sequence)).toEqual([0, 1, 2]);
    expect(toChloe[1]!.events[0]!.startDate.toString()).toBe(`${addDays(today, 21)}T15:30:00`);
    expect(toChloe[2]!.events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');

    // The moved session has a reminder for its new date; the old one no longer applies.
    const reminders = (await jobsOf(pool, 'session_reminder')).filter(
      (j) => j.payload.sessionId === sessionId,
    );
    expect(reminders.map((r) => r.payload.date)).toEqual([addDays(today, 20), addDays(today, 21)]);
  });

  it('marking a session held tells no one', async () => {
    const sessionId = await bookSession(pool, {
      supervisor: 'tm-ait',
      participants: ['sw-ait-3'],
      date: addDays(today, 3),
    });
    await run();
    const before = (await emailsOf(pool)).length;
    await changeSession(pool, sessionId, { status: 'held' });
    expect(await run()).toMatchObject({ done: 1 });
    expect((await emailsOf(pool)).length).toBe(before);
  });

  describe('the reminder the day before', () => {
    it('goes to both at 09:00 the day before, once', async () => {
      const date = addDays(today, 5);
      const sessionId = await bookSession(pool, {
        supervisor: 'tm-ait',
        participants: ['sw-ait-1'],
        date,
        startsAt: '11:00',
      });
      await run();
      const nineAm = zonedInstant(addDays(date, -1), '09:00');
      // A minute early: not yet.
      await run(new Date(nineAm.getTime() - minute));
      expect(
        (await notificationsOf(pool, 'session_reminder')).filter((n) =>
          n.link?.endsWith(sessionId),
        ),
      ).toHaveLength(0);
      await run(nineAm);
      await run(new Date(nineAm.getTime() + 10 * minute));
      const reminders = (await notificationsOf(pool, 'session_reminder')).filter((n) =>
        n.link?.endsWith(sessionId),
      );
      expect(reminders.map((n) => n.recipient).sort()).toEqual([
        accounts.practitioner,
        accounts.supervisor,
      ]);
      expect(reminders[0]!.subject).toMatch(/^Reminder: supervision tomorrow, \w+day .* at 11am$/);
      const emails = (await emailsOf(pool, 'Reminder:%')).filter((e) =>
        e.dedupe_key.startsWith(`reminder:${sessionId}:`),
      );
      expect(emails).toHaveLength(2);
      expect(emails.every((e) => e.calendar === null)).toBe(true);
    });

    it('is skipped when the session is no longer planned', async () => {
      const date = addDays(today, 6);
      const sessionId = await bookSession(pool, {
        supervisor: 'tm-ait',
        participants: ['sw-ait-1'],
        date,
      });
      await run();
      await changeSession(pool, sessionId, { status: 'cancelled' }, 'session_cancelled');
      await run();
      const nineAm = zonedInstant(addDays(date, -1), '09:00');
      expect(await run(nineAm)).toMatchObject({ failed: 0 });
      const [reminder] = (await jobsOf(pool, 'session_reminder')).filter(
        (j) => j.payload.sessionId === sessionId,
      );
      expect(reminder.state).toBe('done');
      expect(
        (await notificationsOf(pool, 'session_reminder')).filter((n) =>
          n.link?.endsWith(sessionId),
        ),
      ).toHaveLength(0);
    });

    it('is not queued for a session booked for tomorrow afternoon after 9am today', async () => {
      const sessionId = await bookSession(pool, {
        supervisor: 'tm-ait',
        participants: ['sw-ait-1'],
        date: addDays(today, 1),
      });
      // The booking email is the reminder.
      await run(new Date(Math.max(Date.now(), zonedInstant(today, '09:30').getTime())));
      const reminders = (await jobsOf(pool, 'session_reminder')).filter(
        (j) => j.payload.sessionId === sessionId,
      );
      expect(reminders).toHaveLength(0);
    });
  });

  it('an agreement awaiting signature tells the party who has not signed', async () => {
    const jordan = await staffIdOf(pool, 'sw-ait-1');
    const daniel = await staffIdOf(pool, 'tm-ait');
    const { rows } = await pool.query(
      `INSERT INTO supervision_agreement (organisation_id, relationship_id, version, template_id,
         status, supervisor_signed_at, supervisor_signed_by)
       SELECT organisation_id, id, 1, 'generic', 'awaiting_signatures', '2026-11-20T10:00:00Z', $3
       FROM supervisory_relationship WHERE supervisee_id = $1 AND supervisor_id = $2
         AND kind = 'line_management' AND ends_on IS NULL
       RETURNING id`,
      [jordan, daniel, await userIdOf(pool, accounts.supervisor)],
    );
    const agreementId = rows[0].id;
    await notice(pool, { kind: 'agreement_awaiting_signature', agreementId }, 'v1');
    await run();
    const notes = (await notificationsOf(pool, 'agreement_awaiting_signature')).filter((n) =>
      n.link?.endsWith(agreementId),
    );
    expect(notes.map((n) => n.recipient)).toEqual([accounts.practitioner]);
    expect(notes[0]!.subject).toBe('Supervision agreement to sign');
    expect(notes[0]!.body).toBe(
      'The supervision agreement between Jordan Ellis (supervisee) and Daniel Okafor (supervisor), version 1, is ready for you to sign.\nDaniel Okafor signed it on Friday 20 November 2026.',
    );
    expect(
      (await emailsOf(pool, 'Supervision agreement to sign')).map((e) => e.to_address),
    ).toEqual([accounts.practitioner]);
  });

  // The recording feature is not built yet: its notice is handled when it arrives.
  it('a record awaiting signature tells its supervisee, not its author', async () => {
    const jordan = await staffIdOf(pool, 'sw-ait-1');
    const daniel = await staffIdOf(pool, 'tm-ait');
    const record = await pool.query(
      `INSERT INTO supervision_record (organisation_id, external_id, kind, meeting_date, author_id)
       VALUES ($1, gen_random_uuid()::text, 'personal_supervision', $2, $3) RETURNING id`,
      [organisationId, addDays(today, -2), daniel],
    );
    const recordId = record.rows[0].id;
    await pool.query(
      `INSERT INTO record_staff (organisation_id, record_id, staff_id, position)
       VALUES ($1, $2, $3, 0), ($1, $2, $4, 1)`,
      [organisationId, recordId, jordan, daniel],
    );
    await notice(pool, { kind: 'record_awaiting_signature', recordId }, 'shared');
    await run();
    const notes = (await notificationsOf(pool, 'record_awaiting_signature')).filter((n) =>
      n.link?.endsWith(recordId),
    );
    expect(notes.map((n) => n.recipient)).toEqual([accounts.practitioner]);
    expect(notes[0]!.body).toMatch(
      /^The record of your supervision on \w+day .*, written by Daniel Okafor, is ready for you to read and sign\.$/,
    );
  });

  describe('the daily digest', () => {
    // The next working day from today (the demo is built around today).
    const calendar = workingCalendarForRegion('england-and-wales');
    let day = today;
    while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
    let saturday = today;
    while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);

    it('sends each person one email a working day, only when something is due soon or overdue', async () => {
      const at = zonedInstant(day, '07:30');
      const before = (await emailsOf(pool, 'Supervision: %')).length;
      await services.jobs.tick(at);
      // One evaluation for the organisation: one 'digests' job; then one 'digest' a person.
      const organisationJobs = (await jobsOf(pool, 'digests')).filter(
        (j) => j.payload.date === day,
      );
      expect(organisationJobs.map((j) => [j.dedupe_key, j.state])).toEqual([
        [`digests:${organisationId}:${day}`, 'done'],
      ]);
      const personal = (await jobsOf(pool, 'digest')).filter((j) => j.payload.date === day);
      expect(personal.length).toBeGreaterThan(0);
      expect(personal.every((j) => j.dedupe_key === `digest:${j.payload.userId}:${day}`)).toBe(
        true,
      );
      expect(personal.every((j) => j.payload.entries.length > 0)).toBe(true);

      const digests = (await emailsOf(pool, 'Supervision: %')).slice(before);
      expect(digests.length).toBe(personal.length);
      expect(new Set(digests.map((e) => e.to_address)).size).toBe(digests.length);
      // The team manager supervises a team: they hear about it.
      const daniel = digests.find((e) => e.to_address === accounts.supervisor);
      expect(daniel?.subject).toMatch(
        /^Supervision: (\d+ overdue|\d+ due soon|\d+ overdue and \d+ due soon) \(/,
      );
      expect(daniel?.text_body).toContain('Dear Daniel Okafor,');
      // No child is named: a child appears by case number only.
      const names = (await pool.query('SELECT name FROM child WHERE name IS NOT NULL')).rows.map(
        (r) => r.name as string,
      );
      for (const email of digests)
        for (const name of names) expect(email.text_body).not.toContain(name);

      // Later the same day: nothing more.
      await services.jobs.tick(new Date(at.getTime() + 3 * 60 * minute));
      expect((await emailsOf(pool, 'Supervision: %')).length).toBe(before + digests.length);
      expect((await notificationsOf(pool, 'digest')).length).toBe(digests.length);
    });

    it('a run again after a crash sends no digest twice', async () => {
      const [job] = (await jobsOf(pool, 'digest')).filter((j) => j.payload.date === day);
      const before = (await emailsOf(pool, 'Supervision: %')).length;
      await crashBeforeDone(pool, job.dedupe_key);
      await crashBeforeDone(pool, `digests:${organisationId}:${day}`);
      const later = Math.max(Date.now(), zonedInstant(day, '12:00').getTime());
      expect(await services.jobs.runDue(new Date(later))).toMatchObject({
        done: 2,
        failed: 0,
      });
      expect((await emailsOf(pool, 'Supervision: %')).length).toBe(before);
    });

    it('sends nothing at the weekend', async () => {
      const before = (await emailsOf(pool, 'Supervision: %')).length;
      await services.jobs.tick(zonedInstant(saturday, '08:00'));
      const [weekend] = (await jobsOf(pool, 'digests')).filter((j) => j.payload.date === saturday);
      expect(weekend.state).toBe('done');
      expect(
        (await jobsOf(pool, 'digest')).filter((j) => j.payload.date === saturday),
      ).toHaveLength(0);
      expect((await emailsOf(pool, 'Supervision: %')).length).toBe(before);
    });

    it('is not started in the evening', async () => {
      const tomorrow = addDays(saturday, 2);
      await services.jobs.tick(zonedInstant(tomorrow, '19:00'));
      expect(
        (await jobsOf(pool, 'digests')).filter((j) => j.payload.date === tomorrow),
      ).toHaveLength(0);
    });
  });

  it('clears jobs done more than 90 days ago, and keeps failed ones', async () => {
    await pool.query(
      `INSERT INTO job (organisation_id, kind, dedupe_key, state, finished_at, run_at) VALUES
         ($1, 'notice', 'old-done', 'done', now() - interval '91 days', now() - interval '91 days'),
         ($1, 'notice', 'recent-done', 'done', now() - interval '89 days', now() - interval '89 days'),
         ($1, 'notice', 'old-failed', 'failed', now() - interval '200 days', now() - interval '200 days')`,
      [organisationId],
    );
    await services.jobs.tick(new Date(Date.now() + 1000));
    const left = await pool.query(
      "SELECT dedupe_key FROM job WHERE dedupe_key IN ('old-done', 'recent-done', 'old-failed') ORDER BY 1",
    );
    expect(left.rows.map((r) => r.dedupe_key)).toEqual(['old-failed', 'recent-done']);
  });

  describe('the notifications page', () => {
    it('lists the person’s notifications newest first, with the unread count in the navigation', async () => {
      const client = await signedIn(app, accounts.practitioner);
      const page = await client.get('/notifications');
      expect(page.statusCode).toBe(200);
      const unread = (
        await pool.query(
          `SELECT count(*)::int AS n FROM notification n JOIN user_account u
             ON u.organisation_id = n.organisation_id AND u.id = n.recipient_user_id
           WHERE u.email = $1 AND n.read_at IS NULL`,
          [accounts.practitioner],
        )
      ).rows[0].n;
      expect(unread).toBeGreaterThan(2);
      expect(textOf(page.body)).toContain(`Notifications (${unread})`);
      expect(textOf(page.body)).toContain(`You have ${unread} unread notifications.`);
      // Newest first.
      const headings = [
        ...page.body.matchAll(/<h2 class="govuk-heading-s[^"]*">([\s\S]*?)<\/h2>/g),
      ].map((m) =>
        textOf(m[1]!)
          .replace(/^\s*Unread\s*/, '')
          .trim(),
      );
      const newestFirst = await pool.query(
        `SELECT n.subject FROM notification n JOIN user_account u
           ON u.organisation_id = n.organisation_id AND u.id = n.recipient_user_id
         WHERE u.email = $1 ORDER BY n.created_at DESC, n.id LIMIT 20`,
        [accounts.practitioner],
      );
      expect(headings).toEqual(newestFirst.rows.map((r) => r.subject));
      // Nobody else's notification is listed.
      expect(page.body).not.toContain('Dear Chloe Martin');
    });

    it('marks one as read (with the form’s token), then all', async () => {
      const client = await signedIn(app, accounts.practitioner);
      const page = await client.get('/notifications');
      const unreadBefore = Number(/Notifications \((\d+)\)/.exec(textOf(page.body))![1]);
      const id = /action="\/notifications\/([0-9a-f-]+)\/read"/.exec(page.body)![1]!;

      const forged = await client.postRaw(`/notifications/${id}/read`, { page: '1' });
      expect(forged.statusCode).toBe(403);

      const marked = await client.post(`/notifications/${id}/read`, { page: '1' });
      expect(marked.statusCode).toBe(303);
      expect(marked.headers.location).toBe('/notifications');
      const after = await client.get('/notifications');
      expect(textOf(after.body)).toContain(
        unreadBefore - 1 > 0 ? `Notifications (${unreadBefore - 1})` : 'Notifications',
      );
      const audit = await pool.query(
        "SELECT actor_user_id FROM audit_event WHERE action = 'notification.read' AND resource_id = $1",
        [id],
      );
      expect(audit.rows).toEqual([{ actor_user_id: await userIdOf(pool, accounts.practitioner) }]);

      const all = await client.post('/notifications/read-all', {});
      expect(all.headers.location).toBe('/notifications?read=all');
      const done = await client.get('/notifications?read=all');
      expect(textOf(done.body)).toContain('All your notifications are marked as read');
      expect(textOf(done.body)).toContain('You have no unread notifications.');
      expect(done.body).not.toMatch(/Notifications \(\d+\)/);
    });

    it('one person cannot mark another’s notification', async () => {
      const { rows } = await pool.query(
        `SELECT n.id FROM notification n JOIN user_account u
           ON u.organisation_id = n.organisation_id AND u.id = n.recipient_user_id
         WHERE u.email = $1 AND n.read_at IS NULL LIMIT 1`,
        [accounts.supervisor],
      );
      const client = await signedIn(app, accounts.practitioner);
      await client.get('/calendar-feed'); // a page with a form, for the token
      const other = await client.post(`/notifications/${rows[0].id}/read`, {});
      expect(other.statusCode).toBe(303);
      const still = await pool.query('SELECT read_at FROM notification WHERE id = $1', [
        rows[0].id,
      ]);
      expect(still.rows[0].read_at).toBeNull();
      expect((await client.post('/notifications/not-an-id/read', {})).statusCode).toBe(404);
    });

    it('is for signed-in people only', async () => {
      const response = await app.inject({ method: 'GET', url: '/notifications' });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/sign-in?next=%2Fnotifications');
    });
  });

  describe('the outbox, without SMTP settings', () => {
    it('shows administrators what would have been sent, with the invitation to download', async () => {
      const client = await signedIn(app, accounts.admin);
      const page = await client.get('/organisation/outbox');
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain(
        'Email is not set up (SMTP_URL is not set), so Oversight sends nothing.',
      );
      expect(text).toContain('Not sent: email is not set up');
      expect(text).toContain(accounts.practitioner);
      expect(text).toMatch(/Supervision booked: \w+day/);
      expect(text).toContain('Read the message');
      const href = /href="(\/organisation\/outbox\/[0-9a-f-]+\/invitation\.ics)"/.exec(
        page.body,
      )![1]!;
      const download = await client.get(href);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toMatch(
        /^text\/calendar; charset=utf-8; method=(REQUEST|CANCEL)$/,
      );
      expect(download.headers['content-disposition']).toBe('attachment; filename="invitation.ics"');
      expect(eventsOf(download.body).events).toHaveLength(1);
      const viewed = await pool.query(
        "SELECT count(*)::int AS n FROM audit_event WHERE action = 'outbox.viewed'",
      );
      expect(viewed.rows[0].n).toBeGreaterThan(0);
    });

    it('is not for anyone else', async () => {
      for (const email of [accounts.supervisor, accounts.seniorManager, accounts.practitioner]) {
        const client = await signedIn(app, email);
        expect((await client.get('/organisation/outbox')).statusCode).toBe(403);
      }
    });
  });
});
