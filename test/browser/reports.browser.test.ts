import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);
const supervisor = 'supervisor@northshire.example';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return page;
}

/** Clicks and waits for the page the click leads to. */
async function follow(page: Page, click: Promise<void>) {
  await Promise.all([page.waitForNavigation(), click]);
}

describe('reports in a browser', () => {
  test('the list, a report and its print view, each without accessibility failures', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, supervisor);

    await page.goto('/reports');
    expect(await view.heading.textContent()).toBe('Reports');
    await expectNoAxeViolations(page);

    // A date that is not real: the summary names the field and leads to it.
    await page.getByLabel('Supervision frequency').check();
    await page.locator('#asOf-day').fill('31');
    await page.locator('#asOf-month').fill('2');
    await follow(page, view.main.getByRole('button', { name: 'Show the report' }).click());
    expect(await view.errorSummary.textContent()).toContain('The as-of date must be a real date');
    await expectNoAxeViolations(page);

    // 1 February last year: always in the past, so the figures are replayed.
    const lastYear = new Date().getFullYear() - 1;
    await page.locator('#asOf-day').fill('1');
    await page.locator('#asOf-year').fill(String(lastYear));
    await follow(page, view.main.getByRole('button', { name: 'Show the report' }).click());
    expect(await view.heading.textContent()).toBe('Supervision frequency');
    expect(page.url()).toMatch(new RegExp(`asOf=${lastYear}-02-01$`));
    expect(await page.locator('table').count()).toBe(2);
    await expectNoAxeViolations(page);

    await follow(page, view.main.getByRole('link', { name: 'Print view' }).click());
    expect(await page.locator('.govuk-service-navigation').count()).toBe(0);
    expect(await view.main.textContent()).toContain('Printed from Oversight');
    await expectNoAxeViolations(page);
  });
});
