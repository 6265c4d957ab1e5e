/**
 * The packs' absence rules on the planning pages (SEED-CATALOGUE D20–D22), with the demo
 * organisation switched to the Durham pack, whose seed (004, 4.4 and 4.5) states them.
 */
import { describe, expect, it } from 'vitest';
import { workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import {
  accounts,
  dateFields,
  daysFromToday,
  formOf,
  signedIn,
  staffIdOf,
  textOf,
} from './organisation-helpers.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const workday = (days: number) => calendar.nextWorkingDayOnOrAfter(daysFromToday(days));

describe('the packs’ absence rules', async () => {
  const { app, pool } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const fatima = await staffIdOf(pool, 'sw-ait-2');
  const liam = await staffIdOf(pool, 'sw-ait-3');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const sarah = await staffIdOf(pool, 'tm-cp');
  const ben = await staffIdOf(pool, 'sw-cp-1');

  const usePolicyPack = (id: string) =>
    pool.query('UPDATE organisation SET policy_pack_id = $1, overrides = NULL', [id]);
  const addAbsence = (staffId: string, kind: string, from: string, to: string | null) =>
    pool.query(
      `INSERT INTO absence (organisation_id, id, external_id, staff_id, kind, starts_on, ends_on)
       SELECT organisation_id, gen_random_uuid(), gen_random_uuid()::text, id, $2, $3, $4
       FROM staff_member WHERE id = $1`,
      [staffId, kind, from, to],
    );

  /** Books a one-to-one with Daniel and calls it off for `reason`; returns the session page. */
  async function callOff(
    superviseeId: string,
    date: string,
    status: 'cancelled' | 'postponed',
    reason: string,
    extra: Record<string, string> = {},
  ) {
    const client = await signedIn(app, accounts.supervisor);
    const url = '/planning/sessions/new/one-to-one';
    const booked = await client.post(url, {
      ...formOf((await client.get(url)).body, url),
      superviseeId,
      supervisorId: daniel,
      ...dateFields('date', date),
      startsAt: '10:00',
      minutes: '90',
    });
    expect(booked.statusCode).toBe(303);
    const id = /sessions\/([0-9a-f-]{36})/.exec(booked.headers.location as string)![1]!;
    const statusUrl = `/planning/sessions/${id}/status`;
    const changed = await client.post(statusUrl, {
      ...formOf((await client.get(statusUrl)).body, statusUrl),
      status,
      cancellationReason: reason,
      ...extra,
    });
    expect(changed.statusCode).toBe(303);
    return textOf((await client.get(`/planning/sessions/${id}`)).body);
  }

  it('D20: after sickness, the new session is held within 5 working days of the return', async () => {
    await usePolicyPack('durham-one-point-2022');
    const date = workday(130);
    const lastDayAway = calendar.addWorkingDays(date, 7);
    await addAbsence(jordan, 'sickness', date, lastDayAway);
    const text = await callOff(jordan, date, 'cancelled', 'supervisee_sickness');
    const back = calendar.nextWorkingDayOnOrAfter(calendar.addWorkingDays(lastDayAway, 1));
    const holdBy = calendar.addWorkingDays(back, 5);
    expect(text).toContain(
      'Another session must be held within 5 working days of Jordan Ellis’s return to work.',
    );
    expect(text).toContain(
      `Jordan Ellis is back on ${govukDate(back)}, so hold it by ${govukDate(holdBy)}.`,
    );
    expect(text).toContain('4.4 Cancellation/rescheduling');
    expect(text).toContain('Who rebooks: Daniel Okafor (the supervisor)');
  });

  it('D20: while the supervisee is still away, the date waits for their return', async () => {
    await usePolicyPack('durham-one-point-2022');
    const date = workday(135);
    await addAbsence(fatima, 'sickness', date, null);
    const text = await callOff(fatima, date, 'cancelled', 'supervisee_sickness');
    expect(text).toContain('within 5 working days of Fatima Hussain’s return to work');
    expect(text).toContain(
      'Fatima Hussain is still away. The date shows here once their return is recorded.',
    );
  });

  it('D21: a session moved for annual leave is the practitioner’s to rebook', async () => {
    await usePolicyPack('durham-one-point-2022');
    const date = workday(140);
    const text = await callOff(liam, date, 'postponed', 'supervisee_annual_leave', {
      ...dateFields('rescheduledTo', workday(150)),
    });
    expect(text).toContain('Who rebooks: Liam Doherty (the supervisee).');
    expect(text).toContain(
      '“Where practitioners need to rearrange a planned supervision due to annual leave, for example, it is their responsibility to reschedule”',
    );
  });

  it('a pack without these rules (systemic) names the supervisor and no deadline', async () => {
    await usePolicyPack('systemic-4x4x4');
    const date = workday(160);
    await addAbsence(liam, 'sickness', date, calendar.addWorkingDays(date, 2));
    const text = await callOff(liam, date, 'cancelled', 'supervisee_sickness');
    expect(text).toContain('Who rebooks: Daniel Okafor (the supervisor).');
    expect(text).not.toContain('must be held within');
  });

  it('D22: a team manager away more than 4 weeks raises a cover task for their line manager', async () => {
    await usePolicyPack('durham-one-point-2022');
    const manager = await signedIn(app, accounts.seniorManager);
    // Exactly 4 weeks away is not "more than 4 weeks".
    await addAbsence(sarah, 'sickness', daysFromToday(-3), daysFromToday(24));
    expect(textOf((await manager.get('/planning')).body)).not.toContain('Arrange cover');

    await pool.query('DELETE FROM absence WHERE staff_id = $1', [sarah]);
    await addAbsence(sarah, 'sickness', daysFromToday(-3), daysFromToday(30));
    const page = await manager.get('/planning');
    const text = textOf(page.body);
    expect(text).toContain('Arrange cover');
    expect(text).toContain(
      `Sarah Whitfield is away from ${govukDate(daysFromToday(-3))} to ${govukDate(daysFromToday(30))}, more than 4 weeks.`,
    );
    expect(text).toContain('Ben Ashworth: no cover yet.');
    expect(page.body).toContain(`href="/staff/${ben}/supervisors/cover"`);

    // The practitioner's view says who to tell.
    const benView = textOf((await manager.get(`/planning/people/${ben}`)).body);
    expect(benView).toContain('Sarah Whitfield is away until');
    expect(benView).toContain(
      'no cover has been arranged for Ben Ashworth. Tell Priya Raman, who arranges it.',
    );

    // The line manager adds cover through the link; the task shows it.
    const coverUrl = `/staff/${ben}/supervisors/cover`;
    const added = await manager.post(coverUrl, {
      ...formOf((await manager.get(coverUrl)).body, coverUrl),
      supervisorId: daniel,
      ...dateFields('startsOn', daysFromToday(1)),
      ...dateFields('endsOn', daysFromToday(30)),
    });
    expect(added.statusCode).toBe(303);
    expect(textOf((await manager.get('/planning')).body)).toContain(
      `Ben Ashworth: covered by Daniel Okafor from ${govukDate(daysFromToday(1))} to ${govukDate(daysFromToday(30))}`,
    );
    // The team manager's own planner carries no such task: it is for their line manager.
    const supervisor = await signedIn(app, accounts.supervisor);
    expect(textOf((await supervisor.get('/planning')).body)).not.toContain(
      'Sarah Whitfield is away',
    );
  });

  it('D22 is Durham’s: the systemic pack raises no cover task', async () => {
    await usePolicyPack('systemic-4x4x4');
    const manager = await signedIn(app, accounts.seniorManager);
    expect(textOf((await manager.get('/planning')).body)).not.toContain('Arrange cover');
  });
});
