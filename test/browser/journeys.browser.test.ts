import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { UserRole } from '../../src/domain/organisation/vocabulary.ts';
import {
  type DemoAccount,
  demoAccounts,
  demoPassword,
} from '../../src/services/demo/demo-organisation.ts';
import { testApp } from '../support/app.ts';
import {
  axeTally,
  expectNoAxeViolations,
  fillSignInForm,
  launchBrowser,
  serve,
  signIn,
} from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

/** Text the home page must show for each role a person holds. */
const homeContentByRole: Record<UserRole, string[]> = {
  practitioner: [
    'Your supervisors',
    'Your next supervision',
    'Records awaiting your signature',
    'Your open actions',
    'Your children due for case supervision',
  ],
  supervisor: ['People you supervise', 'Dashboards and reports'],
  senior_manager: ['Dashboards and reports'],
  auditor: ['Audits assigned to you'],
  administrator: [
    'Northshire County Council (demo)',
    'Policy pack',
    'Services, areas and teams',
    'User accounts',
    'Import staff and children',
  ],
  investigating_officer: ['Records you have been granted access to'],
  inspector: ['Records you have been granted access to'],
};

let browser: Browser;

/** A new browser context (its own cookies) and page; browser.close() ends them all. */
async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...options });
  return context.newPage();
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  console.log(
    `axe: ${axeTally.pages} pages checked (${axeTally.urls.size} distinct paths), ` +
      `${axeTally.violations} violations`,
  );
});

describe('every demo account, end to end', () => {
  test.each(demoAccounts.map((account) => [account.kind, account] as const))(
    '%s: sign in, home, every linked page, sign out',
    async (_kind, account: DemoAccount) => {
      const page = await newPage();
      const view = new OversightPage(page);

      const signInResponse = await page.goto('/sign-in');
      expect(signInResponse?.status()).toBe(200);
      await expect.poll(() => view.heading.textContent()).toBe('Sign in to Oversight');
      await expectNoAxeViolations(page);

      await signIn(page, account.email);
      expect(view.path).toBe('/');
      expect((await view.heading.textContent())?.trim()).toBe(account.name);
      expect(await page.locator('.app-signed-in').textContent()).toContain(
        `Signed in as ${account.name}`,
      );
      const mainText = (await view.main.textContent()) ?? '';
      for (const role of account.roles) {
        for (const text of homeContentByRole[role])
          expect(mainText, `${role}: ${text}`).toContain(text);
      }
      if (!account.roles.includes('administrator')) expect(mainText).not.toContain('Policy pack');
      if (!account.roles.includes('supervisor'))
        expect(mainText).not.toContain('People you supervise');
      // Panels of work still to come (audits) say so plainly rather than show made-up figures.
      if (account.roles.includes('auditor')) {
        await expect.poll(() => page.getByText('Not built yet').count()).toBeGreaterThan(0);
      }
      if (account.email === 'supervisor@northshire.example') {
        // Daniel Okafor manages the Assessment and Intervention Team North.
        expect(mainText).toContain('Jordan Ellis');
        expect(mainText).toContain('Chloe Martin');
      }
      await expectNoAxeViolations(page);

      const linked = await view.chromeLinks();
      expect(await page.getByRole('contentinfo').count(), 'footer landmark').toBe(1);
      expect(await page.getByRole('banner').count(), 'header landmark').toBe(1);
      expect(linked).toEqual(
        expect.arrayContaining(['/', '/sign-out', '/accessibility', '/privacy']),
      );
      for (const path of linked.filter((p) => p !== '/')) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        // "Dashboards" takes each person to theirs: the organisation's or their team's.
        if (path === '/dashboards') expect(view.path, path).toMatch(/^\/dashboards\/.+/);
        else expect(view.path, path).toBe(path);
        expect(await view.heading.count(), path).toBe(1);
        await expectNoAxeViolations(page);
      }

      const missing = await page.goto('/no-such-page');
      expect(missing?.status()).toBe(404);
      expect(await view.heading.textContent()).toBe('Page not found');
      await expectNoAxeViolations(page);

      await page.goto('/sign-out');
      expect(await view.heading.textContent()).toBe('Sign out of Oversight');
      await Promise.all([
        page.waitForURL('**/signed-out'),
        view.main.getByRole('button', { name: 'Sign out' }).click(),
      ]);
      expect(await view.heading.textContent()).toBe('You have signed out');
      expect(await page.locator('.app-signed-in').count()).toBe(0);
      await expectNoAxeViolations(page);

      // Signed out means signed out: home sends you back to the sign-in page.
      await page.goto('/');
      expect(view.path).toBe('/sign-in');
    },
  );
});

describe('signing in', () => {
  test('a wrong password shows the GOV.UK error summary, linked to the email field', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await page.goto('/sign-in');
    await fillSignInForm(page, 'admin@northshire.example', 'not-the-password');

    expect(view.path).toBe('/sign-in');
    expect(await page.title(), (await view.main.textContent()) ?? '').toMatch(/^Error: /);
    await expect.poll(() => view.errorSummary.isVisible()).toBe(true);
    expect((await view.errorSummary.locator('h2').textContent())?.trim()).toBe(
      'There is a problem',
    );
    const link = view.errorSummary.getByRole('link', {
      name: 'Enter a correct email address and password',
    });
    expect(await link.getAttribute('href')).toBe('#email');
    // The same message sits next to the field, and the field points at it for screen readers.
    expect(await page.locator('#email-error').textContent()).toContain(
      'Enter a correct email address and password',
    );
    expect(await page.locator('#email').getAttribute('aria-describedby')).toContain('email-error');
    // govuk-frontend moves focus to the summary so screen readers announce it.
    await expect.poll(() => view.focused.getAttribute('class')).toContain('govuk-error-summary');
    await expectNoAxeViolations(page);

    await link.click();
    await expect.poll(() => view.focused.getAttribute('id')).toBe('email');
    // What was typed is kept; the password is not.
    expect(await page.locator('#email').inputValue()).toBe('admin@northshire.example');
    expect(await page.locator('#password').inputValue()).toBe('');
  });

  test('empty fields are named in the error summary', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await page.goto('/sign-in');
    await fillSignInForm(page, '', '');
    const links = view.errorSummary.getByRole('link');
    expect(await links.allTextContents()).toEqual([
      'Enter your email address',
      'Enter your password',
    ]);
    expect(await page.locator('#email-error').textContent()).toContain('Enter your email address');
    expect(await page.locator('#password-error').textContent()).toContain('Enter your password');
    await expectNoAxeViolations(page);
  });

  test('works with JavaScript switched off', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const view = new OversightPage(page);
    await signIn(page, 'practitioner@northshire.example');
    expect(view.path).toBe('/');
    expect(await view.heading.textContent()).toBe('Jordan Ellis');
    // (axe needs JavaScript, so it runs on these same pages in the journeys above instead.)

    await page.goto('/sign-out');
    await Promise.all([
      page.waitForURL('**/signed-out'),
      view.main.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    expect(await view.heading.textContent()).toBe('You have signed out');
  });

  test('a page asked for before signing in is shown after signing in', async () => {
    const page = await newPage();
    await page.goto('/');
    expect(new URL(page.url()).search).toBe('?next=%2F');
    await fillSignInForm(page, 'auditor@northshire.example', demoPassword);
    expect(new URL(page.url()).pathname).toBe('/');
  });
});

describe('keyboard', () => {
  test('the first Tab from the top of the page reaches "Skip to main content"', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    for (const path of ['/sign-in', '/accessibility']) {
      await page.goto(path);
      await page.keyboard.press('Tab');
      expect((await view.focused.textContent())?.trim(), path).toBe('Skip to main content');
      await page.keyboard.press('Enter');
      // Following the link is a same-page navigation: wait for it rather than race it.
      await expect.poll(() => new URL(page.url()).hash, { message: path }).toBe('#main-content');
      await expect
        .poll(() => view.focused.getAttribute('id'), { message: path })
        .toBe('main-content');
    }
  });

  test('a signed-in person can reach the skip link first too', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'supervisor@northshire.example');
    await page.keyboard.press('Tab');
    expect((await view.focused.textContent())?.trim()).toBe('Skip to main content');
  });
});
