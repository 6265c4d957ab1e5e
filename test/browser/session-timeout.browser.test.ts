import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPassword } from '../../src/services/demo/demo-organisation.ts';
import { testApp, testClock } from '../support/app.ts';
import {
  expectNoAxeViolations,
  fillSignInForm,
  launchBrowser,
  serve,
  signIn,
} from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// The server's clock and each page's clock move together, so half an hour passes in a moment.
// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const clock = testClock();
const { app, config } = await testApp({ clock });
const baseURL = await serve(app);
const minute = 60_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function signedInPage(path = '/'): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.clock.install({ time: clock.now });
  await signIn(page, 'practitioner@northshire.example');
  if (path !== '/') await page.goto(path);
  return page;
}

/** The person leaves the page alone: time passes for the server and the browser alike. */
async function leaveIdle(page: Page, ms: number) {
  clock.advance(ms);
  await page.clock.fastForward(ms);
}

const timeoutDialog = (page: Page) =>
  page.getByRole('dialog', { name: 'You will be signed out soon' });

const keepalive = (page: Page) =>
  page.waitForResponse((response) => new URL(response.url()).pathname === '/session/keepalive');

const focused = (page: Page) => page.locator(':focus');

describe('the session timeout warning', () => {
  test('warns two minutes before an idle session ends, and Stay signed in keeps the session', async () => {
    expect(config.sessionIdleMs).toBe(30 * minute);
    const page = await signedInPage();
    const dialog = timeoutDialog(page);
    const notifications = page.locator('.govuk-service-navigation').getByRole('link', {
      name: 'Notifications',
    });
    await notifications.focus();

    await leaveIdle(page, 26 * minute);
    expect(await dialog.isVisible()).toBe(false);

    // The server may have slid the expiry up to a minute before the page loaded, so the page
    // counts 29 minutes and warns 2 before.
    await leaveIdle(page, minute + 1000);
    await dialog.waitFor({ state: 'visible' });
    const countdown = dialog.locator('#session-timeout-countdown');
    expect(await countdown.textContent()).toBe('We will sign you out in 2 minutes.');
    expect(await countdown.getAttribute('aria-live')).toBe('polite');
    expect(await dialog.getAttribute('aria-describedby')).toContain('session-timeout-countdown');
    expect(await dialog.locator(':focus').count()).toBe(1);
    expect(await dialog.getByRole('link', { name: 'Sign out' }).getAttribute('href')).toBe(
      '/sign-out',
    );
    await expectNoAxeViolations(page);

    await leaveIdle(page, minute);
    expect(await countdown.textContent()).toBe('We will sign you out in 1 minute.');

    const [answer] = await Promise.all([
      keepalive(page),
      dialog.getByRole('button', { name: 'Stay signed in' }).click(),
    ]);
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({
      idleExpiresAt: new Date(clock.now.getTime() + 30 * minute).toISOString(),
    });
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page).getAttribute('href')).toBe('/notifications');

    // Well past the half hour after signing in: without the keepalive this would be signed out.
    await leaveIdle(page, 20 * minute);
    await page.reload();
    const view = new OversightPage(page);
    expect(view.path).toBe('/');
    expect(await page.locator('.app-signed-in').textContent()).toContain('Signed in as');
  });

  test('Escape means stay signed in', async () => {
    const page = await signedInPage();
    const dialog = timeoutDialog(page);
    await leaveIdle(page, 27 * minute + 1000);
    await dialog.waitFor({ state: 'visible' });

    const [answer] = await Promise.all([keepalive(page), page.keyboard.press('Escape')]);
    expect(answer.status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
  });

  test('when the time is up the page signs out and the sign-in page says why', async () => {
    const page = await signedInPage('/notifications');
    // What record-autosave.js listens for, to save one last time; kept across the navigation.
    await page.evaluate(
      "document.addEventListener('oversight:session-ending', () => sessionStorage.setItem('test:session-ending', 'heard'))",
    );
    await leaveIdle(page, 27 * minute + 1000);
    await timeoutDialog(page).waitFor({ state: 'visible' });

    await Promise.all([page.waitForURL('**/sign-in?next=*'), leaveIdle(page, 2 * minute)]);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/notifications');
    expect(await page.evaluate("sessionStorage.getItem('test:session-ending')")).toBe('heard');
    const view = new OversightPage(page);
    const notice = view.main.getByRole('region', { name: 'Important' });
    expect(await notice.textContent()).toContain(
      'You were signed out because Oversight was not used for 30 minutes',
    );
    await expectNoAxeViolations(page);

    // The session ended on the server too (it had a minute left), so keepalive is refused.
    const refused = await page.request.post('/session/keepalive', {
      form: { _csrf: 'any' },
      headers: { accept: 'application/json' },
    });
    expect(refused.status()).toBe(401);

    // Signing in again goes back to the page the person was on, and the notice has gone.
    await fillSignInForm(page, 'practitioner@northshire.example', demoPassword);
    expect(view.path).toBe('/notifications');
    expect(await page.getByText('You were signed out because').count()).toBe(0);
  });
});
