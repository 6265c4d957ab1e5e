import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isoDateAt } from '../../src/domain/calendar/iso-date.ts';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';
import { addStatus, insertChild } from '../support/children.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool } = await testApp();
const baseURL = await serve(app);

const child = await insertChild(pool, {
  caseId: 'WALK-0001',
  name: 'Iris Quillwalker',
  dateOfBirth: '2017-06-14',
  openedOn: '2025-09-01',
});
await addStatus(pool, child, 'child_in_need', '2025-09-01');

let browser: Browser;

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...options });
  return context.newPage();
}

/** Clicks and waits for the page the click leads to. */
async function follow(page: Page, click: Promise<void>) {
  await Promise.all([page.waitForNavigation(), click]);
}

async function fillDate(page: Page, name: string, day: string, month: string, year: string) {
  await page.locator(`#${name}-day`).fill(day);
  await page.locator(`#${name}-month`).fill(month);
  await page.locator(`#${name}-year`).fill(year);
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the children register in a browser', () => {
  test('an administrator finds a child, allocates a worker and closes the involvement', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'admin@northshire.example');

    // The list, from the service navigation.
    await follow(
      page,
      page.locator('.govuk-service-navigation').getByRole('link', { name: 'Children' }).click(),
    );
    expect(view.path).toBe('/children');
    expect(await view.heading.textContent()).toBe('Children');
    await expectNoAxeViolations(page);

    await page.locator('#q').fill('WALK-0001');
    await follow(page, view.main.getByRole('button', { name: 'Search' }).click());
    expect(new URL(page.url()).search).toContain('q=WALK-0001');
    const rows = view.main.locator('table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Iris Quillwalker');
    expect(await rows.first().textContent()).toContain('Child in need');
    await expectNoAxeViolations(page);

    // The child's page.
    await follow(page, view.main.getByRole('link', { name: 'WALK-0001' }).click());
    expect(view.path).toBe(`/children/${child}`);
    expect(await view.heading.textContent()).toBe('Iris Quillwalker');
    await expectNoAxeViolations(page);

    // Allocating: first without choosing, to see the errors, then properly.
    await follow(page, view.main.getByRole('button', { name: 'Allocate a worker' }).click());
    expect(await view.heading.textContent()).toBe('Allocate a worker');
    await expectNoAxeViolations(page);
    await follow(page, view.main.getByRole('button', { name: 'Save' }).click());
    expect(await page.title()).toMatch(/^Error: /);
    expect(await view.errorSummary.getByRole('link').allTextContents()).toEqual([
      'Select a worker',
      "Select the worker's role",
      'Enter the date the allocation started',
    ]);
    await expectNoAxeViolations(page);
    await view.errorSummary.getByRole('link', { name: 'Select a worker' }).click();
    await expect.poll(() => view.focused.getAttribute('id')).toBe('workerId');

    await page
      .locator('#workerId')
      .selectOption({ label: 'Jordan Ellis (Assessment and Intervention Team North)' });
    await page.getByLabel('Key worker').check();
    await fillDate(page, 'startsOn', '1', '10', '2025');
    await follow(page, view.main.getByRole('button', { name: 'Save' }).click());
    expect(view.path).toBe(`/children/${child}`);
    const allocations = view.main.getByRole('region', { name: 'Allocations' });
    expect(await allocations.textContent()).toContain('Jordan Ellis');
    expect(await allocations.textContent()).toContain('1 October 2025');
    await expectNoAxeViolations(page);

    // Closing, with the check-your-answers page before it happens.
    await follow(
      page,
      view.main.getByRole('button', { name: "Close the child's involvement" }).click(),
    );
    expect(await view.heading.textContent()).toBe("Close the child's involvement");
    await expectNoAxeViolations(page);
    await fillDate(page, 'closedOn', '1', '8', '2025');
    await follow(page, view.main.getByRole('button', { name: 'Continue' }).click());
    expect(await view.errorSummary.getByRole('link').allTextContents()).toEqual([
      'Closing date must be the same as or after the date the involvement opened, 1 September 2025',
    ]);
    await expectNoAxeViolations(page);

    const [year, month, day] = isoDateAt(new Date()).split('-').map(Number);
    await fillDate(page, 'closedOn', String(day), String(month), String(year));
    await follow(page, view.main.getByRole('button', { name: 'Continue' }).click());
    expect(view.path).toBe(`/children/${child}/close/check`);
    const ending = (await view.main.textContent()) ?? '';
    expect(ending).toContain('Child in need, from 1 September 2025');
    expect(ending).toContain('Jordan Ellis, key worker, from 1 October 2025');
    await expectNoAxeViolations(page);

    await follow(
      page,
      view.main.getByRole('button', { name: "Close the child's involvement" }).click(),
    );
    expect(view.path).toBe(`/children/${child}`);
    expect(await view.main.textContent()).toContain('The involvement closed on');
    expect(await view.main.getByRole('link', { name: 'End', exact: false }).count()).toBe(0);
    await expectNoAxeViolations(page);

    const { rows: stored } = await pool.query(
      'SELECT closed_on, (SELECT ends_on FROM child_allocation WHERE child_id = $1) AS ended FROM child WHERE id = $1',
      [child],
    );
    expect(stored[0].closed_on).not.toBeNull();
    expect(stored[0].ended).toBe(stored[0].closed_on);
  });

  test('every other page of the register passes axe, errors and conflicts included', async () => {
    const other = await insertChild(pool, { caseId: 'WALK-0003', name: 'Jude Quillpage' });
    await addStatus(pool, other, 'early_help', '2025-09-01');
    for (let n = 1; n <= 60; n++) await insertChild(pool, { caseId: `AXE-${n}`, name: `Axe ${n}` });
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'admin@northshire.example');
    const url = `/children/${other}`;

    // A list with pagination, and one with nothing in it.
    await page.goto('/children?q=AXE-&page=2');
    expect(await view.main.locator('.govuk-pagination').count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.goto('/children?q=nobody-has-this');
    expect(await view.main.textContent()).toContain('No children found');
    await expectNoAxeViolations(page);

    // Each form, empty and then with its errors.
    for (const [path, button] of [
      ['/children/new', 'Add the child'],
      [`${url}/edit`, 'Save'],
      [`${url}/statuses/new`, 'Save'],
      [`${url}/flags/new`, 'Save'],
      [`${url}/events/new`, 'Save'],
      [`${url}/statuses/early_help/2025-09-01/end`, 'End the status'],
      [`${url}/close`, 'Continue'],
    ] as const) {
      await page.goto(path);
      expect(await view.heading.count(), path).toBe(1);
      await expectNoAxeViolations(page);
      if (path.endsWith('/edit')) await page.locator('#caseId').fill('');
      await follow(page, view.main.getByRole('button', { name: button }).click());
      expect(await view.errorSummary.count(), path).toBe(1);
      await expectNoAxeViolations(page);
    }

    // The conflict page: the details change between opening the form and saving it.
    await page.goto(`${url}/edit`);
    await pool.query(
      "UPDATE child SET name = 'Jude Quillpage-Jones', updated_at = now() WHERE id = $1",
      [other],
    );
    await page.locator('#name').fill('Jude Quill');
    await follow(page, view.main.getByRole('button', { name: 'Save' }).click());
    expect(await view.heading.textContent()).toBe("Someone else has changed this child's details");
    await expectNoAxeViolations(page);
    await follow(page, view.main.getByRole('button', { name: 'Save your changes' }).click());
    expect(await view.heading.textContent()).toBe('Jude Quill');

    // Reopening a closed child.
    await pool.query("UPDATE child SET closed_on = '2026-01-01' WHERE id = $1", [other]);
    await page.goto(`${url}/reopen`);
    await expectNoAxeViolations(page);
    await follow(
      page,
      view.main.getByRole('button', { name: "Reopen the child's involvement" }).click(),
    );
    expect(view.path).toBe(url);
  });

  test('a child can be added with JavaScript switched off', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const view = new OversightPage(page);
    await signIn(page, 'admin@northshire.example');
    await page.goto('/children/new');
    await page.locator('#caseId').fill('WALK-0002');
    await fillDate(page, 'expectedDateOfBirth', '1', '3', '2031');
    await fillDate(page, 'openedOn', '2', '1', '2025');
    await follow(page, view.main.getByRole('button', { name: 'Add the child' }).click());
    expect(view.path).toMatch(/^\/children\/[0-9a-f-]{36}$/);
    expect(await view.heading.textContent()).toBe('Unborn child');
    expect(await view.main.textContent()).toContain('1 March 2031');
  });
});
