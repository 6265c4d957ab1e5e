import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import {
  accounts,
  errorSummary,
  formOf,
  signedIn,
  staffIdOf,
  textOf,
  unitIdOf,
} from './organisation-helpers.ts';

describe('the organisation and its structure', async () => {
  const { app, pool } = await testApp();
  const north = await unitIdOf(pool, 'north');
  const aitNorth = await unitIdOf(pool, 'ait-north');
  const nadia = await staffIdOf(pool, 'ap-ait');

  it('gives administrators an overview with counts, import and export', async () => {
    const admin = await signedIn(app, accounts.admin);
    const response = await admin.get('/organisation');
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    expect(text).toMatch(/Services, areas and teams \d+ services, \d+ areas, \d+ teams/);
    expect(text).toMatch(/Staff \d+ staff/);
    expect(text).toMatch(/Children \d+ children/);
    for (const href of [
      '/organisation/units',
      '/staff',
      '/children',
      '/organisation/import',
      '/organisation/export',
      '/organisation/child-record',
      '/organisation/sync',
    ])
      expect(response.body).toContain(`href="${href}"`);
    // The service navigation offers the organisation pages to those who can browse them.
    expect(response.body).toMatch(/govuk-service-navigation__link" href="\/organisation"/);
  });

  it('lets managers browse the organisation, without import or export', async () => {
    for (const email of [accounts.supervisor, accounts.seniorManager]) {
      const client = await signedIn(app, email);
      const response = await client.get('/organisation');
      expect(response.statusCode, email).toBe(200);
      expect(response.body).not.toContain('href="/organisation/import"');
      expect(response.body).not.toContain('href="/organisation/child-record"');
      expect(response.body).not.toContain('href="/organisation/sync"');
      expect(response.body).toMatch(/govuk-service-navigation__link" href="\/organisation"/);
    }
  });

  it('refuses the organisation pages to a practitioner', async () => {
    const practitioner = await signedIn(app, accounts.practitioner);
    const home = await practitioner.get('/');
    expect(home.body).not.toContain('href="/organisation"');
    expect((await practitioner.get('/organisation')).statusCode).toBe(403);
    expect((await practitioner.get('/organisation/units')).statusCode).toBe(403);
    expect((await practitioner.get(`/organisation/units/${aitNorth}`)).statusCode).toBe(403);
  });

  it('shows the tree of services, areas and teams with managers and staff counts', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const response = await manager.get('/organisation/units');
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    expect(text).toMatch(
      /Assessment and Intervention Team North Team \(social work\)\. Manager: Daniel Okafor\. \d+ staff\./,
    );
    // A team sits inside its area, inside its service.
    expect(text.indexOf("Children's Social Work Service")).toBeLessThan(text.indexOf('North Area'));
    expect(text.indexOf('North Area')).toBeLessThan(
      text.indexOf('Assessment and Intervention Team North'),
    );
    expect(response.body).not.toContain('href="/organisation/units/new"');

    const unit = await manager.get(`/organisation/units/${aitNorth}`);
    expect(unit.statusCode).toBe(200);
    expect(textOf(unit.body)).toContain('Part of North Area');
    expect(textOf(unit.body)).toContain('Jordan Ellis');
    expect(unit.body).not.toContain(`/organisation/units/${aitNorth}/edit`);
    expect((await manager.get(`/organisation/units/${aitNorth}/edit`)).statusCode).toBe(403);
  });

  it('lets an administrator add a team under an area', async () => {
    const admin = await signedIn(app, accounts.admin);
    const url = `/organisation/units/new?parent=${north}`;
    const form = formOf((await admin.get(url)).body, '/organisation/units/new');
    expect(form.parentId).toBe(north);
    const response = await admin.post('/organisation/units/new', {
      ...form,
      name: 'Front Door North',
      kind: 'team',
      teamType: 'social_work',
      managerId: nadia,
    });
    expect(response.statusCode).toBe(303);
    const id = /\/organisation\/units\/([0-9a-f-]{36})\?saved=created/.exec(
      response.headers.location as string,
    )?.[1];
    const { rows } = await pool.query(
      'SELECT name, kind, parent_id, team_type, manager_id, external_id FROM org_unit WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({
      name: 'Front Door North',
      kind: 'team',
      parent_id: north,
      team_type: 'social_work',
      manager_id: nadia,
      external_id: id,
    });
    const page = textOf((await admin.get(response.headers.location as string)).body);
    expect(page).toContain('Unit added');
    expect(page).toContain('Manager Nadia Kowalski');
    const audit = await pool.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE action = 'org_unit.created' AND resource_id = $1",
      [id],
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('refuses a parent that would put a unit inside itself', async () => {
    const admin = await signedIn(app, accounts.admin);
    const url = `/organisation/units/${north}/edit`;
    const form = formOf((await admin.get(url)).body, url);
    expect(form.name).toBe('North Area');
    const loop = await admin.post(url, { ...form, parentId: aitNorth });
    expect(loop.statusCode).toBe(400);
    expect(errorSummary(loop.body)).toEqual([
      {
        text: 'Select a parent that is not inside North Area: Assessment and Intervention Team North is inside it, so the structure would go round in a circle',
        href: '#parentId',
      },
    ]);
    const itself = await admin.post(url, { ...form, parentId: north });
    expect(errorSummary(itself.body)[0]?.text).toBe(
      'North Area cannot be inside itself. Select a different parent',
    );
    const teamType = await admin.post(url, { ...form, teamType: 'social_work' });
    expect(errorSummary(teamType.body)[0]).toEqual({
      text: 'Select ‘Not a team’ for the team type: only teams have one',
      href: '#teamType',
    });
    const { rows } = await pool.query('SELECT parent_id FROM org_unit WHERE id = $1', [north]);
    expect(rows[0].parent_id).not.toBe(aitNorth);
  });

  it('shows both versions of a unit saved in between, and saves theirs again', async () => {
    const first = await signedIn(app, accounts.admin);
    const second = await signedIn(app, accounts.admin);
    const url = `/organisation/units/${aitNorth}/edit`;
    const stale = formOf((await first.get(url)).body, url);
    const fresh = formOf((await second.get(url)).body, url);
    expect(
      (await second.post(url, { ...fresh, name: 'Duty and Assessment North' })).statusCode,
    ).toBe(303);
    const conflict = await first.post(url, { ...stale, name: 'Assessment Team North' });
    expect(conflict.statusCode).toBe(409);
    const text = textOf(conflict.body);
    expect(text).toContain('Duty and Assessment North was changed while you were editing it');
    expect(text).toContain('Name Assessment Team North Duty and Assessment North Different');
    const again = await first.post(url, formOf(conflict.body, url));
    expect(again.statusCode).toBe(303);
    const { rows } = await pool.query('SELECT name FROM org_unit WHERE id = $1', [aitNorth]);
    expect(rows[0].name).toBe('Assessment Team North');
  });

  it('gives a 404 for a unit that is not the organisation’s', async () => {
    const admin = await signedIn(app, accounts.admin);
    const response = await admin.get('/organisation/units/00000000-0000-4000-8000-000000000000');
    expect(response.statusCode).toBe(404);
  });
});
