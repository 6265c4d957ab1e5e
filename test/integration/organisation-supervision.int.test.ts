import { describe, expect, it } from 'vitest';
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
} from './organisation-helpers.ts';

describe('supervisors and absences', async () => {
  const { app, pool } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const liam = await staffIdOf(pool, 'sw-ait-3');
  const imran = await staffIdOf(pool, 'sw-ait-4');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const nadia = await staffIdOf(pool, 'ap-ait');
  const fatima = await staffIdOf(pool, 'sw-ait-2');
  const ben = await staffIdOf(pool, 'sw-cp-1');

  const relationshipsOf = async (superviseeId: string, kind: string) =>
    (
      await pool.query(
        `SELECT id, external_id, supervisor_id, starts_on, ends_on FROM supervisory_relationship
         WHERE supervisee_id = $1 AND kind = $2 ORDER BY starts_on`,
        [superviseeId, kind],
      )
    ).rows;
  const auditActions = async (resourceId: string) =>
    (
      await pool.query('SELECT action FROM audit_event WHERE resource_id = $1 ORDER BY id', [
        resourceId,
      ])
    ).rows.map((row) => row.action);

  const usePolicyPack = (id: string) =>
    pool.query('UPDATE organisation SET policy_pack_id = $1, overrides = NULL', [id]);

  async function changeSupervisor(
    superviseeId: string,
    fields: Record<string, string>,
    email = accounts.admin,
  ) {
    const client = await signedIn(app, email);
    const url = `/staff/${superviseeId}/supervisors/change`;
    const form = formOf((await client.get(url)).body, url);
    return { client, response: await client.post(url, { ...form, ...fields }) };
  }

  it('ends the old relationship the day before the change and starts the new one', async () => {
    const [before] = await relationshipsOf(jordan, 'line_management');
    expect(before.supervisor_id).toBe(daniel);
    const from = daysFromToday(14);
    const { client, response } = await changeSupervisor(jordan, {
      kind: 'line_management',
      supervisorId: nadia,
      ...dateFields('startsOn', from),
      setLineManager: 'yes',
    });
    expect(response.statusCode).toBe(303);
    const location = response.headers.location as string;
    expect(location).toMatch(new RegExp(`^/staff/${jordan}/supervisors/changed/[0-9a-f-]{36}$`));

    const after = await relationshipsOf(jordan, 'line_management');
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ id: before.id, ends_on: daysFromToday(13) });
    expect(after[1]).toMatchObject({ supervisor_id: nadia, starts_on: from, ends_on: null });
    expect(after[1].external_id).toBe(after[1].id);
    const { rows } = await pool.query('SELECT line_manager_id FROM staff_member WHERE id = $1', [
      jordan,
    ]);
    expect(rows[0].line_manager_id).toBe(nadia);
    expect(await auditActions(after[1].id)).toEqual(['supervisory_relationship.changed']);

    const confirmation = await client.get(location);
    expect(confirmation.statusCode).toBe(200);
    const text = textOf(confirmation.body);
    expect(text).toContain('Supervisor changed');
    expect(text).toContain(`Nadia Kowalski supervises Jordan Ellis from ${govukDate(from)}`);
    expect(text).toContain(`Daniel Okafor, until ${govukDate(daysFromToday(13))}`);
    // The demo's pack (systemic-4x4x4) asks for neither on a change.
    expect(text).toContain('asks for no agreement review or handover on this change');

    const page = textOf((await client.get(`/staff/${jordan}`)).body);
    expect(page).toContain('Line manager Nadia Kowalski');
  });

  it('explains the agreement review a policy pack asks for after a change', async () => {
    await usePolicyPack('durham-one-point-2022');
    const { client, response } = await changeSupervisor(liam, {
      kind: 'line_management',
      supervisorId: nadia,
      ...dateFields('startsOn', today()),
    });
    expect(response.statusCode).toBe(303);
    const text = textOf((await client.get(response.headers.location as string)).body);
    expect(text).toContain('The durham-one-point-2022 policy pack asks for:');
    expect(text).toContain('Review the supervision agreement');
    expect(text).toMatch(/Who Nadia Kowalski/);
    expect(text).not.toContain('Arrange a handover');
  });

  it('explains the handover a policy pack asks for after a change', async () => {
    await usePolicyPack('leeds-schools-clusters');
    const { client, response } = await changeSupervisor(imran, {
      kind: 'line_management',
      supervisorId: nadia,
      ...dateFields('startsOn', today()),
    });
    expect(response.statusCode).toBe(303);
    const text = textOf((await client.get(response.headers.location as string)).body);
    expect(text).toContain('Arrange a handover');
    // The outgoing supervisor arranges it.
    expect(text).toMatch(/Who Daniel Okafor/);
    await usePolicyPack('systemic-4x4x4');
  });

  it('refuses someone supervising themselves, the same supervisor, and a date too early', async () => {
    const self = await changeSupervisor(fatima, {
      kind: 'line_management',
      supervisorId: fatima,
      ...dateFields('startsOn', today()),
    });
    expect(self.response.statusCode).toBe(400);
    expect(errorSummary(self.response.body)).toEqual([
      {
        text: 'Fatima Hussain cannot supervise themselves. Select someone else',
        href: '#supervisorId',
      },
    ]);

    const same = await changeSupervisor(fatima, {
      kind: 'line_management',
      supervisorId: daniel,
      ...dateFields('startsOn', today()),
    });
    expect(errorSummary(same.response.body)[0]?.text).toContain(
      'Daniel Okafor is already Fatima Hussain’s supervisor for line management',
    );

    // Jordan's change (above) starts in 14 days: an earlier change would overlap it.
    const early = await changeSupervisor(jordan, {
      kind: 'line_management',
      supervisorId: fatima,
      ...dateFields('startsOn', daysFromToday(3)),
    });
    expect(early.response.statusCode).toBe(400);
    expect(errorSummary(early.response.body)).toEqual([
      {
        text: `The change must take effect after ${govukDate(daysFromToday(14))}, when line management by Nadia Kowalski starts`,
        href: '#startsOn-day',
      },
    ]);

    const missing = await changeSupervisor(fatima, { kind: 'line_management', supervisorId: '' });
    expect(errorSummary(missing.response.body)).toEqual([
      { text: 'Select the new supervisor', href: '#supervisorId' },
      { text: 'Enter the date the change takes effect', href: '#startsOn-day' },
    ]);
  });

  it('lets only those who may edit the worker change their supervisor', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    expect((await manager.get(`/staff/${ben}/supervisors/change`)).statusCode).toBe(403);
    const response = await manager.post(`/staff/${ben}/supervisors/change`, {
      kind: 'line_management',
      supervisorId: daniel,
      ...dateFields('startsOn', today()),
    });
    expect(response.statusCode).toBe(403);
  });

  it('adds temporary cover, refusing overlapping cover, and ends it', async () => {
    const admin = await signedIn(app, accounts.admin);
    const url = `/staff/${fatima}/supervisors/cover`;
    await admin.get(url);
    const added = await admin.post(url, {
      supervisorId: nadia,
      ...dateFields('startsOn', daysFromToday(1)),
      ...dateFields('endsOn', daysFromToday(10)),
    });
    expect(added.statusCode).toBe(303);
    const [cover] = await relationshipsOf(fatima, 'cover');
    expect(cover).toMatchObject({
      supervisor_id: nadia,
      starts_on: daysFromToday(1),
      ends_on: daysFromToday(10),
    });
    expect(added.headers.location).toBe(`/staff/${fatima}?saved=cover#supervisors`);
    const withCover = textOf((await admin.get(`/staff/${fatima}?saved=cover`)).body);
    expect(withCover).toContain('Temporary cover added');
    expect(withCover).toContain(
      `Temporary cover Nadia Kowalski ${govukDate(daysFromToday(1))} ${govukDate(daysFromToday(10))}`,
    );

    await admin.get(url);
    const overlapping = await admin.post(url, {
      supervisorId: jordan,
      ...dateFields('startsOn', daysFromToday(5)),
      ...dateFields('endsOn', daysFromToday(20)),
    });
    expect(overlapping.statusCode).toBe(400);
    expect(errorSummary(overlapping.body)[0]).toEqual({
      text: `Nadia Kowalski already covers from ${govukDate(daysFromToday(1))} to ${govukDate(daysFromToday(10))}. Choose dates that do not overlap, or end that cover first`,
      href: '#startsOn-day',
    });
    const backwards = await admin.post(url, {
      supervisorId: jordan,
      ...dateFields('startsOn', daysFromToday(30)),
      ...dateFields('endsOn', daysFromToday(20)),
    });
    expect(errorSummary(backwards.body)).toEqual([
      { text: 'Last day of cover must be the same as or after the first day', href: '#endsOn-day' },
    ]);
    expect(await relationshipsOf(fatima, 'cover')).toHaveLength(1);

    const endUrl = `/staff/${fatima}/supervisors/${cover.id}/end`;
    const endForm = formOf((await admin.get(endUrl)).body, endUrl);
    const tooEarly = await admin.post(endUrl, {
      ...endForm,
      ...dateFields('endsOn', today()),
    });
    expect(errorSummary(tooEarly.body)[0]?.text).toContain(
      `Last day must be the same as or after ${govukDate(daysFromToday(1))}`,
    );
    const ended = await admin.post(endUrl, {
      ...endForm,
      ...dateFields('endsOn', daysFromToday(5)),
    });
    expect(ended.statusCode).toBe(303);
    expect((await relationshipsOf(fatima, 'cover'))[0].ends_on).toBe(daysFromToday(5));
    expect(await auditActions(cover.id)).toEqual([
      'supervisory_relationship.created',
      'supervisory_relationship.ended',
    ]);

    // The form still carries the old version: ending again shows the conflict page.
    const stale = await admin.post(endUrl, {
      ...endForm,
      ...dateFields('endsOn', daysFromToday(7)),
    });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('was changed while you were ending it');
  });

  it('adds an absence and records the return', async () => {
    const admin = await signedIn(app, accounts.admin);
    const url = `/staff/${ben}/absences/new`;
    await admin.get(url);
    const added = await admin.post(url, {
      kind: 'sickness',
      ...dateFields('startsOn', daysFromToday(-3)),
    });
    expect(added.statusCode).toBe(303);
    const { rows } = await pool.query(
      `SELECT id, external_id, kind, starts_on, ends_on FROM absence
       WHERE staff_id = $1 AND starts_on = $2`,
      [ben, daysFromToday(-3)],
    );
    const [absence] = rows;
    expect(absence).toMatchObject({ kind: 'sickness', ends_on: null, external_id: absence.id });
    const page = textOf((await admin.get(`/staff/${ben}`)).body);
    expect(page).toContain(`Sickness ${govukDate(daysFromToday(-3))} Still away`);

    const returnUrl = `/staff/${ben}/absences/${absence.id}/return`;
    const form = formOf((await admin.get(returnUrl)).body, returnUrl);
    const backwards = await admin.post(returnUrl, {
      ...form,
      ...dateFields('endsOn', daysFromToday(-4)),
    });
    expect(backwards.statusCode).toBe(400);
    expect(errorSummary(backwards.body)).toEqual([
      {
        text: 'Last day away must be the same as or after the first day away',
        href: '#endsOn-day',
      },
    ]);
    const returned = await admin.post(returnUrl, {
      ...form,
      ...dateFields('endsOn', daysFromToday(-1)),
    });
    expect(returned.statusCode).toBe(303);
    const after = await pool.query('SELECT ends_on FROM absence WHERE id = $1', [absence.id]);
    expect(after.rows[0].ends_on).toBe(daysFromToday(-1));
    expect(await auditActions(absence.id)).toEqual(['absence.created', 'absence.return_recorded']);
    expect(returned.headers.location).toBe(`/staff/${ben}?saved=returned#absences`);
    expect(textOf((await admin.get(`/staff/${ben}?saved=returned`)).body)).toContain(
      'Return recorded',
    );
  });

  it('checks an absence’s dates', async () => {
    const admin = await signedIn(app, accounts.admin);
    const url = `/staff/${ben}/absences/new`;
    await admin.get(url);
    const response = await admin.post(url, {
      'startsOn-day': '12',
      'startsOn-year': '2026',
      'endsOn-day': 'x',
      'endsOn-month': '1',
      'endsOn-year': '2026',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      { text: 'Select the kind of absence', href: '#kind' },
      { text: 'First day away must include a month', href: '#startsOn-month' },
      { text: 'Last day away must be a real date', href: '#endsOn-day' },
    ]);
    expect(response.body).toContain('value="12"');
    // Only the missing part is marked, and the message sits in the fieldset.
    const input = (id: string) =>
      new RegExp(`<input[^>]*class="([^"]*)"[^>]*id="${id}"`).exec(response.body)?.[1];
    expect(input('startsOn-month')).toContain('govuk-input--error');
    expect(input('startsOn-day')).not.toContain('govuk-input--error');
    expect(input('endsOn-day')).toContain('govuk-input--error');
    expect(response.body).toContain('id="startsOn-error"');
  });
});
