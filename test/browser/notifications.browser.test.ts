import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, isoDateAt } from '../../src/domain/calendar/index.ts';
import { bookSession, eventsOf } from '../integration/notifications-helpers.ts';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool, services } = await testApp();
const baseURL = await serve(app);

// Two sessions booked for Jordan Ellis with Daniel Okafor, and the jobs run: each of them has
// two notifications and two emails held in the outbox (no SMTP here).
const today = isoDateAt(new Date());
for (const days of [8, 22])
  await bookSession(pool, {
    supervisor: 'tm-ait',
    participants: ['sw-ait-1'],
    date: addDays(today, days),
    startsAt: '10:00',
  });
await services.jobs.runDue(new Date(Date.now() + 1000));

let browser: Browser;

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...options });
  return context.newPage();
}

/** Clicks and waits for the page the click leads to (waiting first, so it is not missed). */
async function follow(page: Page, click: () => Promise<void>) {
  await Promise.all([page.waitForNavigation(), click()]);
}

const navigation = (page: Page) => page.locator('.govuk-service-navigation');

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('notifications, the calendar feed and the outbox in a browser', () => {
  test('a practitioner reads their notifications and marks them read', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'practitioner@northshire.example');

    await follow(page, () =>
      navigation(page).getByRole('link', { name: 'Notifications (2)' }).click(),
    );
    expect(view.path).toBe('/notifications');
    expect(await view.heading.textContent()).toBe('Notifications');
    expect(await view.main.getByText('You have 2 unread notifications.').count()).toBe(1);
    expect(await view.main.locator('h2', { hasText: 'Supervision booked:' }).count()).toBe(2);
    await expectNoAxeViolations(page);

    const first = view.main
      .getByRole('button', { name: /^Mark as read\W+Supervision booked/ })
      .first();
    await follow(page, () => first.click());
    expect(view.path).toBe('/notifications');
    expect(await navigation(page).getByRole('link', { name: 'Notifications (1)' }).count()).toBe(1);
    expect(await view.main.getByText('You have 1 unread notification.').count()).toBe(1);

    await follow(page, () => view.main.getByRole('button', { name: 'Mark all as read' }).click());
    expect(await view.main.getByText('All your notifications are marked as read').count()).toBe(1);
    expect(
      await navigation(page).getByRole('link', { name: 'Notifications', exact: true }).count(),
    ).toBe(1);
    await expectNoAxeViolations(page);
  });

  test('marking read works without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const view = new OversightPage(page);
    await signIn(page, 'supervisor@northshire.example');
    await page.goto('/notifications');
    expect(await view.main.getByText('You have 2 unread notifications.').count()).toBe(1);
    await follow(page, () =>
      view.main
        .getByRole('button', { name: /^Mark as read\W+Supervision booked/ })
        .first()
        .click(),
    );
    expect(await view.main.getByText('You have 1 unread notification.').count()).toBe(1);
    expect(await navigation(page).getByRole('link', { name: 'Notifications (1)' }).count()).toBe(1);
  });

  test('a supervisor sets up a calendar feed, copies its address, and stops it', async () => {
    const page = await newPage();
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const view = new OversightPage(page);
    await signIn(page, 'supervisor@northshire.example');
    await page.goto('/notifications');
    await follow(page, () =>
      view.main.getByRole('link', { name: 'set up your calendar feed' }).click(),
    );
    expect(await view.heading.textContent()).toBe('Your calendar feed');
    await expectNoAxeViolations(page);

    await follow(page, () =>
      view.main.getByRole('button', { name: 'Create a calendar feed address' }).click(),
    );
    const address = await page.locator('#feed-url').inputValue();
    expect(address).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    await expectNoAxeViolations(page);

    // The Copy button appears with JavaScript and puts the address on the clipboard.
    await view.main.getByRole('button', { name: 'Copy the address' }).click();
    await page.getByText('The address has been copied.').waitFor();
    type InPage = { navigator: { clipboard: { readText(): Promise<string> } } };
    const copied = await page.evaluate(() =>
      (globalThis as unknown as InPage).navigator.clipboard.readText(),
    );
    expect(copied).toBe(address);

    // The address works: a calendar that calendar programs can read.
    const feed = await page.request.get(address);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect(eventsOf(await feed.text()).events.length).toBeGreaterThan(1);

    // Seen again later, the address is not shown.
    await page.goto('/calendar-feed');
    expect(await page.locator('#feed-url').count()).toBe(0);
    await follow(page, () =>
      view.main.getByRole('button', { name: 'Stop your calendar feed' }).click(),
    );
    expect(await view.main.getByText('Your calendar feed has stopped.').count()).toBe(1);
    await expectNoAxeViolations(page);
    expect((await page.request.get(address)).status()).toBe(404);
  });

  test('without JavaScript the address is there to select, with no Copy button', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, 'asye@northshire.example');
    await page.goto('/calendar-feed');
    await follow(page, () =>
      page.getByRole('button', { name: 'Create a calendar feed address' }).click(),
    );
    expect(await page.locator('#feed-url').inputValue()).toMatch(/\.ics$/);
    expect(await page.getByRole('button', { name: 'Copy the address' }).isVisible()).toBe(false);
  });

  test('an administrator reads the outbox and downloads an invitation', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'admin@northshire.example');
    await page.goto('/organisation');
    await follow(page, () => view.main.getByRole('link', { name: 'View the outbox' }).click());
    expect(view.path).toBe('/organisation/outbox');
    expect(await view.heading.textContent()).toBe('Outbox');
    expect(await view.main.getByText('Email is not set up (SMTP_URL is not set)').count()).toBe(1);
    await expectNoAxeViolations(page);

    const details = view.main.locator('details').first();
    await details.locator('summary').click();
    expect(await details.getByText(/^Dear /).count()).toBe(1);
    await expectNoAxeViolations(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      view.main
        .getByRole('link', { name: /^Download/ })
        .first()
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('invitation.ics');
  });
});
