/**
 * A team manager's journey: Daniel Okafor plans the year for Jordan Ellis, then on the day of
 * Jordan's next supervision adds two of Jordan's children to discuss, records the session as
 * held, writes its records (the personal supervision and one case supervision for each child)
 * and shares them; Jordan signs them; and the team dashboard shows the change. Every page
 * passes axe and reflows at 320 px (journey.ts).
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { addDays, isoDateAt } from '../../../src/domain/calendar/iso-date.ts';
import { zonedInstant } from '../../../src/features/notifications/zoned-time.ts';
import { govukDate } from '../../../src/web/view-filters.ts';
import { testApp } from '../../support/app.ts';
import { serve, sharedBrowser } from '../../support/browser.ts';
import { TeamDashboardPage } from '../pages/team-dashboard-page.ts';
import { Journey } from './journey.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, clock } = await testApp();
const baseURL = await serve(app);

const browser = sharedBrowser();

/** '25 November 2026' → '2026-11-25'. */
const isoDate = (words: string) => isoDateAt(new Date(`${words} 12:00 UTC`));

/** '5 of 12' → '6 of 12'. */
const heldOneMore = (held: string) => held.replace(/^\d+/, (count) => String(Number(count) + 1));

async function fillDate(page: Page, id: string, date: string) {
  const [year, month, day] = date.split('-');
  await page.locator(`#${id}-day`).fill(String(Number(day)));
  await page.locator(`#${id}-month`).fill(String(Number(month)));
  await page.locator(`#${id}-year`).fill(year!);
}

/** From the check before sharing: the author signs and shares; the record says so. */
async function shareRecord(journey: Journey) {
  expect(await journey.view.heading.textContent()).toBe('Check the record before you share it');
  expect(await journey.text()).toContain('Jordan Ellis');
  await journey.click('Sign and share', 'button');
  expect(await journey.text()).toContain('Shared. Each person who signs has been told it is ready');
}

const navigation = (journey: Journey, name: string) =>
  journey.follow(() =>
    journey.page.locator('.govuk-service-navigation').getByRole('link', { name }).click(),
  );

test('a team manager plans, holds and records supervision, gets it signed and sees compliance move', async () => {
  const daniel = await Journey.start(browser.current, baseURL);
  await daniel.signIn('supervisor@northshire.example');

  // Plan the year for Jordan: every gap in the year ahead gets a proposed date.
  await navigation(daniel, 'Planning');
  const jordanCard = daniel.view.main.locator('.govuk-summary-card', { hasText: 'Jordan Ellis' });
  expect(await jordanCard.textContent()).toContain('No session in');
  await daniel.follow(() =>
    jordanCard.getByRole('link', { name: 'Plan the year (Jordan Ellis)' }).click(),
  );
  await daniel.page.getByLabel('Start time').fill('9:30');
  await daniel.page.getByLabel('Where (optional)').fill('Room 2, County Hall');
  await daniel.click('Continue', 'button');
  expect(await daniel.view.heading.textContent()).toBe('Check the sessions before booking them');
  const proposed = await daniel.page.locator('input[name="dates"]:checked').count();
  expect(proposed).toBeGreaterThan(0);
  await daniel.click('Book these sessions', 'button');
  expect(await daniel.page.locator('.govuk-notification-banner').textContent()).toContain(
    `${proposed} sessions booked`,
  );
  expect(await jordanCard.textContent()).not.toContain('No session in');
  const next = jordanCard.locator('.govuk-summary-list__row', { hasText: 'Next session' });
  const sessionDay = isoDate((await next.locator('a').textContent())!.replace(/[,(].*$/, ''));

  // The day of Jordan's next supervision comes: Daniel signs in that morning and looks at the
  // team's dashboard first.
  clock.now = zonedInstant(sessionDay, '09:00');
  const onTheDay = await Journey.start(browser.current, baseURL);
  await onTheDay.signIn('supervisor@northshire.example');
  await navigation(onTheDay, 'Dashboards');
  const dashboard = new TeamDashboardPage(onTheDay.page);
  const before = await dashboard.person('Jordan Ellis');
  expect(before['Next planned']).toBe(govukDate(sessionDay));
  const children = (await dashboard.childrenOf('Jordan Ellis')).filter(
    (row) => row['Last discussed'] !== 'Not yet',
  );
  expect(children.length).toBeGreaterThanOrEqual(2);
  const discussed = children.slice(0, 2).map((row) => {
    const [, name, caseId] = /^(.*) (\S+)$/.exec(row.Child!)!;
    return { name: name!, caseId: caseId! };
  });

  await navigation(onTheDay, 'Planning');
  await onTheDay.follow(() =>
    onTheDay.view.main
      .locator('.govuk-summary-card', { hasText: 'Jordan Ellis' })
      .getByRole('link', { name: govukDate(sessionDay), exact: false })
      .click(),
  );
  expect(await onTheDay.text()).toContain('Planned');

  // Two of Jordan's children to discuss, then the session is held.
  await onTheDay.click('Prepare', 'button');
  for (const child of discussed) {
    await onTheDay.page
      .getByLabel('Add a child to discuss')
      .selectOption({ label: `${child.name} (${child.caseId})` });
    await onTheDay.click('Add child', 'button');
  }
  const added = onTheDay.view.main.getByRole('table', { name: 'Children added to discuss' });
  for (const child of discussed) expect(await added.textContent()).toContain(child.name);
  await onTheDay.click('Back to the session');
  await onTheDay.click('Record what happened', 'button');
  await onTheDay.page.getByLabel('It was held').check();
  await onTheDay.click('Save', 'button');
  expect(await onTheDay.text()).toContain('Status saved');
  expect(await onTheDay.text()).toContain('Held');
  await onTheDay.click('Records of this supervision');
  await onTheDay.click('Start the records', 'button');
  const sessionRecords = new URL(onTheDay.page.url()).pathname;
  const made = onTheDay.view.main.getByRole('table').getByRole('link');
  expect(await made.allTextContents()).toEqual([
    `Personal Supervision Record – Jordan Ellis – ${govukDate(sessionDay)}`,
    'Case supervision between Daniel Okafor and Jordan Ellis',
    'Case supervision between Daniel Okafor and Jordan Ellis',
  ]);

  // The personal supervision record: one page, with an action.
  await onTheDay.follow(() => made.nth(0).click());
  await onTheDay.click('Continue writing', 'button');
  const form = onTheDay.page;
  await form
    .getByLabel('Support', { exact: true })
    .fill('Jordan is well. The court work has eased and there was no late working this month.');
  await form
    .getByLabel('Reflection', { exact: true })
    .fill(
      'We talked about stepping one family down to early help, and agreed to wait for the review.',
    );
  await form.locator('#action-0-description').fill('Shadow a colleague giving evidence in court');
  await form.locator('#action-0-ownerId').selectOption({ label: 'Jordan Ellis' });
  await fillDate(form, 'action-0-dueOn', addDays(sessionDay, 28));
  await onTheDay.click('Save and check before sharing', 'button');
  await shareRecord(onTheDay);

  // A case supervision record for each child, a few sections of its task list each.
  for (const n of [1, 2]) {
    await onTheDay.goto(sessionRecords);
    await onTheDay.follow(() => made.nth(n).click());
    const page = await onTheDay.text();
    expect(discussed.some((child) => page.includes(`${child.caseId} – ${child.name}`))).toBe(true);
    await onTheDay.click('What are we worried about?');
    await form
      .getByLabel('What are we worried about?')
      .fill('School attendance has dropped this term and the family missed the last review.');
    await onTheDay.click('Save and continue', 'button');
    await form
      .getByLabel('What is working well?')
      .fill('Mum has kept every appointment with the family support worker.');
    await onTheDay.click('Save and continue', 'button');
    await form
      .getByLabel('What needs to happen?')
      .fill('A meeting with school before the end of term, and the review rebooked.');
    await onTheDay.click('Save and come back later', 'button');
    expect(await onTheDay.text()).toContain('Draft saved');
    await onTheDay.click('Check and share', 'button');
    await shareRecord(onTheDay);
  }
  await onTheDay.goto(sessionRecords);
  expect(await onTheDay.text()).not.toContain('Draft');

  // Jordan signs each of the three from their home page.
  const jordan = await Journey.start(browser.current, baseURL);
  await jordan.signIn('practitioner@northshire.example');
  // Listed as "headline (date)": the three from the session's day, not the demo's older one.
  const awaiting = jordan.view.main
    .getByRole('listitem')
    .filter({ hasText: `(${govukDate(sessionDay)})` })
    .getByRole('link');
  expect(await awaiting.count()).toBe(3);
  for (let n = 0; n < 3; n++) {
    await jordan.follow(() => awaiting.first().click());
    await jordan.page.getByLabel('Yes, I agree and sign it').check();
    await jordan.click('Sign the record', 'button');
    expect(await jordan.text()).toContain('Signed and locked. It can no longer be changed');
    await navigation(jordan, 'Home');
  }
  expect(await awaiting.count()).toBe(0);

  // The team dashboard: the session held and both children discussed, on the session's day.
  await navigation(onTheDay, 'Dashboards');
  const after = new TeamDashboardPage(onTheDay.page);
  const now = await after.person('Jordan Ellis');
  expect(now['Last held']).toBe(govukDate(sessionDay));
  expect(now['Held this year']).toBe(heldOneMore(before['Held this year']!));
  const rowsAfter = await after.childrenOf('Jordan Ellis');
  for (const child of discussed) {
    const was = children.find((r) => r.Child?.startsWith(child.name))!;
    const row = rowsAfter.find((r) => r.Child?.startsWith(child.name));
    expect(row?.['Last discussed'], child.name).toBe(govukDate(sessionDay));
    // The next case supervision falls due later, counted from this one.
    expect(isoDate(row!['Due by']!) > isoDate(was['Due by']!), child.name).toBe(true);
  }

  expect(daniel.visited).toEqual([
    '/sign-in',
    '/',
    '/planning',
    '/planning/people/:id/plan',
    '/planning/people/:id/plan', // the check before booking
    '/planning',
  ]);
  const writeCaseRecord = [
    '/planning/sessions/:id/records',
    '/records/:id',
    '/records/:id/edit',
    '/records/:id/edit',
    '/records/:id/edit',
    '/records/:id',
    '/records/:id/share',
    '/records/:id',
  ];
  expect(onTheDay.visited).toEqual([
    '/sign-in',
    '/',
    '/dashboards/teams/:id',
    '/planning',
    '/planning/sessions/:id',
    '/planning/sessions/:id/preparation',
    '/planning/sessions/:id/preparation',
    '/planning/sessions/:id/preparation',
    '/planning/sessions/:id',
    '/planning/sessions/:id/status',
    '/planning/sessions/:id',
    '/planning/sessions/:id/records',
    '/planning/sessions/:id/records',
    '/records/:id',
    '/records/:id/edit',
    '/records/:id/share',
    '/records/:id',
    ...writeCaseRecord,
    ...writeCaseRecord,
    '/planning/sessions/:id/records',
    '/dashboards/teams/:id',
  ]);
  const sign = ['/records/:id/sign', '/records/:id', '/'];
  expect(jordan.visited).toEqual(['/sign-in', '/', ...sign, ...sign, ...sign]);
});
