import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, isoDateAt } from '../../src/domain/calendar/index.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import {
  axeTally,
  expectNoAxeViolations,
  launchBrowser,
  serve,
  signIn,
} from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

let browser: Browser;

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...options });
  return context.newPage();
}

/** Clicks and waits for the page it leads to. */
async function follow(page: Page, click: () => Promise<void>) {
  await Promise.all([page.waitForNavigation(), click()]);
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
  console.log(
    `axe: ${axeTally.pages} pages checked (${axeTally.urls.size} distinct paths), ` +
      `${axeTally.violations} violations`,
  );
});

describe('organisation and staff pages', () => {
  test('an administrator finds a worker, edits their record and changes their supervisor', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'admin@northshire.example');

    await follow(page, () =>
      page.locator('.govuk-service-navigation').getByRole('link', { name: 'Organisation' }).click(),
    );
    expect(await view.heading.textContent()).toBe('Organisation');
    await expectNoAxeViolations(page);

    await follow(page, () =>
      page.getByRole('link', { name: 'View services, areas and teams' }).click(),
    );
    expect(view.path).toBe('/organisation/units');
    await expectNoAxeViolations(page);
    await follow(page, () =>
      view.main.getByRole('link', { name: 'Assessment and Intervention Team North' }).click(),
    );
    await expectNoAxeViolations(page);
    await follow(page, () => view.main.getByRole('link', { name: 'Change' }).click());
    expect(await view.heading.textContent()).toBe('Edit unit');
    await expectNoAxeViolations(page);

    // The staff list, filtered by team and name.
    await page.goto('/staff');
    expect(await view.heading.textContent()).toBe('Staff');
    await expectNoAxeViolations(page);
    await page.locator('#team').selectOption({ label: 'Assessment and Intervention Team North' });
    await page.locator('#q').fill('ellis');
    await follow(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
    const rows = view.main.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await expectNoAxeViolations(page);

    // The worker's page.
    await follow(page, () => view.main.getByRole('link', { name: 'Jordan Ellis' }).click());
    expect(await view.heading.textContent()).toBe('Jordan Ellis');
    expect(await view.main.textContent()).toContain('Worker’s details');
    await expectNoAxeViolations(page);

    // Edit: a mistake first, shown in the error summary and beside the field.
    await follow(page, () => view.main.getByRole('link', { name: 'Change (Employment)' }).click());
    expect(await view.heading.textContent()).toBe('Edit employment details');
    await expectNoAxeViolations(page);
    await page.locator('#contractedHours').fill('90');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.title()).toMatch(/^Error: /);
    await expect.poll(() => view.errorSummary.isVisible()).toBe(true);
    const link = view.errorSummary.getByRole('link', {
      name: 'Contracted hours must be more than 0 and no more than 80',
    });
    expect(await link.getAttribute('href')).toBe('#contractedHours');
    expect(await page.locator('#contractedHours-error').textContent()).toContain(
      'Contracted hours must be more than 0 and no more than 80',
    );
    await expectNoAxeViolations(page);
    await page.locator('#contractedHours').fill('30');
    await page.locator('#jobTitle').fill('Senior Social Worker');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await view.heading.textContent()).toBe('Jordan Ellis');
    const saved = (await view.main.textContent()) ?? '';
    expect(saved).toContain('Record saved');
    expect(saved).toContain('30 hours a week');
    await expectNoAxeViolations(page);

    // Change of supervisor: nothing chosen first, then the change.
    await follow(page, () => view.main.getByRole('button', { name: 'Change supervisor' }).click());
    expect(await view.heading.textContent()).toBe('Change supervisor');
    await expectNoAxeViolations(page);
    await follow(page, () => view.main.getByRole('button', { name: 'Change supervisor' }).click());
    expect(await view.errorSummary.getByRole('link').allTextContents()).toEqual([
      'Select the new supervisor',
      'Enter the date the change takes effect',
    ]);
    await expectNoAxeViolations(page);
    const from = addDays(isoDateAt(new Date()), 7);
    await page.locator('#supervisorId').selectOption({
      label: 'Nadia Kowalski – Advanced Practitioner, Assessment and Intervention Team North',
    });
    await fillDate(page, 'startsOn', from);
    await page.getByLabel('Also make the new supervisor').check();
    await follow(page, () => view.main.getByRole('button', { name: 'Change supervisor' }).click());
    const panel = page.locator('.govuk-panel');
    expect(await panel.textContent()).toContain('Supervisor changed');
    expect(await panel.textContent()).toContain(
      `Nadia Kowalski supervises Jordan Ellis from ${govukDate(from)}`,
    );
    await expectNoAxeViolations(page);

    await follow(page, () => view.main.getByRole('link', { name: 'Back to Jordan Ellis' }).click());
    const lineManager = view.main
      .locator('.govuk-summary-list__row', { hasText: 'Line manager' })
      .locator('.govuk-summary-list__value');
    expect((await lineManager.textContent())?.trim()).toBe('Nadia Kowalski');
    await expectNoAxeViolations(page);
  });

  test('absences and cover work with JavaScript switched off', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const view = new OversightPage(page);
    await signIn(page, 'admin@northshire.example');
    await page.goto('/staff?q=ashworth');
    await follow(page, () => view.main.getByRole('link', { name: 'Ben Ashworth' }).click());
    const person = view.path;

    await follow(page, () => view.main.getByRole('button', { name: 'Add an absence' }).click());
    await page.getByLabel('Sickness').check();
    await fillDate(page, 'startsOn', isoDateAt(new Date()));
    await follow(page, () => page.getByRole('button', { name: 'Save absence' }).click());
    expect(view.path).toBe(person);
    expect(await view.main.textContent()).toContain('Still away');

    await follow(page, () => view.main.getByRole('link', { name: /^Record return/ }).click());
    await fillDate(page, 'endsOn', addDays(isoDateAt(new Date()), 2));
    await follow(page, () => page.getByRole('button', { name: 'Record return' }).click());
    expect(await view.main.textContent()).toContain('Return recorded');

    await follow(page, () =>
      view.main.getByRole('button', { name: 'Add temporary cover' }).click(),
    );
    await page.locator('#supervisorId').selectOption({ index: 1 });
    await fillDate(page, 'startsOn', addDays(isoDateAt(new Date()), 1));
    await fillDate(page, 'endsOn', addDays(isoDateAt(new Date()), 5));
    await follow(page, () => page.getByRole('button', { name: 'Add cover' }).click());
    expect(await view.main.textContent()).toContain('Temporary cover added');
  });
});
