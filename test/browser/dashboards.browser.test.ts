import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

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

describe('dashboards in a browser', () => {
  test('a team manager reads the team dashboard, sorts it and follows a figure to its obligations', async () => {
    const page = await newPage();
    await signIn(page, 'supervisor@northshire.example');
    await page.goto('/dashboards');
    await expect
      .poll(() => page.locator('h1').textContent())
      .toContain('Assessment and Intervention Team North');
    await expectNoAxeViolations(page);
    // The trend chart is an image with a name, and its figures are in a table beside it.
    expect(await page.locator('.app-chart svg[role="img"]').count()).toBe(1);
    expect(
      await page.getByRole('img', { name: /Share met on time each month/ }).count(),
    ).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Share met on time each month' }).count()).toBe(1);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Name' }).first().click(),
    ]);
    expect(await page.locator('th[aria-sort="ascending"]', { hasText: 'Name' }).count()).toBe(1);
    await Promise.all([
      page.waitForNavigation(),
      page
        .getByRole('link', { name: /^Obligations for / })
        .first()
        .click(),
    ]);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toContain('Obligations behind the figures');
    await expectNoAxeViolations(page);
  });

  test('a senior manager drills down from the organisation to a team, with the keyboard', async () => {
    const page = await newPage();
    await signIn(page, 'senior.manager@northshire.example');
    await page.goto('/dashboards');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Northshire');
    await expectNoAxeViolations(page);
    const service = page.getByRole('link', { name: "Children's Social Work Service" });
    await service.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toContain("Children's Social Work Service");
    await expectNoAxeViolations(page);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'North Area' }).first().click(),
    ]);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Assessment and Intervention Team North' }).first().click(),
    ]);
    await expect
      .poll(() => page.locator('.govuk-caption-l').first().textContent())
      .toContain('Team dashboard');
  });

  test('the practitioner’s home shows their own work', async () => {
    const page = await newPage();
    await signIn(page, 'practitioner@northshire.example');
    const main = (await page.locator('main').textContent()) ?? '';
    for (const heading of [
      'Your next supervision',
      'Records awaiting your signature',
      'Your open actions',
      'Your children due for case supervision',
    ])
      expect(main).toContain(heading);
    await expectNoAxeViolations(page);
  });
});
