import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, isoDateAt, workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool } = await testApp();
const baseURL = await serve(app);
const jordan = (await pool.query("SELECT id FROM staff_member WHERE external_id = 'sw-ait-1'"))
  .rows[0].id as string;

const calendar = workingCalendarForRegion('england-and-wales');

let browser: Browser;

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  // Fail with the step that did not happen rather than at the test's own time limit.
  page.setDefaultTimeout(10_000);
  return page;
}

/** Clicks and waits for the page the click leads to. */
async function follow(page: Page, click: Promise<void>) {
  await Promise.all([page.waitForNavigation(), click]);
}

async function fillDate(page: Page, name: string, date: string) {
  const [year, month, day] = date.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year!);
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('planning supervision in a browser', () => {
  test('a supervisor plans the year, then changes a session', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'supervisor@northshire.example');

    await follow(
      page,
      page.locator('.govuk-service-navigation').getByRole('link', { name: 'Planning' }).click(),
    );
    expect(view.path).toBe('/planning');
    expect(await view.heading.textContent()).toBe('Planning');
    await expectNoAxeViolations(page);

    // Jordan's card: how often, the gaps, and Plan the year.
    const card = page.locator('.govuk-summary-card', { hasText: 'Jordan Ellis' });
    expect(await card.textContent()).toContain('Once in each calendar month');
    await follow(page, card.getByRole('link', { name: 'Plan the year (Jordan Ellis)' }).click());
    expect(view.path).toBe(`/planning/people/${jordan}/plan`);
    await expectNoAxeViolations(page);

    // A time that is not a time: the error summary takes focus and names the field.
    await page.locator('#startsAt').fill('half past nine');
    await follow(page, page.getByRole('button', { name: 'Continue' }).click());
    expect(await view.errorSummary.textContent()).toContain(
      'Start time must be a time of day, like 9:30 or 14:00',
    );
    await expectNoAxeViolations(page);
    await page.locator('#startsAt').fill('9:30');
    await page.locator('#location').fill('Room 2, County Hall');
    await follow(page, page.getByRole('button', { name: 'Continue' }).click());
    expect(await view.heading.textContent()).toBe('Check the sessions before booking them');
    await expectNoAxeViolations(page);

    // Keep all but the last date.
    const boxes = page.locator('input[name="dates"]');
    const count = await boxes.count();
    expect(count).toBeGreaterThan(3);
    const last = await boxes.nth(count - 1).getAttribute('value');
    await boxes.nth(count - 1).uncheck();
    await follow(page, page.getByRole('button', { name: 'Book these sessions' }).click());
    expect(view.path).toBe('/planning');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      `${count - 1} sessions booked`,
    );
    await expectNoAxeViolations(page);
    const { rows } = await pool.query(
      `SELECT s.id, s.held_on FROM supervision_session s
       JOIN session_participant p ON p.session_id = s.id AND p.staff_id = $1
       WHERE s.location = 'Room 2, County Hall' ORDER BY s.held_on`,
      [jordan],
    );
    expect(rows).toHaveLength(count - 1);
    expect(rows.map((r) => r.held_on)).not.toContain(last);

    // Open the first booked session and move it to the afternoon.
    const first = rows[0];
    await page.goto(`/planning/sessions/${first.id}`);
    expect(await view.heading.textContent()).toBe(`${govukDate(first.held_on)}, 09:30 to 10:30`);
    await expectNoAxeViolations(page);
    await follow(page, page.getByRole('button', { name: 'Change the session' }).click());
    await expectNoAxeViolations(page);
    await page.locator('#startsAt').fill('14:00');
    await page.locator('#minutes').fill('60');
    await follow(page, page.getByRole('button', { name: 'Save changes' }).click());
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Session changed',
    );
    expect(await view.heading.textContent()).toBe(`${govukDate(first.held_on)}, 14:00 to 15:00`);

    // The status page, with its reasons, passes axe too.
    await follow(page, page.getByRole('button', { name: 'Record what happened' }).click());
    await expectNoAxeViolations(page);
  });

  test('the supervisee adds an agenda item to their next session', async () => {
    const { rows } = await pool.query(
      `SELECT s.id FROM supervision_session s
       JOIN session_participant p ON p.session_id = s.id AND p.staff_id = $1
       WHERE s.kind = 'one_to_one' AND s.status = 'planned' AND s.held_on > $2
       ORDER BY s.held_on LIMIT 1`,
      [jordan, isoDateAt(new Date())],
    );
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'practitioner@northshire.example');
    await follow(
      page,
      page.locator('.govuk-service-navigation').getByRole('link', { name: 'Planning' }).click(),
    );
    await expectNoAxeViolations(page);
    await page.goto(`/planning/people/${jordan}`);
    expect(await view.heading.textContent()).toBe('Your supervision');
    await expectNoAxeViolations(page);

    await page.goto(`/planning/sessions/${rows[0].id}`);
    await follow(page, page.getByRole('button', { name: 'Prepare' }).click());
    expect(await view.heading.textContent()).toBe('Prepare for the session');
    expect(await view.main.textContent()).toContain('Children due for case supervision');
    await expectNoAxeViolations(page);

    // Nothing typed: the message names the field and the summary links to it.
    await follow(page, page.getByRole('button', { name: 'Add to agenda' }).click());
    expect(await view.errorSummary.textContent()).toContain('Enter what you want to discuss');
    await page.locator('.govuk-error-summary a').click();
    expect(await view.focused.getAttribute('id')).toBe('text');
    await expectNoAxeViolations(page);

    await page.locator('#text').fill('Support with the Hargreaves case conference');
    await follow(page, page.getByRole('button', { name: 'Add to agenda' }).click());
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Agenda item added',
    );
    expect(await page.locator('#agenda ~ ul').first().textContent()).toContain(
      'Support with the Hargreaves case conference',
    );
    await expectNoAxeViolations(page);
  });

  test('booking a session works without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const view = new OversightPage(page);
    await signIn(page, 'supervisor@northshire.example');
    // axe runs in the page's JavaScript, so these pages are checked in the test below.
    await page.goto('/planning/sessions/new');
    await page.getByLabel('One-to-one supervision').check();
    await follow(page, page.getByRole('button', { name: 'Continue' }).click());
    expect(await view.heading.textContent()).toBe('Book a one-to-one supervision');
    await page.locator('#superviseeId').selectOption({
      label: 'Fatima Hussain – Social Worker, Assessment and Intervention Team North',
    });
    const date = calendar.nextWorkingDayOnOrAfter(addDays(isoDateAt(new Date()), 200));
    await fillDate(page, 'date', date);
    await page.locator('#startsAt').fill('15:00');
    await follow(page, page.getByRole('button', { name: 'Book session' }).click());
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Session booked',
    );
    expect(await view.heading.textContent()).toBe(`${govukDate(date)}, 15:00 to 16:30`);
  });

  test('the booking pages and the team view pass axe', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'senior.manager@northshire.example');
    await page.goto('/planning/sessions/new');
    await expectNoAxeViolations(page);
    // Nothing chosen: the error names the question.
    await follow(page, page.getByRole('button', { name: 'Continue' }).click());
    expect(await view.errorSummary.textContent()).toContain('Select the kind of session');
    await expectNoAxeViolations(page);
    await page.getByLabel('Group supervision').check();
    await follow(page, page.getByRole('button', { name: 'Continue' }).click());
    expect(await view.heading.textContent()).toBe('Book a group supervision');
    await page.locator('#team').selectOption({ label: 'Child Protection and Court Team North' });
    await follow(page, page.getByRole('button', { name: 'Continue' }).click());
    expect(await view.main.textContent()).toContain('Who is attending?');
    await expectNoAxeViolations(page);
    await follow(page, page.getByRole('button', { name: 'Book session' }).click());
    expect(await view.errorSummary.textContent()).toContain('Select at least one person to attend');
    await expectNoAxeViolations(page);

    await page.goto('/planning/teams');
    await expectNoAxeViolations(page);
    await page.locator('#team').selectOption({ label: 'Assessment and Intervention Team North' });
    await follow(page, page.getByRole('button', { name: 'Show team' }).click());
    expect(await view.heading.textContent()).toBe('Assessment and Intervention Team North');
    await expectNoAxeViolations(page);
  });
});
