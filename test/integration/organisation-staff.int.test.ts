import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import {
  accounts,
  errorSummary,
  formOf,
  signedIn,
  staffIdOf,
  textOf,
  userIdOf,
} from './organisation-helpers.ts';

describe('staff records', async () => {
  const { app, pool } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1'); // the practitioner, in Daniel's team
  const fatima = await staffIdOf(pool, 'sw-ait-2'); // Jordan's colleague
  const nadia = await staffIdOf(pool, 'ap-ait');
  const ben = await staffIdOf(pool, 'sw-cp-1'); // another team
  const daniel = await staffIdOf(pool, 'tm-ait'); // the supervisor account, manages Jordan's team

  const auditEvents = async (action: string, resourceId: string) =>
    (
      await pool.query(
        `SELECT actor_user_id, detail FROM audit_event
         WHERE action = $1 AND resource_id = $2 ORDER BY id`,
        [action, resourceId],
      )
    ).rows;

  const setPersonalDetails = (id: string, registrationNumber: string) =>
    pool.query(
      `UPDATE staff_member SET registration_body = 'Social Work England',
         registration_number = $2, emergency_contact_name = 'Sam Ellis',
         emergency_contact_phone = '07700 900123'
       WHERE id = $1`,
      [id, registrationNumber],
    );

  it('lets an administrator edit a staff member, auditing which fields changed', async () => {
    const admin = await signedIn(app, accounts.admin);
    const edit = await admin.get(`/staff/${jordan}/edit`);
    expect(edit.statusCode).toBe(200);
    const form = formOf(edit.body, `/staff/${jordan}/edit`);
    expect(form.name).toBe('Jordan Ellis');
    const saved = await admin.post(`/staff/${jordan}/edit`, {
      ...form,
      jobTitle: 'Senior Social Worker',
      contractedHours: '30',
      registrationBody: 'Social Work England',
      registrationNumber: 'SW100200',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/staff/${jordan}?saved=updated`);

    const page = textOf((await admin.get(saved.headers.location as string)).body);
    expect(page).toContain('Record saved');
    expect(page).toContain('Senior Social Worker');
    expect(page).toContain('30 hours a week');
    expect(page).toContain('SW100200');

    const [event] = await auditEvents('staff_member.updated', jordan);
    expect(event.actor_user_id).toBe(await userIdOf(pool, accounts.admin));
    expect(event.detail.changed).toEqual(
      expect.arrayContaining(['jobTitle', 'contractedHours', 'registrationNumber']),
    );
    expect(event.detail.changed).not.toContain('name');
    // The trail names the personal details that changed, never their values.
    expect(JSON.stringify(event.detail)).not.toContain('SW100200');
  });

  it('shows a team manager their own team, and a 403 for another team’s worker', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const own = await manager.get(`/staff/${jordan}`);
    expect(own.statusCode).toBe(200);
    expect(textOf(own.body)).toContain('Jordan Ellis');

    const other = await manager.get(`/staff/${ben}`);
    expect(other.statusCode).toBe(403);
    expect(textOf(other.body)).toContain('You do not have access to this page');
    expect((await manager.get(`/staff/${ben}/edit`)).statusCode).toBe(403);

    const list = textOf((await manager.get('/staff')).body);
    expect(list).toContain('Jordan Ellis');
    expect(list).not.toContain('Ben Ashworth');
  });

  it('shows a senior manager everyone, with a name search', async () => {
    const senior = await signedIn(app, accounts.seniorManager);
    const found = textOf((await senior.get('/staff?q=ashworth')).body);
    expect(found).toContain('Ben Ashworth');
    expect(found).not.toContain('Jordan Ellis');
    expect((await senior.get(`/staff/${ben}`)).statusCode).toBe(200);
  });

  it('gives a 404 for an id that is not a staff member of the organisation', async () => {
    const admin = await signedIn(app, accounts.admin);
    expect((await admin.get('/staff/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await admin.get('/staff/not-an-id')).statusCode).toBe(404);
  });

  it('shows a practitioner their own personal details but not a colleague’s record', async () => {
    await setPersonalDetails(jordan, 'SW555001');
    await setPersonalDetails(fatima, 'SW555002');
    const practitioner = await signedIn(app, accounts.practitioner);
    const own = await practitioner.get(`/staff/${jordan}`);
    expect(own.statusCode).toBe(200);
    const text = textOf(own.body);
    expect(text).toContain('Worker’s details');
    expect(text).toContain('SW555001');
    expect(text).toContain('Sam Ellis');
    // They cannot edit their own HR record.
    expect(own.body).not.toContain(`/staff/${jordan}/edit`);
    expect(own.body).toContain(`href="/staff/${jordan}"`); // "Your details" in the navigation
    expect(own.body).not.toContain('href="/organisation"');

    const colleague = await practitioner.get(`/staff/${fatima}`);
    expect(colleague.statusCode).toBe(403);
    expect(colleague.body).not.toContain('SW555002');
  });

  it('hides personal details from a team manager who is not the line manager', async () => {
    await setPersonalDetails(fatima, 'SW555002');
    await pool.query('UPDATE staff_member SET line_manager_id = $2 WHERE id = $1', [fatima, nadia]);
    const manager = await signedIn(app, accounts.supervisor);
    const page = await manager.get(`/staff/${fatima}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Fatima Hussain');
    expect(textOf(page.body)).not.toContain('Worker’s details');
    expect(page.body).not.toContain('SW555002');
    // They may edit the employment record, without the personal details on the form.
    const edit = await manager.get(`/staff/${fatima}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).not.toContain('name="registrationNumber"');
    expect(edit.body).not.toContain('SW555002');
    expect(await auditEvents('staff_member.personal_details_viewed', fatima)).toEqual([]);
  });

  it('writes an audit event each time personal details are seen', async () => {
    const admin = await signedIn(app, accounts.admin);
    const before = (await auditEvents('staff_member.personal_details_viewed', jordan)).length;
    await admin.get(`/staff/${jordan}`);
    await admin.get(`/staff/${jordan}`);
    const events = await auditEvents('staff_member.personal_details_viewed', jordan);
    expect(events).toHaveLength(before + 2);
    expect(events.at(-1)).toEqual({
      actor_user_id: await userIdOf(pool, accounts.admin),
      detail: {},
    });
  });

  it('rejects a line manager who reports to the person, naming the field', async () => {
    const admin = await signedIn(app, accounts.admin);
    const form = formOf((await admin.get(`/staff/${daniel}/edit`)).body, `/staff/${daniel}/edit`);
    const loop = await admin.post(`/staff/${daniel}/edit`, { ...form, lineManagerId: jordan });
    expect(loop.statusCode).toBe(400);
    const [error] = errorSummary(loop.body);
    expect(error?.href).toBe('#lineManagerId');
    expect(error?.text).toContain('Select a line manager who does not report to Daniel Okafor');
    expect(error?.text).toContain('Jordan Ellis reports to Daniel Okafor');
    expect(loop.body).toContain('id="lineManagerId-error"');
    expect(loop.body).toMatch(/^<!DOCTYPE html>/i);
    expect(textOf(loop.body)).toContain('Error: Edit Daniel Okafor');

    const self = await admin.post(`/staff/${daniel}/edit`, { ...form, lineManagerId: daniel });
    expect(self.statusCode).toBe(400);
    expect(errorSummary(self.body)[0]?.text).toContain('cannot be their own line manager');

    const { rows } = await pool.query('SELECT line_manager_id FROM staff_member WHERE id = $1', [
      daniel,
    ]);
    expect(rows[0].line_manager_id).not.toBe(jordan);
  });

  it('checks hours, dates and required fields, keeping what was typed', async () => {
    const admin = await signedIn(app, accounts.admin);
    const form = formOf((await admin.get(`/staff/${ben}/edit`)).body, `/staff/${ben}/edit`);
    const response = await admin.post(`/staff/${ben}/edit`, {
      ...form,
      name: '',
      contractedHours: '81',
      'leavingDate-day': '1',
      'leavingDate-month': '1',
      'leavingDate-year': '2001',
      'probationEndDate-day': '31',
      'probationEndDate-month': '2',
      'probationEndDate-year': '2027',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      { text: 'Enter the name', href: '#name' },
      {
        text: 'Contracted hours must be more than 0 and no more than 80',
        href: '#contractedHours',
      },
      { text: 'Probation end date must be a real date', href: '#probationEndDate-day' },
      {
        text: 'Leaving date must be the same as or after the start date',
        href: '#leavingDate-day',
      },
    ]);
    expect(response.body).toContain('value="81"');
    expect(response.body).toMatch(
      /id="probationEndDate-day" name="probationEndDate-day"[^>]*value="31"/,
    );
  });

  it('shows both versions when someone saved first, and saves theirs again on request', async () => {
    const first = await signedIn(app, accounts.admin);
    const second = await signedIn(app, accounts.admin);
    const stale = formOf((await first.get(`/staff/${ben}/edit`)).body, `/staff/${ben}/edit`);
    const fresh = formOf((await second.get(`/staff/${ben}/edit`)).body, `/staff/${ben}/edit`);
    expect(
      (await second.post(`/staff/${ben}/edit`, { ...fresh, jobTitle: 'Court Lead' })).statusCode,
    ).toBe(303);

    const conflict = await first.post(`/staff/${ben}/edit`, {
      ...stale,
      jobTitle: 'Practice Lead',
    });
    expect(conflict.statusCode).toBe(409);
    const text = textOf(conflict.body);
    expect(text).toContain('Ben Ashworth’s record was changed while you were editing it');
    expect(text).toContain('Practice Lead'); // theirs, as submitted
    expect(text).toContain('Court Lead'); // the saved one
    const jobTitle = async () =>
      (await pool.query('SELECT job_title FROM staff_member WHERE id = $1', [ben])).rows[0]
        .job_title;
    expect(await jobTitle()).toBe('Court Lead');

    const again = await first.post(`/staff/${ben}/edit`, formOf(conflict.body));
    expect(again.statusCode).toBe(303);
    expect(await jobTitle()).toBe('Practice Lead');
  });

  it('refuses a change without its CSRF token', async () => {
    const admin = await signedIn(app, accounts.admin);
    const form = formOf((await admin.get(`/staff/${ben}/edit`)).body, `/staff/${ben}/edit`);
    const { _csrf, ...withoutToken } = form;
    const response = await admin.postRaw(`/staff/${ben}/edit`, {
      ...withoutToken,
      jobTitle: 'Forged',
    });
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('Your form could not be sent');
    const { rows } = await pool.query('SELECT job_title FROM staff_member WHERE id = $1', [ben]);
    expect(rows[0].job_title).not.toBe('Forged');
  });

  it('pages the staff list fifty at a time, keeping the filters', async () => {
    const team = (await pool.query("SELECT id FROM org_unit WHERE external_id = 'fh-west'")).rows[0]
      .id;
    await pool.query(
      `INSERT INTO staff_member (organisation_id, id, external_id, name, role_category,
         case_holding, contracted_hours, start_date, team_id)
       SELECT organisation.id, gen_random_uuid(), 'PAGE' || n, 'Paged Worker ' || lpad(n::text, 2, '0'),
         'family_help_worker', true, 37, '2025-01-06', $1
       FROM organisation, generate_series(1, 60) AS n WHERE slug = 'northshire'`,
      [team],
    );
    const admin = await signedIn(app, accounts.admin);
    const first = await admin.get(`/staff?team=${team}&q=paged`);
    expect(textOf(first.body)).toContain('Showing 1 to 50 of 60 staff');
    expect(textOf(first.body)).toContain('Paged Worker 50');
    expect(textOf(first.body)).not.toContain('Paged Worker 51');
    expect(first.body).toContain(`href="/staff?team=${team}&amp;q=paged&amp;page=2"`);
    const second = textOf((await admin.get(`/staff?team=${team}&q=paged&page=2`)).body);
    expect(second).toContain('Showing 51 to 60 of 60 staff');
    expect(second).toContain('Paged Worker 60');
    expect(second).not.toContain('Paged Worker 50');
  });

  it('lets an administrator add a staff member', async () => {
    const admin = await signedIn(app, accounts.admin);
    const form = formOf((await admin.get('/staff/new')).body, '/staff/new');
    const response = await admin.post('/staff/new', {
      ...form,
      name: 'Robin Quayle',
      roleCategory: 'social_worker',
      caseHolding: 'yes',
      contractedHours: '37',
      teamId: (await pool.query("SELECT id FROM org_unit WHERE external_id = 'ait-north'")).rows[0]
        .id,
      lineManagerId: daniel,
      'startDate-day': '3',
      'startDate-month': '8',
      'startDate-year': '2026',
    });
    expect(response.statusCode).toBe(303);
    const id = /\/staff\/([0-9a-f-]+)\?saved=created/.exec(
      response.headers.location as string,
    )?.[1];
    const { rows } = await pool.query(
      'SELECT name, external_id, start_date FROM staff_member WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ name: 'Robin Quayle', external_id: id, start_date: '2026-08-03' });
    expect(await auditEvents('staff_member.created', id!)).toHaveLength(1);
  });
});
