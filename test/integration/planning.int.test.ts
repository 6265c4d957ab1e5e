import { describe, expect, it } from 'vitest';
import { workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import {
  accounts,
  dateFields,
  daysFromToday,
  errorSummary,
  formOf,
  signedIn,
  staffIdOf,
  textOf,
  today,
  unitIdOf,
} from './organisation-helpers.ts';

const calendar = workingCalendarForRegion('england-and-wales');
/** The first working day at least `days` ahead: past the demo's three months of bookings. */
const workday = (days: number) => calendar.nextWorkingDayOnOrAfter(daysFromToday(days));

describe('the forward planner', async () => {
  const { app, pool } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const fatima = await staffIdOf(pool, 'sw-ait-2');
  const liam = await staffIdOf(pool, 'sw-ait-3');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const ait = await unitIdOf(pool, 'ait-north');

  const sessionRow = async (id: string) =>
    (
      await pool.query(
        `SELECT external_id, kind, held_on, to_char(starts_at, 'HH24:MI') AS starts_at, minutes,
           location, status, cancellation_reason, status_reason, rescheduled_to,
           rescheduled_from_id, supervisor_id, team_id, created_by,
           array(SELECT staff_id::text FROM session_participant p WHERE p.session_id = s.id
                 ORDER BY position) AS participants
         FROM supervision_session s WHERE id = $1`,
        [id],
      )
    ).rows[0];
  const noticesFor = async (sessionId: string) =>
    (
      await pool.query(
        `SELECT payload->>'kind' AS kind FROM job
         WHERE kind = 'notice' AND payload->>'sessionId' = $1 ORDER BY id`,
        [sessionId],
      )
    ).rows.map((row) => row.kind);
  const auditActions = async (sessionId: string) =>
    (
      await pool.query(
        `SELECT action FROM audit_event WHERE resource_type = 'supervision_session'
           AND resource_id = $1 ORDER BY id`,
        [sessionId],
      )
    ).rows.map((row) => row.action);

  const bookOneToOne = async (fields: Record<string, string>, email = accounts.supervisor) => {
    const client = await signedIn(app, email);
    const url = '/planning/sessions/new/one-to-one';
    const form = formOf((await client.get(url)).body, url);
    const response = await client.post(url, { ...form, ...fields });
    const id = /^\/planning\/sessions\/([0-9a-f-]{36})/.exec(
      (response.headers.location as string | undefined) ?? '',
    )?.[1];
    return { client, response, id };
  };

  it('shows the supervisor their supervisees, how often each is due and the gaps', async () => {
    const client = await signedIn(app, accounts.supervisor);
    const response = await client.get('/planning');
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    expect(text).toContain('People you supervise');
    expect(text).toContain('Jordan Ellis');
    expect(text).toContain('Once in each calendar month');
    expect(text).toContain('Systemic practice supervision policy (4x4x4): 12. Resources');
    // The demo books three months ahead; the months after are gaps.
    expect(text).toMatch(/No session in \w+ \d{4}/);
    expect(response.body).toContain(`/planning/people/${jordan}/plan`);
    expect(text).toContain('Sessions you lead in the next 12 months');
  });

  it('adds Planning to the navigation of supervisors and practitioners only', async () => {
    for (const email of [accounts.supervisor, accounts.practitioner]) {
      const client = await signedIn(app, email);
      const home = await client.get('/');
      expect(home.body).toContain('href="/planning"');
    }
    const admin = await signedIn(app, accounts.admin);
    expect((await admin.get('/')).body).not.toContain('href="/planning"');
  });

  it('plans the year after a check-your-answers page, booking each date once', async () => {
    const client = await signedIn(app, accounts.supervisor);
    const url = `/planning/people/${jordan}/plan`;
    const page = await client.get(url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Plan the year');
    expect(textOf(page.body)).toContain('Supervisor Daniel Okafor');

    // A bad time is named, and what was typed is kept.
    const bad = await client.post(url, {
      startsAt: 'half nine',
      minutes: '90',
      location: 'Room 2',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      { text: 'Start time must be a time of day, like 9:30 or 14:00', href: '#startsAt' },
    ]);
    expect(bad.body).toContain('value="Room 2"');

    const check = await client.post(url, { startsAt: '9:30', minutes: '90', location: 'Room 2' });
    expect(check.statusCode).toBe(200);
    expect(textOf(check.body)).toContain('Check the sessions before booking them');
    const form = formOf(check.body, `${url}/confirm`);
    const dates = [
      ...check.body.matchAll(/name="dates" type="checkbox" value="(\d{4}-\d{2}-\d{2})"/g),
    ].map((m) => m[1]!);
    expect(dates.length).toBeGreaterThanOrEqual(6);
    for (const date of dates) expect(calendar.isWorkingDay(date)).toBe(true);

    // Nothing chosen: the page says so and books nothing.
    const none = await client.post(`${url}/confirm`, { ...form, dates: '' });
    expect(none.statusCode).toBe(400);
    expect(errorSummary(none.body)).toEqual([
      { text: 'Select at least one date to book', href: '#dates' },
    ]);

    const body = new URLSearchParams({ ...form });
    body.delete('dates');
    for (const date of dates) body.append('dates', date);
    const booked = await app.inject({
      method: 'POST',
      url: `${url}/confirm`,
      headers: {
        cookie: client.jar.header(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
    expect(booked.statusCode).toBe(303);
    expect(booked.headers.location).toBe(`/planning?booked=${dates.length}`);
    expect(textOf((await client.get(booked.headers.location as string)).body)).toContain(
      `${dates.length} sessions booked`,
    );

    const { rows } = await pool.query(
      `SELECT s.id FROM supervision_session s JOIN session_participant p
         ON p.session_id = s.id AND p.staff_id = $1
       WHERE s.held_on = ANY($2::date[]) AND s.starts_at = '09:30'`,
      [jordan, dates],
    );
    expect(rows).toHaveLength(dates.length);
    const first = await sessionRow(rows[0].id);
    expect(first).toMatchObject({
      external_id: rows[0].id,
      kind: 'one_to_one',
      minutes: 90,
      location: 'Room 2',
      status: 'planned',
      supervisor_id: daniel,
      team_id: ait,
      created_by: daniel,
      participants: [jordan],
    });
    for (const row of rows) {
      expect(await noticesFor(row.id)).toEqual(['session_booked']);
      expect(await auditActions(row.id)).toEqual(['supervision_session.booked']);
    }

    // Planned now: the planner no longer proposes those dates.
    const again = await client.post(url, { startsAt: '9:30', minutes: '90', location: '' });
    for (const date of dates) expect(again.body).not.toContain(`value="${date}"`);
  });

  it('books a one-to-one, queues one notice and audits it', async () => {
    const date = workday(130);
    const { response, id, client } = await bookOneToOne({
      superviseeId: fatima,
      supervisorId: daniel,
      ...dateFields('date', date),
      startsAt: '14:00',
      minutes: '60',
      location: 'Room 4',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/planning/sessions/${id}?saved=booked`);
    const page = textOf((await client.get(response.headers.location as string)).body);
    expect(page).toContain('Session booked');
    expect(page).toContain(`${govukDate(date)}, 14:00 to 15:00`);
    expect(page).toContain('Supervisee Fatima Hussain');
    expect(await sessionRow(id!)).toMatchObject({
      held_on: date,
      starts_at: '14:00',
      team_id: ait,
    });
    expect(await noticesFor(id!)).toEqual(['session_booked']);
    expect(await auditActions(id!)).toEqual(['supervision_session.booked']);
  });

  it('refuses two sessions overlapping for one person, naming the start time', async () => {
    const date = workday(140);
    const first = await bookOneToOne({
      superviseeId: liam,
      supervisorId: daniel,
      ...dateFields('date', date),
      startsAt: '10:00',
      minutes: '90',
    });
    expect(first.response.statusCode).toBe(303);
    // Fatima with Daniel at 11:00 the same day: Daniel is still with Liam until 11:30.
    const clash = await bookOneToOne({
      superviseeId: fatima,
      supervisorId: daniel,
      ...dateFields('date', date),
      startsAt: '11:00',
      minutes: '60',
      location: 'Room 9',
    });
    expect(clash.response.statusCode).toBe(400);
    expect(errorSummary(clash.response.body)).toEqual([
      {
        text: `Daniel Okafor already has a one-to-one supervision from 10:00 to 11:30 on ${govukDate(date)}. Choose another time`,
        href: '#startsAt',
      },
    ]);
    expect(clash.response.body).toContain('value="Room 9"');
    // Back to back is fine.
    const after = await bookOneToOne({
      superviseeId: fatima,
      supervisorId: daniel,
      ...dateFields('date', date),
      startsAt: '11:30',
      minutes: '60',
    });
    expect(after.response.statusCode).toBe(303);
  });

  it('refuses a planned session in the past, naming the date', async () => {
    const { response } = await bookOneToOne({
      superviseeId: fatima,
      supervisorId: daniel,
      ...dateFields('date', daysFromToday(-1)),
      startsAt: '10:00',
      minutes: '60',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      {
        text: 'The date of a planned session must be today or in the future. To record a session that took place, mark it as held',
        href: '#date-day',
      },
    ]);
  });

  it('refuses someone supervising themselves, naming the supervisee', async () => {
    const { response } = await bookOneToOne({
      superviseeId: jordan,
      supervisorId: jordan,
      ...dateFields('date', workday(150)),
      startsAt: '10:00',
      minutes: '60',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      {
        text: 'Jordan Ellis cannot supervise themselves. Select a different supervisee or supervisor',
        href: '#superviseeId',
      },
    ]);
  });

  it('names each missing field of a booking', async () => {
    const { response } = await bookOneToOne({
      superviseeId: '',
      supervisorId: daniel,
      'date-day': '31',
      'date-month': '2',
      'date-year': '2027',
      startsAt: '',
      minutes: 'an hour',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      { text: 'Select the supervisee', href: '#superviseeId' },
      { text: 'Date must be a real date', href: '#date-day' },
      { text: 'Enter the start time, like 9:30 or 14:00', href: '#startsAt' },
      { text: 'Length must be a whole number of minutes, like 90', href: '#minutes' },
    ]);
  });

  it('books a group supervision with attendees picked from the team', async () => {
    const client = await signedIn(app, accounts.supervisor);
    const url = `/planning/sessions/new/group?team=${ait}`;
    const page = await client.get(url);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Who is attending?');
    expect(page.body).toContain(`value="${jordan}"`);
    const form = formOf(page.body, url.replace('&', '&amp;'));
    const date = workday(160);
    const body = new URLSearchParams({
      ...form,
      ...dateFields('date', date),
      startsAt: '13:00',
      minutes: '90',
      location: 'Team room',
    });
    body.append('participants', jordan);
    body.append('participants', fatima);
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { cookie: client.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(response.statusCode).toBe(303);
    const id = /sessions\/([0-9a-f-]{36})/.exec(response.headers.location as string)![1]!;
    expect(await sessionRow(id)).toMatchObject({
      kind: 'group',
      team_id: ait,
      supervisor_id: daniel,
      participants: [jordan, fatima],
    });
    // Nobody picked: said, not booked.
    const empty = await client.post(url, {
      ...form,
      ...dateFields('date', date),
      startsAt: '15:00',
      minutes: '60',
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      { text: 'Select at least one person to attend', href: '#participants' },
    ]);
  });

  describe('status changes', () => {
    it('cancels with a reason from the list, and notices the cancellation once', async () => {
      const { id, client } = await bookOneToOne({
        superviseeId: fatima,
        supervisorId: daniel,
        ...dateFields('date', workday(170)),
        startsAt: '10:00',
        minutes: '60',
      });
      const url = `/planning/sessions/${id}/status`;
      const form = formOf((await client.get(url)).body, url);

      const noReason = await client.post(url, { ...form, status: 'cancelled' });
      expect(noReason.statusCode).toBe(400);
      expect(errorSummary(noReason.body)).toEqual([
        { text: 'Select why the session is cancelled', href: '#cancellationReason' },
      ]);
      const other = await client.post(url, {
        ...form,
        status: 'cancelled',
        cancellationReason: 'other',
      });
      expect(errorSummary(other.body)).toEqual([
        { text: 'Enter why the session is cancelled', href: '#reason' },
      ]);
      const early = await client.post(url, { ...form, status: 'held' });
      expect(errorSummary(early.body)[0]?.text).toMatch(
        /^A session cannot be recorded as held before its date/,
      );

      const done = await client.post(url, {
        ...form,
        status: 'cancelled',
        cancellationReason: 'supervisor_absence',
        reason: 'Training course',
      });
      expect(done.statusCode).toBe(303);
      expect(await sessionRow(id!)).toMatchObject({
        status: 'cancelled',
        cancellation_reason: 'supervisor_absence',
        status_reason: 'Training course',
      });
      expect(await noticesFor(id!)).toEqual(['session_booked', 'session_cancelled']);
      const page = textOf((await client.get(`/planning/sessions/${id}`)).body);
      expect(page).toContain('Cancelled The supervisor is away Training course');
      expect(page).toContain('Who rebooks: Daniel Okafor (the supervisor)');

      // Only a planned session changes status.
      const twice = await client.post(url, { ...form, status: 'held' });
      expect(twice.statusCode).toBe(409);
      const form2 = formOf(twice.body, url);
      const stale = await client.post(url, { ...form2, status: 'held' });
      expect(errorSummary(stale.body)).toEqual([
        {
          text: 'This session is already cancelled. Only a planned session can change status',
          href: '#status',
        },
      ]);
    });

    it('postpones to a new date, booking the new session linked to the old', async () => {
      const date = workday(180);
      const { id, client } = await bookOneToOne({
        superviseeId: liam,
        supervisorId: daniel,
        ...dateFields('date', date),
        startsAt: '10:00',
        minutes: '60',
        location: 'Room 1',
      });
      const url = `/planning/sessions/${id}/status`;
      const form = formOf((await client.get(url)).body, url);
      const missing = await client.post(url, {
        ...form,
        status: 'postponed',
        cancellationReason: 'supervisee_annual_leave',
      });
      expect(errorSummary(missing.body)).toEqual([
        { text: 'Enter the date the session is moved to', href: '#rescheduledTo-day' },
      ]);
      const newDate = workday(187);
      const response = await client.post(url, {
        ...form,
        status: 'postponed',
        cancellationReason: 'supervisee_annual_leave',
        ...dateFields('rescheduledTo', newDate),
        rescheduledStartsAt: '15:00',
      });
      expect(response.statusCode).toBe(303);
      const newId = /sessions\/([0-9a-f-]{36})/.exec(response.headers.location as string)![1]!;
      expect(await sessionRow(id!)).toMatchObject({
        status: 'postponed',
        cancellation_reason: 'supervisee_annual_leave',
        rescheduled_to: newDate,
      });
      expect(await sessionRow(newId)).toMatchObject({
        status: 'planned',
        held_on: newDate,
        starts_at: '15:00',
        minutes: 60,
        location: 'Room 1',
        rescheduled_from_id: id,
        participants: [liam],
      });
      expect(await noticesFor(id!)).toEqual(['session_booked', 'session_cancelled']);
      expect(await noticesFor(newId)).toEqual(['session_booked']);
      const page = textOf((await client.get(`/planning/sessions/${newId}`)).body);
      expect(page).toContain(`Moved from ${govukDate(date)} (postponed)`);
      const old = textOf((await client.get(`/planning/sessions/${id}`)).body);
      expect(old).toContain(`Moved to ${govukDate(newDate)}`);
    });

    it('records a session not held, with why, only on or after its date', async () => {
      const { rows } = await pool.query(
        `SELECT s.id FROM supervision_session s
         WHERE s.supervisor_id = $1 AND s.status = 'planned' AND s.held_on > $2
         ORDER BY s.held_on LIMIT 1`,
        [daniel, today()],
      );
      const client = await signedIn(app, accounts.supervisor);
      const url = `/planning/sessions/${rows[0].id}/status`;
      const form = formOf((await client.get(url)).body, url);
      const response = await client.post(url, { ...form, status: 'not_held', reason: 'x' });
      expect(errorSummary(response.body)[0]?.text).toMatch(
        /^A session can be recorded as not held only on or after its date/,
      );
      // A session planned for today, at a time already past, can be recorded as not held.
      const id = (
        await pool.query(
          `INSERT INTO supervision_session (organisation_id, id, external_id, kind, held_on,
             starts_at, minutes, supervisor_id, status)
           SELECT organisation_id, gen_random_uuid(), gen_random_uuid()::text, 'one_to_one', $2,
             '00:00', 60, $1, 'planned' FROM staff_member WHERE id = $1 RETURNING id`,
          [daniel, today()],
        )
      ).rows[0].id;
      await pool.query(
        `INSERT INTO session_participant (organisation_id, session_id, staff_id, position)
         SELECT organisation_id, $1, $2, 0 FROM staff_member WHERE id = $2`,
        [id, liam],
      );
      const todayUrl = `/planning/sessions/${id}/status`;
      const todayForm = formOf((await client.get(todayUrl)).body, todayUrl);
      const notHeld = await client.post(todayUrl, {
        ...todayForm,
        status: 'not_held',
        reason: 'Liam was called to an emergency visit',
      });
      expect(notHeld.statusCode).toBe(303);
      expect(await sessionRow(id)).toMatchObject({
        status: 'not_held',
        status_reason: 'Liam was called to an emergency visit',
      });
    });
  });

  it('shows a second editor a conflict page with both versions, and keeps their change', async () => {
    const { id } = await bookOneToOne({
      superviseeId: fatima,
      supervisorId: daniel,
      ...dateFields('date', workday(200)),
      startsAt: '10:00',
      minutes: '60',
      location: 'Room 1',
    });
    const url = `/planning/sessions/${id}/edit`;
    const first = await signedIn(app, accounts.supervisor);
    const second = await signedIn(app, accounts.seniorManager);
    const firstForm = formOf((await first.get(url)).body, url);
    const secondForm = formOf((await second.get(url)).body, url);

    const saved = await first.post(url, { ...firstForm, location: 'Room 7' });
    expect(saved.statusCode).toBe(303);
    const conflict = await second.post(url, { ...secondForm, startsAt: '11:00' });
    expect(conflict.statusCode).toBe(409);
    const text = textOf(conflict.body);
    expect(text).toContain('This session was changed while you were editing it');
    expect(text).toContain('Nothing you entered is lost');
    expect(text).toContain('Start time 11:00 10:00 Different');
    expect(text).toContain('Where Room 1 Room 7 Different');

    // Saving their version again: it carries the saved version now.
    const resubmit = formOf(conflict.body, url);
    expect(resubmit.startsAt).toBe('11:00');
    const again = await second.post(url, resubmit);
    expect(again.statusCode).toBe(303);
    expect(await sessionRow(id!)).toMatchObject({ starts_at: '11:00', location: 'Room 1' });
    expect(await noticesFor(id!)).toEqual(['session_booked', 'session_changed', 'session_changed']);
    expect(await auditActions(id!)).toEqual([
      'supervision_session.booked',
      'supervision_session.changed',
      'supervision_session.changed',
    ]);
  });

  it('an edit that changes nothing notices no one', async () => {
    const { id, client } = await bookOneToOne({
      superviseeId: fatima,
      supervisorId: daniel,
      ...dateFields('date', workday(210)),
      startsAt: '10:00',
      minutes: '60',
    });
    const url = `/planning/sessions/${id}/edit`;
    const form = formOf((await client.get(url)).body, url);
    expect((await client.post(url, form)).statusCode).toBe(303);
    expect(await noticesFor(id!)).toEqual(['session_booked']);
  });

  describe('preparation', () => {
    it('lists open actions and children due automatically; the supervisee adds an agenda item and a child', async () => {
      const { id } = await bookOneToOne({
        superviseeId: jordan,
        supervisorId: daniel,
        ...dateFields('date', workday(220)),
        startsAt: '10:00',
        minutes: '60',
      });
      await pool.query(
        `INSERT INTO supervision_action (organisation_id, id, external_id, description, owner_id,
           set_on, due_on, status)
         SELECT organisation_id, gen_random_uuid(), 'act-prep-test',
           'Update the chronology before the review', id, $2, $3, 'open'
         FROM staff_member WHERE id = $1`,
        [jordan, daysFromToday(-10), daysFromToday(5)],
      );
      const jordanClient = await signedIn(app, accounts.practitioner);
      const url = `/planning/sessions/${id}/preparation`;
      const page = await jordanClient.get(url);
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain('Open actions for you');
      expect(text).toContain('Update the chronology before the review');
      expect(text).toContain('Children due for case supervision');

      // The children the engine says are due for Jordan are the ones listed.
      const { services } = await testAppServices();
      const org = (
        await pool.query('SELECT organisation_id FROM staff_member WHERE id = $1', [jordan])
      ).rows[0].organisation_id;
      const evaluated = await services.compliance.forOrganisation(org, today());
      const due = evaluated.obligations.filter(
        (o) =>
          o.kind === 'case_supervision' &&
          o.workerId === 'sw-ait-1' &&
          ['due', 'due_soon', 'overdue'].includes(o.state),
      );
      const { rows: cases } = await pool.query(
        'SELECT case_id FROM child WHERE external_id = ANY($1::text[])',
        [due.map((o) => o.subject.id)],
      );
      expect(cases.length).toBeGreaterThan(0);
      for (const row of cases) expect(text).toContain(row.case_id);

      const agenda = await jordanClient.post(`/planning/sessions/${id}/agenda`, {
        ...formOf(page.body, `/planning/sessions/${id}/agenda`),
        text: 'My caseload is too high to visit weekly',
      });
      expect(agenda.statusCode).toBe(303);
      const empty = await jordanClient.post(`/planning/sessions/${id}/agenda`, { text: '  ' });
      expect(empty.statusCode).toBe(400);
      expect(errorSummary(empty.body)).toEqual([
        { text: 'Enter what you want to discuss', href: '#text' },
      ]);

      const after = await jordanClient.get(url);
      const childForm = formOf(after.body, `/planning/sessions/${id}/children`);
      const choice = /<option value="([0-9a-f-]{36})">/.exec(after.body)![1]!;
      expect(
        (
          await jordanClient.post(`/planning/sessions/${id}/children`, {
            ...childForm,
            childId: choice,
          })
        ).statusCode,
      ).toBe(303);

      // The supervisor sees both on the same page.
      const supervisor = await signedIn(app, accounts.supervisor);
      const theirs = textOf((await supervisor.get(url)).body);
      expect(theirs).toContain('My caseload is too high to visit weekly');
      expect(theirs).toContain('Added by Jordan Ellis');
      expect(theirs).toContain('Open actions for Jordan Ellis');
      const { rows } = await pool.query(
        'SELECT count(*)::int AS n FROM session_child WHERE session_id = $1',
        [id],
      );
      expect(rows[0].n).toBe(1);
      expect(await auditActions(id!)).toEqual([
        'supervision_session.booked',
        'supervision_session.agenda_item_added',
        'supervision_session.child_added',
      ]);
    });

    it('a child not allocated to the session’s people cannot be added', async () => {
      const { id, client } = await bookOneToOne({
        superviseeId: fatima,
        supervisorId: daniel,
        ...dateFields('date', workday(230)),
        startsAt: '10:00',
        minutes: '60',
      });
      const { rows } = await pool.query(
        `SELECT c.id FROM child c WHERE NOT EXISTS (SELECT 1 FROM child_allocation a
           WHERE a.child_id = c.id AND a.worker_id = $1) LIMIT 1`,
        [fatima],
      );
      const response = await client.post(`/planning/sessions/${id}/children`, {
        childId: rows[0].id,
      });
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toEqual([
        {
          text: 'Select a child from the list: only children allocated now can be added',
          href: '#childId',
        },
      ]);
    });
  });

  describe('who may do what', () => {
    it('the supervisee sees and prepares but does not change or cancel their session', async () => {
      const { id } = await bookOneToOne({
        superviseeId: jordan,
        supervisorId: daniel,
        ...dateFields('date', workday(240)),
        startsAt: '10:00',
        minutes: '60',
      });
      const client = await signedIn(app, accounts.practitioner);
      const page = await client.get(`/planning/sessions/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(`/planning/sessions/${id}/edit`);
      expect(textOf(page.body)).toContain('Postpone the session');
      expect((await client.get(`/planning/sessions/${id}/edit`)).statusCode).toBe(403);
      const status = await client.get(`/planning/sessions/${id}/status`);
      expect(status.statusCode).toBe(200);
      const form = formOf(status.body, `/planning/sessions/${id}/status`);
      const cancel = await client.post(`/planning/sessions/${id}/status`, {
        ...form,
        status: 'cancelled',
        cancellationReason: 'emergency',
      });
      expect(cancel.statusCode).toBe(400);
      expect(errorSummary(cancel.body)[0]?.text).toBe('Select what happened to the session');
    });

    it('a colleague cannot see the session; an unknown one is not found', async () => {
      const { id } = await bookOneToOne({
        superviseeId: fatima,
        supervisorId: daniel,
        ...dateFields('date', workday(250)),
        startsAt: '10:00',
        minutes: '60',
      });
      const jordanClient = await signedIn(app, accounts.practitioner);
      expect((await jordanClient.get(`/planning/sessions/${id}`)).statusCode).toBe(403);
      expect((await jordanClient.get(`/planning/people/${fatima}`)).statusCode).toBe(403);
      expect(
        (await jordanClient.get('/planning/sessions/00000000-0000-4000-8000-000000000000'))
          .statusCode,
      ).toBe(404);
      expect((await jordanClient.get('/planning/sessions/not-an-id')).statusCode).toBe(404);
    });

    it('a form without its CSRF token is refused', async () => {
      const client = await signedIn(app, accounts.supervisor);
      const response = await client.postRaw('/planning/sessions/new/one-to-one', {
        superviseeId: fatima,
      });
      expect(response.statusCode).toBe(403);
    });

    it('the supervisee sees their own sessions by person; a manager sees the team', async () => {
      const jordanClient = await signedIn(app, accounts.practitioner);
      const mine = await jordanClient.get(`/planning/people/${jordan}`);
      expect(mine.statusCode).toBe(200);
      expect(textOf(mine.body)).toContain('Your supervision');
      expect(textOf(mine.body)).toContain('Sessions to come');
      expect(mine.body).not.toContain('Plan the year');

      const manager = await signedIn(app, accounts.seniorManager);
      const team = await manager.get(`/planning/teams/${ait}`);
      expect(team.statusCode).toBe(200);
      expect(textOf(team.body)).toContain('People in the team');
      expect(textOf(team.body)).toContain('Jordan Ellis');
      expect((await jordanClient.get(`/planning/teams/${ait}`)).statusCode).toBe(403);
    });
  });

  async function testAppServices() {
    const { services } = await import('../../src/services/index.ts');
    const { repositories } = await import('../../src/data-access/index.ts');
    const { loadConfig } = await import('../../src/config.ts');
    return { services: services(repositories(pool), loadConfig({ NODE_ENV: 'test' })) };
  }
});
