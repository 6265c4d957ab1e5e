import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/compliance/dates.ts';
import { testApp } from '../support/app.ts';
import {
  accounts,
  decode,
  errorSummary,
  signedIn,
  staffIdOf,
  textOf,
  today,
  unitIdOf,
} from './organisation-helpers.ts';

/** Dashboards on the demo organisation: a team manager's team, a senior manager's organisation. */
describe('dashboards', async () => {
  const { app, pool } = await testApp();
  const team = await unitIdOf(pool, 'ait-north');
  const otherTeam = await unitIdOf(pool, 'fh-east');
  const jordan = await staffIdOf(pool, 'sw-ait-1');

  it('takes a team manager from "Dashboards" to their team', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const home = await manager.get('/dashboards');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe(`/dashboards/teams/${team}`);
  });

  it('shows each supervisee’s supervision and each allocated child’s case supervision, with the rule', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const page = await manager.get(`/dashboards/teams/${team}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Assessment and Intervention Team North');
    expect(text).toContain('Jordan Ellis');
    expect(page.body).toContain(`href="/planning/people/${jordan}"`);
    // Every child row names the rule applied, linked to the obligations behind it.
    expect(page.body).toMatch(
      /href="\/compliance\/obligations\?child=[0-9a-f-]{36}&amp;asOf=\d{4}-\d{2}-\d{2}&amp;kind=case_supervision,event_supervision"/,
    );
    expect(text).toContain('Records late against their deadlines');
    expect(text).toContain('Open actions by age');
    // The trend: an SVG with its title and a table of the same figures beside it.
    expect(page.body).toMatch(/<svg[^>]+role="img"/);
    expect(text).toContain('Share met on time each month');
  });

  it('sorts and filters the tables with links, without JavaScript', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const namesIn = (html: string) => {
      const table = /id="people"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
      return [...table.matchAll(/href="\/planning\/people\/[0-9a-f-]{36}">([^<]+)</g)].map((m) =>
        decode(m[1]!),
      );
    };
    const byName = await manager.get(`/dashboards/teams/${team}?people-sort=name&people-order=asc`);
    const names = namesIn(byName.body);
    expect(names.length).toBeGreaterThan(2);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB')));
    const reversed = await manager.get(
      `/dashboards/teams/${team}?people-sort=name&people-order=desc`,
    );
    expect(namesIn(reversed.body)).toEqual([...names].reverse());
    expect(byName.body).toContain('aria-sort="ascending"');
    const childRows = (html: string) =>
      /id="children"[\s\S]*?<tbody([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    const tagsIn = (html: string) =>
      [...childRows(html).matchAll(/<strong class="govuk-tag[^"]*">\s*([^<]+?)\s*</g)].map(
        (m) => m[1],
      );
    const all = tagsIn((await manager.get(`/dashboards/teams/${team}`)).body);
    const states: Record<string, string> = {
      Overdue: 'overdue',
      'Due soon': 'due_soon',
      Due: 'due',
      'Up to date': 'up_to_date',
    };
    const shown = all.find((t) => t && t in states) as string;
    expect(shown).toBeDefined();
    const filtered = tagsIn(
      (await manager.get(`/dashboards/teams/${team}?children-state=${states[shown]}`)).body,
    );
    expect(filtered.length).toBe(all.filter((t) => t === shown).length);
    expect(new Set(filtered)).toEqual(new Set([shown]));
  });

  it('replays an earlier date, and names a date that is not real', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const earlier = addMonths(today(), -6);
    const past = await manager.get(`/dashboards/teams/${team}?asOf=${earlier}`);
    expect(past.statusCode).toBe(200);
    expect(textOf(past.body)).toContain('(replayed)');
    const bad = await manager.get(
      `/dashboards/teams/${team}?asOf-day=31&asOf-month=2&asOf-year=2026`,
    );
    expect(bad.statusCode).toBe(200);
    expect(errorSummary(bad.body).map((e) => e.href)).toContain('#asOf-day');
  });

  it('leads every figure to the obligations behind it', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const list = await manager.get(
      `/compliance/obligations?unit=${team}&kind=staff_supervision&asOf=${today()}`,
    );
    expect(list.statusCode).toBe(200);
    const text = textOf(list.body);
    expect(text).toMatch(/\d+ obligations? as of/);
    expect(text).toContain('Supervision');
    expect(text).not.toContain('Case supervision');
    const person = await manager.get(`/compliance/obligations?person=${jordan}&asOf=${today()}`);
    expect(textOf(person.body)).toContain('Jordan Ellis');
  });

  it('refuses another team, the organisation and a practitioner', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    expect((await manager.get(`/dashboards/teams/${otherTeam}`)).statusCode).toBe(403);
    expect((await manager.get('/dashboards/organisation')).statusCode).toBe(403);
    expect((await manager.get(`/compliance/obligations?unit=${otherTeam}`)).statusCode).toBe(403);
    const practitioner = await signedIn(app, accounts.practitioner);
    expect((await practitioner.get(`/dashboards/teams/${team}`)).statusCode).toBe(403);
  });

  it('gives a senior manager the organisation by service, drilling down to areas and teams', async () => {
    const senior = await signedIn(app, accounts.seniorManager);
    expect((await senior.get('/dashboards')).headers.location).toBe('/dashboards/organisation');
    const organisation = await senior.get('/dashboards/organisation');
    expect(organisation.statusCode).toBe(200);
    const service =
      /href="\/dashboards\/units\/([0-9a-f-]{36})\?asOf=[^"]+">Children&#39;s Social Work Service</.exec(
        organisation.body,
      );
    expect(service).not.toBeNull();
    const area = await senior.get(`/dashboards/units/${service![1]}`);
    expect(textOf(area.body)).toContain('North Area');
    const north = await unitIdOf(pool, 'north');
    const teams = await senior.get(`/dashboards/units/${north}`);
    expect(teams.body).toContain(`href="/dashboards/teams/${team}?asOf=`);
    const teamPage = await senior.get(`/dashboards/units/${team}`);
    expect(teamPage.statusCode).toBe(303);
  });
  // Last: it rewrites the organisation's records.
  it('shows a change at once: figures are reused only while nothing has changed', async () => {
    const manager = await signedIn(app, accounts.supervisor);
    const url = `/dashboards/teams/${team}`;
    const allOnTime = 'No record is late.';
    expect(textOf((await manager.get(url)).body)).not.toContain(allOnTime);
    expect(textOf((await manager.get(url)).body)).not.toContain(allOnTime);
    await pool.query(
      `UPDATE supervision_record SET written_on = meeting_date, shared_on = meeting_date,
         signed_on = meeting_date, on_child_record_on = meeting_date,
         date_recorded_on = meeting_date`,
    );
    expect(textOf((await manager.get(url)).body)).toContain(allOnTime);
  });
});
