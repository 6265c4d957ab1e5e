import { expect, test } from 'vitest';
import { testApp } from '../../support/app.ts';
import { serve, sharedBrowser } from '../../support/browser.ts';
import { rowsOf, TeamDashboardPage } from '../pages/team-dashboard-page.ts';
import { Journey } from './journey.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

const browser = sharedBrowser();

test('a senior manager drills down from the organisation to a team, a person and a child', async () => {
  const priya = await Journey.start(browser.current, baseURL);
  const { page, view } = priya;
  await priya.signIn('senior.manager@northshire.example');
  expect(await priya.text()).toContain('Dashboards and reports');

  // The organisation as a whole, and by service.
  await priya.follow(() =>
    page.locator('.govuk-service-navigation').getByRole('link', { name: 'Dashboards' }).click(),
  );
  expect(await view.heading.textContent()).toContain('Northshire County Council (demo)');
  expect(await priya.text()).toMatch(/\d+% of \d+ met on time/);
  await priya.click("Children's Social Work Service");
  expect(await view.heading.textContent()).toContain("Children's Social Work Service");
  await priya.click('North Area');
  expect(await view.heading.textContent()).toContain('North Area');
  await priya.click('Assessment and Intervention Team North');
  const team = new TeamDashboardPage(page);
  expect((await team.heading.textContent())?.trim()).toBe('Assessment and Intervention Team North');
  // The way back up is in the breadcrumbs.
  expect(await page.locator('.govuk-breadcrumbs').textContent()).toContain('North Area');

  // A person: the team's figures for Jordan Ellis, and the evidence behind them.
  const jordan = await team.person('Jordan Ellis');
  expect(jordan.State).toMatch(/^(Overdue|Due soon|Due|Up to date)$/);
  await priya.click('Obligations for Jordan Ellis');
  expect(await view.heading.textContent()).toContain('Obligations behind the figures');
  const obligations = await rowsOf(view.main.getByRole('table').first());
  expect(obligations.length).toBeGreaterThan(0);
  expect(obligations.every((row) => row.About?.startsWith('Jordan Ellis'))).toBe(true);
  await priya.back();
  await priya.click('Jordan Ellis');
  expect(await view.heading.textContent()).toBe('Supervision of Jordan Ellis');
  const held = await rowsOf(view.main.getByRole('table', { name: 'The last 3 months' }));
  const lastOneToOne = held
    .filter((row) => row.Session === 'One-to-one supervision' && row.Status === 'Held')
    .at(-1);
  // The dashboard's "Last held" is the person's last one-to-one held.
  expect(lastOneToOne?.Date).toBe(jordan['Last held']);

  // A child on Jordan's caseload, from the team's children.
  await priya.back();
  const [child] = await team.childrenOf('Jordan Ellis');
  const name = child!.Child!.replace(/ \S+$/, '');
  await priya.click(name);
  expect(await view.heading.textContent()).toBe(name);
  const allocations = await rowsOf(view.main.getByRole('region', { name: 'Allocations' }));
  expect(allocations.map((row) => row.Worker)).toContain('Jordan Ellis');

  expect(priya.visited).toEqual([
    '/sign-in',
    '/',
    '/dashboards/organisation',
    '/dashboards/units/:id',
    '/dashboards/units/:id',
    '/dashboards/teams/:id',
    '/compliance/obligations',
    '/dashboards/teams/:id',
    '/planning/people/:id',
    '/dashboards/teams/:id',
    '/children/:id',
  ]);
});
