import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';

const { app } = await testApp();
const baseURL = await serve(app);
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('policy pages pass axe', { timeout: 240_000 }, async () => {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signIn(page, 'admin@northshire.example');
  for (const url of [
    '/organisation/policy',
    '/organisation/policy/pack',
    '/organisation/policy/rules',
    '/organisation/policy/rules/staffSupervision',
    '/organisation/policy/rules/terminology',
    '/organisation/policy/templates',
    '/organisation/policy/templates/personal-supervision-record',
    '/organisation/policy/versions',
    '/organisation/policy/versions/1',
    '/organisation/policy/import',
  ]) {
    await page.goto(url);
    await expectNoAxeViolations(page);
  }
  await page.goto('/organisation/policy/rules/caseSupervision');
  await page.locator('#rule-child-in-need-3-monthly-interval').fill('0');
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Preview the change' }).click(),
  ]);
  expect(await page.locator('.govuk-error-summary').count()).toBe(1);
  await expectNoAxeViolations(page);
  await page.locator('#rule-child-in-need-3-monthly-interval').fill('1');
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Preview the change' }).click(),
  ]);
  expect(await page.locator('h1').textContent()).toBe('Check what the change does');
  await expectNoAxeViolations(page);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Save as version 2' }).click(),
  ]);
  await expectNoAxeViolations(page);
  await page.locator('#reason').fill('Monthly');
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Save as version 2' }).click(),
  ]);
  expect(page.url()).toContain('/organisation/policy/versions/2');
  await expectNoAxeViolations(page);
  await page.goto('/organisation/policy/templates/personal-supervision-record');
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Add the section' }).click(),
  ]);
  await expectNoAxeViolations(page);
});

test('Enter in a text field of a template adds what was typed', { timeout: 120_000 }, async () => {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signIn(page, 'admin@northshire.example');
  await page.goto('/organisation/policy/templates/personal-supervision-record');
  const headings = page.locator('#sections h2');
  const sections = await headings.count();
  await page.locator('#sectionHeading').fill('Reflective practice');
  await Promise.all([page.waitForNavigation(), page.locator('#sectionHeading').press('Enter')]);
  // Added at the end; no section moved or removed.
  expect(await headings.count()).toBe(sections + 1);
  expect(await headings.last().textContent()).toBe(`${sections + 1}. Reflective practice`);
  await page.locator('#fieldSection').selectOption({ label: 'Reflective practice' });
  await page.locator('#fieldLabel').fill('What went well');
  await Promise.all([page.waitForNavigation(), page.locator('#fieldLabel').press('Enter')]);
  expect(await headings.count()).toBe(sections + 1);
  expect(await page.locator('table').last().textContent()).toContain('What went well');
  expect(await page.locator('#fieldLabel').inputValue()).toBe('');
});
